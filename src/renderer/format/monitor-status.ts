// Types only from the contract: the early first paint (app/first-paint.ts) uses this file, and must not evaluate zod.
import type { MonitorState, MonitorStatus } from '../../shared/contract';
import { formatMilliseconds } from './quantities';

/** A word and a symbol for every status: colour is never the only cue (colour-blind operators, dim rooms). */
export const STATUS_PRESENTATION: Record<MonitorStatus, { label: string; symbol: string }> = {
  down: { label: 'Down', symbol: '✕' },
  degraded: { label: 'Degraded', symbol: '▲' },
  unknown: { label: 'Unknown', symbol: '?' },
  maintenance: { label: 'Maintenance', symbol: '⚒' },
  paused: { label: 'Paused', symbol: '‖' },
  up: { label: 'Up', symbol: '✓' },
};

export function statusLabel(status: MonitorStatus): string {
  return STATUS_PRESENTATION[status].label;
}

const MAINTENANCE_SOURCE: Record<'monitor' | 'site' | 'parent', string> = { monitor: 'monitor', site: 'site', parent: 'parent' };

/**
 * Why a monitor shows what it shows, in one line: the suppression that applies, else its own last
 * error, else nothing worth saying. `nameOf` turns a parent's id into its name.
 */
export function describeWhy(state: MonitorState, nameOf: (id: string) => string | undefined): string {
  const { cause } = state;
  switch (cause.kind) {
    case 'unreachable':
      return `unreachable: parent ${nameOf(cause.parentId) ?? cause.parentId} is down`;
    case 'maintenance':
      return `maintenance (${MAINTENANCE_SOURCE[cause.source]})`;
    case 'console-offline':
      return 'console offline: this console cannot reach the network';
    case 'paused':
      return 'paused: not probed until resumed';
    case 'own':
      if (state.lastError) return state.lastError;
      if (state.manualNote) return `note: ${state.manualNote}`;
      if (state.status === 'degraded' && state.lastLatencyMs !== null) return `slow: answered in ${formatLatency(state.lastLatencyMs)}`;
      if (state.status === 'unknown' && state.lastCheckAt === null) return 'not checked yet';
      return '';
  }
}

export function formatLatency(ms: number | null): string {
  return ms === null ? '—' : formatMilliseconds(ms);
}

/** Uptime is rounded down, so a monitor that missed one check in a month never reads "100 %". */
export function formatUptimePercent(percent: number | null): string {
  if (percent === null) return 'no data';
  if (percent >= 100) return '100 %';
  return `${(Math.floor(percent * 100) / 100).toFixed(2)} %`;
}
