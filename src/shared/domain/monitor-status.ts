import type { MonitorStatus } from '../contract/monitors';

/** What a monitor's own probes say, before parents, maintenance and pauses are applied. */
export type ProbeVerdict = 'up' | 'degraded' | 'down' | 'unknown';

export interface Thresholds {
  /** Consecutive failed probes that make a monitor down (DESIGN: retries 2 before down). */
  failuresToDown: number;
  /** Consecutive good probes that bring a down monitor back. */
  successesToUp: number;
  warnLatencyMs: number;
  critLatencyMs: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { failuresToDown: 2, successesToUp: 1, warnLatencyMs: 500, critLatencyMs: 2000 };
export const DEFAULT_INTERVAL_SECONDS = 30;

export interface VerdictState {
  verdict: ProbeVerdict;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
}

export const INITIAL_VERDICT: VerdictState = { verdict: 'unknown', consecutiveFailures: 0, consecutiveSuccesses: 0 };

export interface JudgedOutcome {
  ok: boolean;
  latencyMs: number | null;
  indeterminate?: boolean;
}

/**
 * Hysteresis: N failures in a row to go down, M successes in a row to come back. Between the
 * first failure and the N-th the monitor keeps its verdict (a single lost packet is not an outage).
 */
export function nextVerdict(state: VerdictState, outcome: JudgedOutcome, thresholds: Thresholds): VerdictState {
  if (outcome.indeterminate) return { verdict: 'unknown', consecutiveFailures: 0, consecutiveSuccesses: 0 };
  if (!outcome.ok) {
    const consecutiveFailures = state.consecutiveFailures + 1;
    const verdict = consecutiveFailures >= thresholds.failuresToDown ? 'down' : state.verdict;
    return { verdict, consecutiveFailures, consecutiveSuccesses: 0 };
  }
  const consecutiveSuccesses = state.consecutiveSuccesses + 1;
  const answered: ProbeVerdict = outcome.latencyMs !== null && outcome.latencyMs > thresholds.warnLatencyMs ? 'degraded' : 'up';
  const recovering = state.verdict === 'down' && consecutiveSuccesses < thresholds.successesToUp;
  return { verdict: recovering ? 'down' : answered, consecutiveFailures: 0, consecutiveSuccesses };
}

/** ok / warning / critical for a latency: above the warning threshold is warning, above critical is critical. */
export function latencyHealth(latencyMs: number | null, thresholds: Thresholds): 'ok' | 'warning' | 'critical' {
  if (latencyMs === null || latencyMs <= thresholds.warnLatencyMs) return 'ok';
  return latencyMs > thresholds.critLatencyMs ? 'critical' : 'warning';
}

/** Why a monitor shows the status it shows, when that is not simply its own verdict. */
export type StatusCause =
  | { kind: 'own' }
  | { kind: 'paused' }
  | { kind: 'maintenance'; source: 'monitor' | 'site' | 'parent' }
  | { kind: 'unreachable'; parentId: string }
  | { kind: 'console-offline' };

export interface StatusInputs {
  verdict: ProbeVerdict;
  paused: boolean;
  /** The monitor, its site, or an ancestor is in maintenance. */
  maintenance: 'monitor' | 'site' | 'parent' | null;
  /** The parent's own verdict; transitivity comes from each monitor's real status. */
  parentVerdict: ProbeVerdict | null;
  parentId: string | null;
  /** The console's own uplink check is failing and this monitor probes a remote target. */
  consoleOffline: boolean;
}

/**
 * The status an operator sees. Suppression changes what is shown and whether an alert may be
 * raised; it never stops the monitor from being probed.
 */
export function effectiveStatus(inputs: StatusInputs): { status: MonitorStatus; cause: StatusCause } {
  if (inputs.paused) return { status: 'paused', cause: { kind: 'paused' } };
  if (inputs.maintenance) return { status: 'maintenance', cause: { kind: 'maintenance', source: inputs.maintenance } };
  const failing = inputs.verdict === 'down' || inputs.verdict === 'unknown';
  if (failing && inputs.consoleOffline) return { status: 'unknown', cause: { kind: 'console-offline' } };
  if (failing && inputs.parentVerdict === 'down' && inputs.parentId) {
    return { status: 'unknown', cause: { kind: 'unreachable', parentId: inputs.parentId } };
  }
  return { status: inputs.verdict, cause: { kind: 'own' } };
}

/** Whether a monitor's state may open an alert, and whether it may close one. */
export interface AlertGate {
  /** Its own probes fail and nothing explains it away: an alert may be raised. */
  mayRaise: boolean;
  /** Its own probes say it is fine again: an open alert may resolve, whatever suppresses it. */
  mayResolve: boolean;
  /** Why a failing monitor raises no alert of its own, in the operator's words; null otherwise. */
  heldBecause: string | null;
}

/**
 * Suppression (a dead parent, maintenance, a pause, the console's own uplink, flapping) only ever
 * holds back the creation of alerts, never their resolution: a resolution is decided by the
 * monitor's own verdict alone, so an alert opened before the suppression still closes.
 */
export function alertGate(
  state: { verdict: ProbeVerdict; cause: StatusCause; flapping: boolean },
  parentName: (id: string) => string,
): AlertGate {
  if (state.verdict === 'up') return { mayRaise: false, mayResolve: true, heldBecause: null };
  const held = suppressedBecause(state.cause, state.flapping, parentName);
  return { mayRaise: held === null, mayResolve: false, heldBecause: held };
}

/** Why alerts of a monitor are held back, in the operator's words; null when nothing holds them. */
export function suppressedBecause(cause: StatusCause, flapping: boolean, parentName: (id: string) => string): string | null {
  return heldBy(cause, parentName) ?? (flapping ? 'flapping (held until it settles)' : null);
}

function heldBy(cause: StatusCause, parentName: (id: string) => string): string | null {
  switch (cause.kind) {
    case 'own':
      return null;
    case 'paused':
      return 'paused';
    case 'maintenance':
      return cause.source === 'monitor'
        ? 'in maintenance'
        : cause.source === 'site'
          ? 'its site is in maintenance'
          : 'a parent is in maintenance';
    case 'unreachable':
      return `its parent ${parentName(cause.parentId)} is down (one outage, one alert)`;
    case 'console-offline':
      return "the console's own uplink is down";
  }
}

/** DESIGN.md: more than 5 status changes in 10 minutes marks a monitor flapping. */
export const FLAP_WINDOW_MS = 10 * 60_000;
export const FLAP_MAX_CHANGES = 5;

/** Keeps the change times inside the window, adding `at` when the status changed. */
export function recordChange(changeTimes: readonly number[], at: number): number[] {
  return [...changeTimes.filter((t) => at - t < FLAP_WINDOW_MS), at];
}

export function isFlapping(changeTimes: readonly number[], now: number): boolean {
  return changeTimes.filter((t) => now - t < FLAP_WINDOW_MS).length > FLAP_MAX_CHANGES;
}

/** Worst first: the order a site tile uses to pick its colour. */
export const STATUS_SEVERITY: readonly MonitorStatus[] = ['down', 'degraded', 'unknown', 'maintenance', 'paused', 'up'];

export function worstStatus(statuses: Iterable<MonitorStatus>): MonitorStatus | null {
  let worst: MonitorStatus | null = null;
  for (const status of statuses) {
    if (worst === null || STATUS_SEVERITY.indexOf(status) < STATUS_SEVERITY.indexOf(worst)) worst = status;
  }
  return worst;
}

export type StatusCounts = Record<MonitorStatus, number>;

export function countStatuses(statuses: Iterable<MonitorStatus>): StatusCounts {
  const counts: StatusCounts = { up: 0, degraded: 0, down: 0, unknown: 0, paused: 0, maintenance: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}
