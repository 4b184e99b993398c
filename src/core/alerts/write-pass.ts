import type { AlertAttention, AlertEvent, ConsoleStatus, StormState } from '../../shared/contract';
import type { AlertRow } from '../db';
import type { CapabilityContext } from '../service';
import { toAlert } from './model';
import type { OpenAlerts } from './open-alerts';

/** Alert history entries kept in memory while they cannot be written; beyond this the oldest are dropped and counted. */
const MAX_UNWRITTEN_EVENTS = 10_000;

export interface WritePassDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'logger' | 'emit'> {
  /** A write failed; true when it was for lack of space and the console now says its disk is full. */
  writeFailed?: ((error: unknown) => boolean | undefined) | undefined;
  /** The status and storms every `alerts.changed` carries, as they are after the change. */
  summary: () => { status: ConsoleStatus; storms: StormState[] };
}

type WriteOutcome = 'written' | 'disk-full' | 'failed';
type HeldSend = { alertId: string; send: () => void };

/**
 * What one pass changed, and the single transaction that stores it. Nothing a pass changed leaves
 * core (the `alerts.changed` broadcast, attention, channel notifications) before it is stored: a
 * failed write holds it back, and it goes out with the first write that works. The exception is a
 * full disk, which the console has already announced with a banner and a critical alert that itself
 * cannot be stored: then alerts go out from memory and are written once space is back.
 */
export class WritePass {
  /** The pass in progress: alerts to write and push, events to append, attention to ask for, channels to notify. */
  private changed = new Map<string, AlertRow>();
  private events: { alertId: string; event: AlertEvent }[] = [];
  private attention: AlertAttention[] = [];
  private sends: HeldSend[] = [];
  /** What a failed write left behind: written with the next pass that writes. */
  private unwritten = new Map<string, AlertRow>();
  private unwrittenEvents: { alertId: string; event: AlertEvent }[] = [];
  private droppedEvents = 0;
  /** Changes stored nowhere yet and not told to anyone: they go out once a write works. */
  private heldBack = { rows: new Map<string, AlertRow>(), attention: [] as AlertAttention[], sends: [] as HeldSend[] };

  constructor(
    private readonly deps: WritePassDeps,
    private readonly open: OpenAlerts,
  ) {}

  /** An alert of this pass, by id (it may have resolved in it, so no longer be open). */
  changedAlert(id: string): AlertRow | undefined {
    return this.changed.get(id);
  }

  /** The newest version of an alert a failed write left unstored (it may have resolved meanwhile). */
  unstoredAlert(id: string): AlertRow | undefined {
    return this.heldBack.rows.get(id) ?? this.unwritten.get(id);
  }

  /** A failed write is holding changes back: the next tick tries again even if it changes nothing. */
  hasHeldBack(): boolean {
    return this.heldBack.rows.size > 0 || this.heldBack.attention.length > 0 || this.heldBack.sends.length > 0;
  }

  /** Replaces an alert with changed values, in memory and in this pass's writes. */
  touch(row: AlertRow, values: Partial<AlertRow>): AlertRow {
    const next = { ...row, ...values };
    this.open.replace(row, next);
    this.changed.set(next.id, next);
    return next;
  }

  /** An alert this pass created, resolved or took from a command as a whole. */
  put(row: AlertRow): void {
    this.changed.set(row.id, row);
  }

  record(row: AlertRow, kind: AlertEvent['kind'], actor: string, detail: string): void {
    this.events.push({ alertId: row.id, event: { at: this.deps.clock.now(), kind, actor, detail } });
  }

  askAttention(attention: AlertAttention): void {
    this.attention.push(attention);
  }

  /** A channel notification about an alert: sent with the broadcast, once what it tells of is stored. */
  send(alertId: string, send: () => void): void {
    this.sends.push({ alertId, send });
  }

