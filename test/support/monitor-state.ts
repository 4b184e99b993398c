import type { MonitorStateRow } from '../../src/core/db';

/** A monitor's stored state while it is up, with what a test or bench cares about changed. */
export function upStateRow(monitorId: string, changes: Partial<MonitorStateRow> = {}): MonitorStateRow {
  return {
    monitorId,
    status: 'up',
    verdict: 'up',
    cause: { kind: 'own' },
    since: 0,
    lastCheckAt: null,
    lastLatencyMs: null,
    lastError: null,
    certExpiresAt: null,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    changeTimes: [],
    manualNote: null,
    lastBeatAt: null,
    ...changes,
  };
}
