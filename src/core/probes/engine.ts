import { randomBytes } from 'node:crypto';
import type { MonitorState, MonitorStatus, ProbeConfig } from '../../shared/contract';
import type { Clock, TimerHandle, Timers } from '../../shared/domain/clock';
import {
  effectiveStatus,
  INITIAL_VERDICT,
  isFlapping,
  latencyHealth,
  nextVerdict,
  recordChange,
  type StatusCause,
  type Thresholds,
  type VerdictState,
} from '../../shared/domain/monitor-status';
import type { MonitorRow, MonitorStateRow, StateChangeRow } from '../db';
import { DueQueue } from './due-queue';
import type { HandAheadRunner, ProbeContext, ProbeOutcome, ProbeRunner } from './kinds/types';
import { type ResultWriter } from './writer';

export type { ProbeRunner } from './kinds/types';

export interface EngineLimits {
  /** Probes in flight at once, overall. */
  maxInFlight: number;
  /** Probes in flight at once against one host, so one site's recorder is not hammered. */
  maxInFlightPerHost: number;
}
export const DEFAULT_LIMITS: EngineLimits = { maxInFlight: 256, maxInFlightPerHost: 8 };

/** When a monitor new to the engine first runs: at once, or at a point of its interval fixed by its id. */
export type FirstRun = 'now' | 'spread';

export interface EngineHooks {
  /** Called for every probe start: how late it started against its plan (for the benchmark). */
  onProbeStart?(lateByMs: number): void;
  onResult?(monitorId: string, outcome: ProbeOutcome, at: number): void;
  onStateChange?(state: MonitorState): void;
}

interface SiteRuntime {
  maintenance: boolean;
}

/** Probes in flight against one host; a runtime holds its host's, so the waiting list is scanned without lookups. */
interface HostSlot {
  inFlight: number;
}

interface MonitorRuntime {
  row: MonitorRow;
  probe: ProbeConfig;
  host: string | null;
  hostSlot: HostSlot | null;
  verdict: VerdictState;
  status: MonitorStatus;
  cause: StatusCause;
  since: number;
  lastCheckAt: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  certExpiresAt: number | null;
  changeTimes: number[];
  manualNote: string | null;
  lastBeatAt: number | null;
  plannedAt: number;
  /** Breaks ties in plannedAt: monitors due at once start in the order they were loaded. */
  readonly order: number;
  /** Its place in the due queue (-1: not queued: paused, manual, in flight, or retired). */
  queueIndex: number;
  inFlight: boolean;
  /** The runner's number for its run handed ahead, until its outcome is back: withdrawn when the monitor changes or goes, on reload, or at a stop. */
  handedRun: number | null;
  /** Bumped when the monitor is changed or removed, so a probe started before is ignored. */
  generation: number;
  /**
   * New or changed, and no run since has read a certificate: its next run is ProbeContext.fresh. A
   * fresh run withdrawn, ended unknown or failed before the certificate leaves it set.
   */
  fresh: boolean;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

function thresholdsOf(row: MonitorRow): Thresholds {
  return {
    failuresToDown: row.failuresToDown,
    successesToUp: row.successesToUp,
    warnLatencyMs: row.warnLatencyMs,
    critLatencyMs: row.critLatencyMs,
  };
}

/** Field by field: this runs for every probe result, where two JSON.stringify calls cost more than the verdict. */
function sameCause(a: StatusCause, b: StatusCause): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'maintenance') return b.kind === 'maintenance' && a.source === b.source;
  if (a.kind === 'unreachable') return b.kind === 'unreachable' && a.parentId === b.parentId;
  return true;
}

/** Spreads first runs over the interval, the same way every start, so restarts don't bunch probes. */
function initialOffset(id: string, intervalMs: number): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i += 1) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return (hash >>> 0) % intervalMs;
}

export function newHeartbeatToken(): string {
  return randomBytes(18).toString('base64url');
}

