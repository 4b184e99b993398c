import type { Severity } from '../../shared/contract';

/** Severity as colour, symbol and word together: never colour alone. */
export const SEVERITY_PRESENTATION: Record<Severity, { label: string; symbol: string }> = {
  critical: { label: 'Critical', symbol: '‼' },
  high: { label: 'High', symbol: '!' },
  medium: { label: 'Medium', symbol: '▲' },
  low: { label: 'Low', symbol: '▽' },
  info: { label: 'Info', symbol: 'i' },
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { label, symbol } = SEVERITY_PRESENTATION[severity];
  return (
    <span className={`badge badge--severity badge--${severity}`} data-testid="alert-severity">
      <span className="badge__symbol" aria-hidden="true">
        {symbol}
      </span>
      {label}
    </span>
  );
}