  /**
   * Ends the pass: writes what it changed (unless a command's transaction already did: `write`
   * false), then pushes it in one `alerts.changed` event, its attention and its notifications.
   */
  finish(write: boolean): void {
    if (this.changed.size === 0 && this.events.length === 0 && this.attention.length === 0 && !(write && this.hasHeldBack())) return;
    const changed = [...this.changed.values()];
    const events = this.events;
    const attention = this.attention;
    const sends = this.sends;
    this.changed = new Map();
    this.events = [];
    this.attention = [];
    this.sends = [];
    const outcome: WriteOutcome = write ? this.writeAlerts(changed, events) : 'written';
    if (outcome === 'failed') {
      for (const row of changed) this.heldBack.rows.set(row.id, row);
      this.heldBack.attention.push(...attention);
      this.heldBack.sends.push(...sends);
      return;
    }
    let rows = changed;
    if (!write) {
      // A command stored these alerts as they are now: an older version kept from a failed write must not overwrite them.
      const answered = new Set<string>();
      for (const row of changed) {
        this.unwritten.delete(row.id);
        this.heldBack.rows.delete(row.id);
        answered.add(row.id);
      }
      // The operator acted on an alert a failed write held back: ringing for it now would be an alarm for what is
      // already answered, and its channels hear what came before (it fired) now, ahead of this command, not after it.
      this.heldBack.attention = this.heldBack.attention.filter((held) => !answered.has(held.alertId));
      sends.unshift(...this.heldBack.sends.filter((held) => answered.has(held.alertId)));
      this.heldBack.sends = this.heldBack.sends.filter((held) => !answered.has(held.alertId));
    } else if (this.hasHeldBack()) {
      // This write stored what earlier failed writes held back: it goes out first, in the same event, newest version of each alert.
      const held = this.heldBack;
      this.heldBack = { rows: new Map(), attention: [], sends: [] };
      for (const row of changed) held.rows.set(row.id, row);
      rows = [...held.rows.values()];
      // An alarm for an alert that resolved while its write was held back would ring for what is already over.
      attention.unshift(...held.attention.filter((asked) => this.open.byId(asked.alertId) !== undefined));
      sends.unshift(...held.sends);
    }
    for (const { send } of sends) send();
    this.deps.emit({ event: 'alerts.changed', payload: { alerts: rows.map(toAlert), removed: [], ...this.deps.summary() } });
    for (const payload of attention) this.deps.emit({ event: 'alert.attention', payload });
  }

  /** Writes the pass's alerts, with whatever an earlier failed write left; on failure keeps them all for the next pass. */
  private writeAlerts(changed: AlertRow[], events: { alertId: string; event: AlertEvent }[]): WriteOutcome {
    for (const row of changed) this.unwritten.set(row.id, row);
    this.unwrittenEvents.push(...events);
    const excess = this.unwrittenEvents.length - MAX_UNWRITTEN_EVENTS;
    if (excess > 0) {
      this.unwrittenEvents.splice(0, excess);
      this.droppedEvents += excess;
    }
    const rows = [...this.unwritten.values()];
    const pendingEvents = this.unwrittenEvents;
    const written = this.writeOrKeep(() =>
      this.deps.repos.transaction(() => {
        for (const row of rows) this.deps.repos.alerts.saveAlert(row);
        for (const { alertId, event } of pendingEvents) this.deps.repos.alerts.appendAlertEvent({ alertId, ...event });
      }),
    );
    if (written !== 'written') return written;
    this.unwritten = new Map();
    this.unwrittenEvents = [];
    if (this.droppedEvents > 0) {
      this.deps.logger.warn({ dropped: this.droppedEvents }, 'alert history entries were dropped while they could not be written');
      this.droppedEvents = 0;
    }
    return 'written';
  }

  writeOrKeep(write: () => void): WriteOutcome {
    try {
      write();
      return 'written';
    } catch (error) {
      this.deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'writing alerts failed');
      return this.deps.writeFailed?.(error) === true ? 'disk-full' : 'failed';
    }
  }
}
