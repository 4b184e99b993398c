import type { Alert, AlertSnapshot, ConsoleStatus, EventPayload, StormState } from '../../shared/contract';

import { flushAtNextFrame } from './frame-batch';

type Listener = () => void;

/**
 * Every alert this console knows, by id: loaded from alerts.snapshot, then patched by alerts.changed
 * events and by the alerts commands return. A row subscribes to its own alert, so a change re-renders
 * one row. Rows and whatever depends on every alert (the grouped queue, the console status, the
 * alarm) are told once per frame, however many changes came, in the same frame as the monitor store
 * (frame-batch.ts), so they render in one commit.
 *
 * A snapshot replaces everything: core answers and pushes on one ordered channel, so an event that
 * arrived before the snapshot's answer is already in it.
 */
export class AlertStore {
  private alerts = new Map<string, Alert>();
  private list: readonly Alert[] | null = null;
  private status: ConsoleStatus | null = null;
  private stormList: readonly StormState[] = [];
  private loadedAt: number | null = null;
  /** Alerts in core's whole snapshot while only its first screenful is loaded; null once it is all here. */
  private pendingTotal: number | null = null;
  private version = 0;

  private readonly alertListeners = new Map<string, Set<Listener>>();
  private readonly listeners = new Set<Listener>();
  private readonly dirtyAlerts = new Set<string>();

  // ---- Reads (stable objects until they change, as useSyncExternalStore needs) ----

  getAlert = (id: string): Alert | undefined => this.alerts.get(id);
  /** Changes at most once a frame, whenever anything that depends on every alert may have changed. */
  getVersion = (): number => this.version;
  /** Every alert, in no particular order; the same array until an alert changes. */
  all(): readonly Alert[] {
    this.list ??= [...this.alerts.values()];
    return this.list;
  }
  /** As core computed it; null until the first snapshot. */
  consoleStatus(): ConsoleStatus | null {
    return this.status;
  }
  storms(): readonly StormState[] {
    return this.stormList;
  }
  /** When core made the snapshot the store holds; null before the first one. */
  snapshotAt(): number | null {
    return this.loadedAt;
  }
  get size(): number {
    return this.alerts.size;
  }
  /** Whether the store holds everything, not only the first screenful it loaded first. */
  isComplete(): boolean {
    return this.loadedAt !== null && this.pendingTotal === null;
  }
  /** How many alerts the whole snapshot holds while only the first of them are loaded; null otherwise. */
  totalStillLoading(): number | null {
    return this.pendingTotal;
  }

  // ---- Subscriptions ----

  subscribeAlert(id: string, listener: Listener): () => void {
    let set = this.alertListeners.get(id);
    if (set === undefined) {
      set = new Set();
      this.alertListeners.set(id, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.alertListeners.delete(id);
    };
  }
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  // ---- Writes ----

  /** A whole snapshot, or the first of it (fewer alerts than its total), replacing what the store held. */
  load(snapshot: AlertSnapshot): void {
    const previous = this.alerts;
    this.alerts = new Map(snapshot.alerts.map((alert) => [alert.id, alert]));
    this.status = snapshot.status;
    this.stormList = snapshot.storms;
    this.loadedAt = snapshot.at;
    this.pendingTotal = snapshot.alerts.length < snapshot.total ? snapshot.total : null;
    for (const id of new Set([...previous.keys(), ...this.alerts.keys()])) {
      if (previous.get(id) !== this.alerts.get(id)) this.notifyAlert(id);
    }
    this.changed();
  }

  /** An alerts.changed event: whole alerts, removed ids, and the status and storms as they are now. */
  applyChanges(changes: EventPayload<'alerts.changed'>): void {
    for (const alert of changes.alerts) {
      this.alerts.set(alert.id, alert);
      this.notifyAlert(alert.id);
    }
    for (const id of changes.removed) {
      if (this.alerts.delete(id)) this.notifyAlert(id);
    }
    this.status = changes.status;
    this.stormList = changes.storms;
    this.changed();
  }

  /** What a command returned: shown at once, without waiting for the event that follows it. */
  applyAlert(alert: Alert): void {
    this.alerts.set(alert.id, alert);
    this.notifyAlert(alert.id);
    this.changed();
  }

  private notifyAlert(id: string): void {
    this.dirtyAlerts.add(id);
  }

  private changed(): void {
    this.list = null;
    flushAtNextFrame(this.flush);
  }

  private readonly flush = (): void => {
    this.version += 1;
    const alerts = [...this.dirtyAlerts];
    this.dirtyAlerts.clear();
    for (const id of alerts) {
      const listeners = this.alertListeners.get(id);
      if (listeners !== undefined) for (const listener of [...listeners]) listener();
    }
    for (const listener of [...this.listeners]) listener();
  };
}