function describeCause(cause: StatusCause, runtime: MonitorRuntime, nameOf: (id: string) => string): string {
  switch (cause.kind) {
    case 'paused':
      return 'paused by an operator';
    case 'maintenance':
      return cause.source === 'monitor'
        ? 'in maintenance'
        : cause.source === 'site'
          ? 'its site is in maintenance'
          : 'a parent is in maintenance';
    case 'unreachable':
      return `unreachable: parent "${nameOf(cause.parentId)}" is down`;
    case 'console-offline':
      return "the console's own uplink is down, so remote targets cannot be judged";
    case 'own':
      if (runtime.probe.kind === 'manual') return `set by hand: ${runtime.manualNote ?? ''}`;
      if (runtime.verdict.verdict === 'down')
        return `${runtime.verdict.consecutiveFailures} failed probes in a row: ${runtime.lastError ?? 'no answer'}`;
      if (runtime.verdict.verdict === 'degraded')
        return `answered in ${Math.round(runtime.lastLatencyMs ?? 0)} ms, above the ${runtime.row.warnLatencyMs} ms warning threshold`;
      if (runtime.verdict.verdict === 'unknown') return runtime.lastError ?? 'no result yet';
      return 'answering normally';
  }
}

/**
 * Schedules every monitor's probes, judges their outcomes, and keeps each monitor's state:
 * its own verdict (with hysteresis), and the status shown after parents, maintenance, pauses and
 * the console's own uplink are taken into account.
 */
export class ProbeEngine {
  private readonly monitors = new Map<string, MonitorRuntime>();
  private readonly sites = new Map<string, SiteRuntime>();
  private readonly children = new Map<string, Set<string>>();
  /** Every monitor that waits for its next run (scheduled, not in flight), earliest first... */
  private readonly due = new DueQueue<MonitorRuntime>();
  /** ...but those the runner takes ahead of their time (its handAhead kinds) wait here. */
  private readonly dueAhead = new DueQueue<MonitorRuntime>();
  private nextOrder = 0;
  /**
   * Whether a console uplink is down (null: to be worked out again). Kept between results: read for
   * every remote monitor's result, it was a scan of every monitor each time.
   */
  private uplinkDown: boolean | null = null;
  private timer: TimerHandle | null = null;
  private timerAt = Infinity;
  /** Due monitors held back by the in-flight limits, oldest first. */
  private waiting: MonitorRuntime[] = [];
  private inFlight = 0;
  private readonly hostSlots = new Map<string, HostSlot>();
  private running = false;
  private readonly aborts = new Set<AbortController>();
  /** Beats sent while core was not running were not heard: heartbeats are measured from this start at the earliest. */
  private readonly startedAt: number;

  constructor(
    private readonly writer: ResultWriter,
    private readonly runProbe: ProbeRunner,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly targetHostOf: (config: ProbeConfig) => string | null,
    private readonly limits: EngineLimits = DEFAULT_LIMITS,
    private readonly hooks: EngineHooks = {},
  ) {
    this.startedAt = clock.now();
  }

  /** Loads sites, monitors and their last states; call start() to begin probing. */
  load(sites: { id: string; maintenance: boolean }[], monitors: MonitorRow[], states: MonitorStateRow[]): void {
    for (const site of sites) this.sites.set(site.id, { maintenance: site.maintenance });
    const stateById = new Map(states.map((s) => [s.monitorId, s]));
    for (const row of monitors) this.addRuntime(row, stateById.get(row.id), 'spread');
    this.spreadEvenly();
    for (const id of this.monitors.keys()) this.recompute(id, false);
  }

  /**
   * Monitors of one interval start at evenly spaced points of it, in the order their ids' hashes
   * give: hashed points alone bunch up (at 200 probes/s, several start in the same millisecond),
   * and a burst of TLS handshakes delays the timestamps of the answers that arrive in it.
   */
  private spreadEvenly(): void {
    const now = this.clock.now();
    const byInterval = new Map<number, MonitorRuntime[]>();
    for (const runtime of this.monitors.values()) {
      const intervalMs = runtime.row.intervalSeconds * 1000;
      let group = byInterval.get(intervalMs);
      if (!group) byInterval.set(intervalMs, (group = []));
      group.push(runtime);
    }
    for (const [intervalMs, group] of byInterval) {
      group.sort((a, b) => a.plannedAt - b.plannedAt || (a.row.id < b.row.id ? -1 : 1));
      group.forEach((runtime, index) => {
        runtime.plannedAt = now + Math.floor((index * intervalMs) / group.length);
        this.requeue(runtime);
      });
    }
  }

