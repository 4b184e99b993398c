import type { Severity } from '../../shared/contract';

/** Severity as colour, symbol and word together: never colour alone. */
export const SEVERITY_PRESENTATION: Record<Severity, { label: string; symbol: string }> = {
  critical: { label: 'Critical', symbol: '‼' },
  high: { label: 'High', symbol: '!' },
  medium: { label: 'Medium', symbol: '▲' },
  low: { label: 'Low', symbol: '▽' },
  info: { label: 'Info', symbol: 'i' },
};
