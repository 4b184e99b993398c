import type { ProbeConfig, ProbeConfigOf, ProbeKindName } from '../../../shared/contract/monitors';

/**
 * What one probe run found. `ok` is the target's answer judged against the monitor's config;
 * `indeterminate` means the probe could not tell (ping missing, console offline), which makes the
 * monitor unknown, never down.
 */
export interface ProbeOutcome {
  ok: boolean;
  /** Time to the answer that was judged, in ms; null when there was no answer. */
  latencyMs: number | null;
  /** Why it failed, in words an operator can read ("connection refused", "status 503, expected 200-399"). */
  error: string | null;
  indeterminate?: boolean;
  /**
   * Nothing new can be judged yet (a heartbeat monitor just after core started, its last beat heard
   * before): the monitor keeps the verdict it had, and no result is recorded.
   */
  keepsVerdict?: boolean;
  /** For TLS (and https) probes: when the certificate expires, epoch ms. */
  certExpiresAt?: number | null;
  /** For a run handed ahead (see ProbeContext.startInMs): how late against its plan the runner started it, in ms. */
  startLateByMs?: number;
}

export interface ProbeContext {
  /** Aborted when the monitor's timeout passes or the engine stops; every kind must honour it. */
  signal: AbortSignal;
  timeoutMs: number;
  /**
   * The first run of a new or changed monitor: what a kind keeps between runs (an HTTPS target's
   * certificate expiry) is read again, so an operator who saves a monitor sees it as it is now.
   */
  fresh?: boolean;
  /**
   * The run was handed ahead: the runner starts it this many ms after it receives it (negative: the
   * engine handed it over that late), on its own monotonic clock, within the in-flight caps, and
   * times it out itself; absent: it starts now and the engine times it out. A duration, never an
   * epoch time: the runner's clock need not be the engine's.
   */
  startInMs?: number;
  /** Epoch ms; the engine's clock, so heartbeat checks run on a fake clock in tests. */
  now(): number;
  /**
   * What the engine knows about the monitor being probed. Only kinds judged from the engine's own
   * records need it (heartbeat: the last beat arrives on another path); optional for the rest.
   */
  monitor?: MonitorRunState;
}

export interface MonitorRunState {
  id: string;
  /** The monitor's interval: for a heartbeat, how often a beat is expected. */
  intervalMs: number;
  /** Epoch ms of the last beat received (kept across restarts), null before the first one. */
  lastBeatAt: number | null;
  /** Epoch ms of the monitor's creation. */
  createdAt: number;
  /**
   * Epoch ms of core's start: beats sent while core was not running were not heard, so a heartbeat
   * monitor is measured from the later of this and its creation.
   */
  listeningSince: number;
}

/** One kind of probe: a small module, so a new kind is one file plus a line in the registry. */
export interface ProbeKind<K extends ProbeKindName> {
  readonly kind: K;
  /** Host the probe connects to, for the per-host concurrency cap and the self-connectivity guard; null if none. */
  targetHost(config: ProbeConfigOf<K>): string | null;
  run(config: ProbeConfigOf<K>, context: ProbeContext): Promise<ProbeOutcome>;
}

/** Which runs a runner takes ahead of their time (it starts them startInMs later), and how far ahead. */
export interface HandAhead {
  /** Every run of these kinds planned within this many ms is handed over at once... */
  windowMs: number;
  /** ...when the first of them is this close, so the message arrives before it is due. */
  leadMs: number;
  /** The runner may hold a handed run's outcome this long after it ends, to send it with others. */
  gatherMs: number;
  kinds: ReadonlySet<ProbeKindName>;
}

/**
 * How a runner with handAhead takes those runs: one plain call per run, with no AbortSignal,
 * context object or promise of its own. The engine hands 200 runs a second over, and each of those
 * objects (a signal with its listener list, a context, closures, two promises) was allocated and
 * collected on the engine's thread for every one of them.
 */
export interface HandAheadRunner extends HandAhead {
  /**
   * Hands a run over: the runner starts it startInMs after it receives it (negative: that late
   * already), on its own monotonic clock, within its caps, and times it out after timeoutMs.
   * `settled` gets its outcome exactly once, never during this call. Returns the run's number.
   */
  hand(config: ProbeConfig, timeoutMs: number, fresh: boolean, startInMs: number, settled: (outcome: ProbeOutcome) => void): number;
  /** Takes a handed run back: not started yet, it settles as WITHDRAWN_OUTCOME; started, it ends as timed out. */
  withdraw(runId: number): void;
}

/**
 * Runs one probe: started now, or context.startInMs later for a run handed ahead. A runner with
 * `handAhead` (the probe thread) takes runs of those kinds ahead of their time, and the engine hands
 * them over through it.
 */
export type ProbeRunner = ((config: ProbeConfig, context: ProbeContext) => Promise<ProbeOutcome>) & {
  readonly handAhead?: HandAheadRunner;
};