  /**
   * A console connected to a hub probes nothing: its replica changed under it, so the sites,
   * monitors and states the hub wrote are loaded again in place of what was loaded.
   */
  reload(sites: { id: string; maintenance: boolean }[], monitors: MonitorRow[], states: MonitorStateRow[]): void {
    // As for a changed monitor: what was handed ahead is taken back, and any answer of it dropped.
    for (const runtime of this.monitors.values()) {
      runtime.generation += 1;
      this.withdrawHanded(runtime);
    }
    this.monitors.clear();
    this.uplinkDown = null;
    this.sites.clear();
    this.children.clear();
    this.hostSlots.clear();
    this.due.clear();
    this.dueAhead.clear();
    this.waiting = [];
    this.load(sites, monitors, states);
  }

  start(): void {
    this.running = true;
    this.reschedule();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
    for (const controller of this.aborts) controller.abort();
    // Each answers (withdrawn, or timed out if it started) and is settled then, as a launched run is.
    for (const runtime of this.monitors.values()) this.withdrawHanded(runtime);
  }

  // ---- configuration changes (called by the service after its transaction committed) ----

  upsertSite(id: string, maintenance: boolean): void {
    const previous = this.sites.get(id);
    this.sites.set(id, { maintenance });
    if (previous?.maintenance !== maintenance)
      for (const m of this.monitors.values()) if (m.row.siteId === id) this.recomputeTree(m.row.id);
  }

  removeSite(id: string): void {
    this.sites.delete(id);
  }

  /**
   * A monitor was added or changed. A changed one, or one added by hand, runs at once (the operator
   * wants to see it work); `spread` (an import of many) spreads new monitors' first runs over their
   * interval, as a restart does, so they do not all probe in the same second.
   */
  upsertMonitor(row: MonitorRow, firstRun: FirstRun = 'now'): void {
    const existing = this.monitors.get(row.id);
    if (existing) {
      if (existing.row.parentId) this.children.get(existing.row.parentId)?.delete(row.id);
      this.withdrawHanded(existing);
      existing.row = row;
      this.uplinkDown = null;
      existing.probe = row.probe;
      existing.host = this.targetHostOf(existing.probe);
      existing.hostSlot = this.hostSlotOf(existing.host);
      // Due now (planned below): the next tick queues it again, under its new host.
      this.waiting = this.waiting.filter((waiting) => waiting !== existing);
      existing.generation += 1;
      existing.fresh = true;
      existing.inFlight = false;
      existing.plannedAt = this.clock.now();
      this.requeue(existing);
      if (row.parentId) this.childrenOf(row.parentId).add(row.id);
    } else this.addRuntime(row, undefined, firstRun);
    this.recomputeTree(row.id);
    this.reschedule();
  }

  /** Stops probing a retired monitor; what it already measured is written, not dropped. */
  retireMonitor(id: string): void {
    const runtime = this.monitors.get(id);
    if (!runtime) return;
    runtime.generation += 1;
    this.withdrawHanded(runtime);
    this.monitors.delete(id);
    this.uplinkDown = null;
    this.due.remove(runtime);
    this.dueAhead.remove(runtime);
    this.waiting = this.waiting.filter((waiting) => waiting !== runtime);
    if (runtime.row.parentId) this.children.get(runtime.row.parentId)?.delete(id);
    this.writer.retire(id);
    for (const child of this.children.get(id) ?? []) this.recompute(child, true);
    this.children.delete(id);
  }

  /** A purged monitor (retired first) is gone with its history: the writer lets go of what it still holds for it. */
  purgeMonitor(id: string): void {
    this.writer.purge(id);
  }

  setManualState(id: string, verdict: 'up' | 'degraded' | 'down', note: string): void {
    const runtime = this.monitors.get(id);
    if (!runtime) return;
    runtime.manualNote = note;
    runtime.verdict = { verdict, consecutiveFailures: verdict === 'down' ? 1 : 0, consecutiveSuccesses: verdict === 'down' ? 0 : 1 };
    if (runtime.row.role === 'console-uplink') this.uplinkDown = null;
    runtime.lastCheckAt = this.clock.now();
    runtime.lastError = verdict === 'down' ? note : null;
    this.recomputeTree(id);
  }

  /** A device called its heartbeat URL. Returns false for a token no monitor has. */
  recordHeartbeat(token: string): boolean {
    for (const runtime of this.monitors.values()) {
      if (runtime.row.heartbeatToken !== token || runtime.probe.kind !== 'heartbeat') continue;
      runtime.lastBeatAt = this.clock.now();
      if (!runtime.row.paused) this.applyOutcome(runtime, { ok: true, latencyMs: null, error: null });
      return true;
    }
    return false;
  }

  // ---- reads ----

  stateOf(id: string): MonitorState | null {
    const runtime = this.monitors.get(id);
    return runtime ? this.toState(runtime) : null;
  }

  /** A monitor's status alone, without building its whole state: what the board orders and counts by. */
  statusOf(id: string): MonitorStatus | null {
    return this.monitors.get(id)?.status ?? null;
  }

  /** Flapping as of now: it ends when old changes leave the window, not only on a new change. */
  isFlapping(id: string): boolean {
    const runtime = this.monitors.get(id);
    return runtime ? isFlapping(runtime.changeTimes, this.clock.now()) : false;
  }

  states(): MonitorState[] {
    return [...this.monitors.values()].map((runtime) => this.toState(runtime));
  }

  // ---- scheduling ----

  private addRuntime(row: MonitorRow, stored: MonitorStateRow | undefined, firstRun: FirstRun): void {
    const probe = row.probe;
    const now = this.clock.now();
    const intervalMs = row.intervalSeconds * 1000;
    const host = this.targetHostOf(probe);
    const runtime: MonitorRuntime = {
      row,
      probe,
      host,
      hostSlot: this.hostSlotOf(host),
      verdict: stored
        ? {
            verdict: stored.verdict,
            consecutiveFailures: stored.consecutiveFailures,
            consecutiveSuccesses: stored.consecutiveSuccesses,
          }
        : INITIAL_VERDICT,
      status: stored?.status ?? 'unknown',
      cause: stored?.cause ?? { kind: 'own' },
      since: stored?.since ?? now,
      lastCheckAt: stored?.lastCheckAt ?? null,
      lastLatencyMs: stored?.lastLatencyMs ?? null,
      lastError: stored?.lastError ?? (stored ? null : 'no result yet'),
      certExpiresAt: stored?.certExpiresAt ?? null,
      changeTimes: stored?.changeTimes ?? [],
      manualNote: stored?.manualNote ?? null,
      lastBeatAt: stored?.lastBeatAt ?? null,
      plannedAt: firstRun === 'now' ? now : now + initialOffset(row.id, intervalMs),
      order: this.nextOrder++,
      queueIndex: -1,
      inFlight: false,
      handedRun: null,
      generation: 0,
      fresh: true,
    };
    this.monitors.set(row.id, runtime);
    this.uplinkDown = null;
    this.requeue(runtime);
    if (row.parentId) this.childrenOf(row.parentId).add(row.id);
  }

  private hostSlotOf(host: string | null): HostSlot | null {
    if (host === null) return null;
    let slot = this.hostSlots.get(host);
    if (!slot) this.hostSlots.set(host, (slot = { inFlight: 0 }));
    return slot;
  }

  private childrenOf(id: string): Set<string> {
    let set = this.children.get(id);
    if (!set) this.children.set(id, (set = new Set()));
    return set;
  }

  private isScheduled(runtime: MonitorRuntime): boolean {
    return !runtime.row.paused && runtime.probe.kind !== 'manual';
  }

  private handsAhead(runtime: MonitorRuntime): boolean {
    return this.runProbe.handAhead?.kinds.has(runtime.probe.kind) ?? false;
  }

  /** Puts a monitor in its due queue at its plannedAt if it waits for a run, takes it out if not. */
  private requeue(runtime: MonitorRuntime): void {
    const ahead = this.handsAhead(runtime);
    // Its kind may have changed: out of the other queue first.
    (ahead ? this.due : this.dueAhead).remove(runtime);
    const queue = ahead ? this.dueAhead : this.due;
    if (this.isScheduled(runtime) && !runtime.inFlight && this.monitors.get(runtime.row.id) === runtime) queue.add(runtime);
    else queue.remove(runtime);
  }

  /** When the next tick is needed: the earliest run the engine starts, or the lead before the earliest it hands ahead. */
  private nextTickAt(): number {
    const own = this.due.peek()?.plannedAt ?? Infinity;
    const ahead = this.dueAhead.peek()?.plannedAt;
    return ahead === undefined ? own : Math.min(own, ahead - (this.runProbe.handAhead?.leadMs ?? 0));
  }

  private reschedule(): void {
    if (!this.running) return;
    const earliest = this.nextTickAt();
    if (earliest === this.timerAt && this.timer) return;
    this.timer?.cancel();
    this.timer = null;
    this.timerAt = earliest;
    if (earliest === Infinity) return;
    this.timer = this.timers.after(earliest - this.clock.now(), () => this.tick());
  }

  private tick(): void {
    this.timer = null;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (let next = this.due.peek(); next !== undefined && next.plannedAt <= now; next = this.due.peek()) {
      this.due.pop();
      next.inFlight = true;
      this.waiting.push(next);
    }
    const horizon = now + (this.runProbe.handAhead?.windowMs ?? 0);
    const runner = this.runProbe.handAhead;
    if (runner)
      for (let next = this.dueAhead.peek(); next !== undefined && next.plannedAt <= horizon; next = this.dueAhead.peek()) {
        this.dueAhead.pop();
        this.handOver(next, runner);
      }
    this.drainWaiting();
    this.reschedule();
  }

  /**
   * Launches waiting monitors, oldest first, as far as the limits allow. Runs after every probe, so
   * it is one pass with no lookups: when one host is slow, hundreds of its monitors can be waiting.
   */
  private drainWaiting(): void {
    let kept = 0;
    for (const runtime of this.waiting) {
      const blocked =
        this.inFlight >= this.limits.maxInFlight ||
        (runtime.hostSlot !== null && runtime.hostSlot.inFlight >= this.limits.maxInFlightPerHost);
      if (blocked) this.waiting[kept++] = runtime;
      else this.launch(runtime);
    }
    this.waiting.length = kept;
  }

  /** Plans the run after this one from this one's plan, not from when the probe finishes: no drift. */
  private planNext(runtime: MonitorRuntime, now: number): void {
    const intervalMs = runtime.row.intervalSeconds * 1000;
    const planned = runtime.plannedAt;
    let next = planned + intervalMs;
    if (next <= now) next = planned + Math.ceil((now - planned + 1) / intervalMs) * intervalMs;
    runtime.plannedAt = next;
  }

  /** The context of a run the engine starts itself, now. */
  private contextFor(runtime: MonitorRuntime, signal: AbortSignal): ProbeContext {
    return {
      signal,
      timeoutMs: runtime.row.timeoutSeconds * 1000,
      fresh: runtime.fresh,
      now: () => this.clock.now(),
      monitor: {
        id: runtime.row.id,
        intervalMs: runtime.row.intervalSeconds * 1000,
        lastBeatAt: runtime.lastBeatAt,
        createdAt: runtime.row.createdAt,
        listeningSince: this.startedAt,
      },
    };
  }

  private launch(runtime: MonitorRuntime): void {
    const now = this.clock.now();
    this.hooks.onProbeStart?.(now - runtime.plannedAt);
    this.planNext(runtime, now);
    const generation = runtime.generation;
    const hostSlot = runtime.hostSlot;
    this.inFlight += 1;
    if (hostSlot) hostSlot.inFlight += 1;
    const controller = new AbortController();
    this.aborts.add(controller);
    const context = this.contextFor(runtime, controller.signal);
    const timeout = this.timers.after(context.timeoutMs, () => controller.abort(new Error(`timed out after ${context.timeoutMs} ms`)));
    this.run(runtime, context, (outcome) => {
      timeout.cancel();
      this.aborts.delete(controller);
      this.inFlight -= 1;
      if (hostSlot) hostSlot.inFlight -= 1;
      this.settle(runtime, generation, outcome);
    });
  }

  /**
   * Hands a run to the runner before its time: the runner starts it at its plan, within the caps
   * (counted there: a run handed ahead is not in flight until it starts), and times it out.
   */
  private handOver(runtime: MonitorRuntime, runner: HandAheadRunner): void {
    const now = this.clock.now();
    // A duration crosses to the runner, not this clock's time: the runner's clock may differ.
    const startInMs = runtime.plannedAt - now;
    this.planNext(runtime, now);
    runtime.inFlight = true;
    const generation = runtime.generation;
    let runId: number | null = null;
    const settled = (outcome: ProbeOutcome) => {
      if (runtime.handedRun === runId) runtime.handedRun = null;
      if (outcome.startLateByMs !== undefined) this.hooks.onProbeStart?.(outcome.startLateByMs);
      this.settle(runtime, generation, outcome);
    };
    try {
      runId = runner.hand(runtime.probe, runtime.row.timeoutSeconds * 1000, runtime.fresh, startInMs, settled);
      runtime.handedRun = runId;
    } catch (error) {
      // The runner could not take it (its thread failed to start): the run ends now, unjudged, and the monitor stays scheduled.
      settled({ ok: false, latencyMs: null, error: error instanceof Error ? error.message : String(error), indeterminate: true });
    }
  }

  /** Takes back a run handed ahead (the runner answers "keep the verdict", or ends it if started). */
  private withdrawHanded(runtime: MonitorRuntime): void {
    if (runtime.handedRun !== null) this.runProbe.handAhead?.withdraw(runtime.handedRun);
    runtime.handedRun = null;
  }

  private run(runtime: MonitorRuntime, context: ProbeContext, finish: (outcome: ProbeOutcome) => void): void {
    this.runProbe(runtime.probe, context).then(finish, (error: unknown) =>
      finish({ ok: false, latencyMs: null, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  /** A run ended: its outcome is judged unless the monitor changed or went since it started. */
  private settle(runtime: MonitorRuntime, generation: number, outcome: ProbeOutcome): void {
    const current = this.monitors.get(runtime.row.id);
    if (current === runtime && runtime.generation === generation) {
      // One run is out at a time, and a change bumps the generation: the flag stays until a run reads
      // the certificate or succeeds without one (an HTTPS monitor redirected to plain HTTP, a kind that
      // reads none; else it would read one at every run). A run withdrawn, ended unknown or failed
      // before the answer leaves it, so the next run reads a renewed certificate, not a cached one.
      if (outcome.ok || outcome.certExpiresAt !== undefined) runtime.fresh = false;
      runtime.inFlight = false;
      this.requeue(runtime);
      if (this.running && !outcome.keepsVerdict) this.applyOutcome(runtime, outcome);
    }
    this.drainWaiting();
    // Of all monitors only this one became schedulable again: the timer moves only if it is due first.
    if (this.nextTickAt() < this.timerAt) this.reschedule();
  }

  // ---- judging ----

  private applyOutcome(runtime: MonitorRuntime, outcome: ProbeOutcome): void {
    const at = this.clock.now();
    const before = runtime.verdict.verdict;
    const errorBefore = runtime.lastError;
    runtime.verdict = nextVerdict(runtime.verdict, outcome, thresholdsOf(runtime.row));
    if (runtime.row.role === 'console-uplink') this.uplinkDown = null;
    runtime.lastCheckAt = at;
    runtime.lastLatencyMs = outcome.latencyMs;
    runtime.lastError = outcome.error;
    if (outcome.certExpiresAt !== undefined) runtime.certExpiresAt = outcome.certExpiresAt;
    const { change, shown } = this.recompute(runtime.row.id, false);
    // The board shows why a monitor fails: a new reason ("refused" after "status 503") is news even
    // when the status stays the same.
    if (!shown && outcome.error !== errorBefore) this.hooks.onStateChange?.(this.toState(runtime));
    this.writer.push(
      { monitorId: runtime.row.id, at, ok: outcome.ok, latencyMs: outcome.latencyMs, error: outcome.error },
      this.toStateRow(runtime),
      change,
    );
    if (before !== runtime.verdict.verdict) this.afterVerdictChange(runtime);
    // Last, so a listener (the alert engine) reads this monitor's and its children's new status and cause.
    this.hooks.onResult?.(runtime.row.id, outcome, at);
  }

  private afterVerdictChange(runtime: MonitorRuntime): void {
    for (const child of this.children.get(runtime.row.id) ?? []) this.recompute(child, true);
    if (runtime.row.role === 'console-uplink') {
      for (const other of this.monitors.values()) if (other !== runtime && this.isRemote(other)) this.recompute(other.row.id, true);
    }
  }

  private isRemote(runtime: MonitorRuntime): boolean {
    return runtime.host !== null && !LOOPBACK.test(runtime.host);
  }

  private consoleOffline(): boolean {
    this.uplinkDown ??= [...this.monitors.values()].some(
      (runtime) => runtime.row.role === 'console-uplink' && !runtime.row.paused && runtime.verdict.verdict === 'down',
    );
    return this.uplinkDown;
  }

  private maintenanceSource(runtime: MonitorRuntime): 'monitor' | 'site' | 'parent' | null {
    if (runtime.row.maintenance) return 'monitor';
    if (this.sites.get(runtime.row.siteId)?.maintenance) return 'site';
    let parentId = runtime.row.parentId;
    if (!parentId) return null;
    const seen = new Set<string>([runtime.row.id]);
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = this.monitors.get(parentId);
      if (!parent) break;
      if (parent.row.maintenance || this.sites.get(parent.row.siteId)?.maintenance) return 'parent';
      parentId = parent.row.parentId;
    }
    return null;
  }

  /** Recomputes a monitor and everything below it (maintenance cascades to children). */
  private recomputeTree(id: string): void {
    const seen = new Set<string>();
    const visit = (current: string) => {
      if (seen.has(current)) return;
      seen.add(current);
      this.recompute(current, true);
      for (const child of this.children.get(current) ?? []) visit(child);
    };
    visit(id);
  }

  /**
   * Applies the status rules; when the shown status changes, records it, and when `write` is set,
   * hands the new state to the writer (a probe result hands it over itself). Returns the change and
   * whether the new state was shown (emitted).
   */
  private recompute(id: string, write: boolean): { change: Omit<StateChangeRow, 'id'> | null; shown: boolean } {
    const runtime = this.monitors.get(id);
    if (!runtime) return { change: null, shown: false };
    const parent = runtime.row.parentId ? this.monitors.get(runtime.row.parentId) : undefined;
    const { status, cause } = effectiveStatus({
      verdict: runtime.verdict.verdict,
      paused: runtime.row.paused,
      maintenance: this.maintenanceSource(runtime),
      parentVerdict: parent && !parent.row.paused ? parent.verdict.verdict : null,
      parentId: parent ? parent.row.id : null,
      consoleOffline: runtime.row.role !== 'console-uplink' && this.isRemote(runtime) && this.consoleOffline(),
    });
    const causeChanged = !sameCause(cause, runtime.cause);
    if (status === runtime.status && !causeChanged) return { change: null, shown: false };
    const at = this.clock.now();
    const from = runtime.status;
    runtime.cause = cause;
    let change: Omit<StateChangeRow, 'id'> | null = null;
    if (status !== from) {
      runtime.status = status;
      runtime.since = at;
      runtime.changeTimes = recordChange(runtime.changeTimes, at);
      change = {
        monitorId: id,
        at,
        fromStatus: from,
        toStatus: status,
        reason: describeCause(cause, runtime, (pid) => this.monitors.get(pid)?.row.name ?? pid),
      };
    }
    if (write) this.writer.pushState(this.toStateRow(runtime), change);
    this.hooks.onStateChange?.(this.toState(runtime));
    return { change, shown: true };
  }

  private toStateRow(runtime: MonitorRuntime): MonitorStateRow {
    return {
      monitorId: runtime.row.id,
      status: runtime.status,
      verdict: runtime.verdict.verdict,
      cause: runtime.cause,
      since: runtime.since,
      lastCheckAt: runtime.lastCheckAt,
      lastLatencyMs: runtime.lastLatencyMs,
      lastError: runtime.lastError,
      certExpiresAt: runtime.certExpiresAt,
      consecutiveFailures: runtime.verdict.consecutiveFailures,
      consecutiveSuccesses: runtime.verdict.consecutiveSuccesses,
      changeTimes: runtime.changeTimes,
      manualNote: runtime.manualNote,
      lastBeatAt: runtime.lastBeatAt,
    };
  }

  private toState(runtime: MonitorRuntime): MonitorState {
    return {
      monitorId: runtime.row.id,
      status: runtime.status,
      verdict: runtime.verdict.verdict,
      cause: runtime.cause,
      health: runtime.status === 'down' ? 'critical' : latencyHealth(runtime.lastLatencyMs, thresholdsOf(runtime.row)),
      since: runtime.since,
      lastCheckAt: runtime.lastCheckAt,
      lastLatencyMs: runtime.lastLatencyMs,
      lastError: runtime.lastError,
      certExpiresAt: runtime.certExpiresAt,
      flapping: isFlapping(runtime.changeTimes, this.clock.now()),
      manualNote: runtime.manualNote,
    };
  }
}
