import type { BoardSnapshot, EventPayload, MonitorState, MonitorStatus } from '../../shared/contract';
import { byName, compareNames, siteRanks } from '../../shared/domain/board-order';
import { countStatuses, worstStatus, type StatusCounts } from '../../shared/domain/monitor-status';
import { flushAtNextFrame } from './frame-batch';

export type SnapshotMonitor = BoardSnapshot['monitors'][number];
export type SiteSummary = BoardSnapshot['sites'][number];

/** One monitor as the board shows it: what board.snapshot said, with its state kept current by events. */
export interface BoardEntry extends SnapshotMonitor {
  /** Lower-cased name and target, computed once, so a search does not lower-case 2,000 strings per keystroke. */
  readonly searchText: string;
}

type Listener = () => void;

/** Newer wins: a state that changed later, or the same state checked later. */
function isNewer(candidate: MonitorState, current: MonitorState): boolean {
  if (candidate.since !== current.since) return candidate.since > current.since;
  return (candidate.lastCheckAt ?? 0) >= (current.lastCheckAt ?? 0);
}

/**
 * The board's live data, normalized by monitor id: loaded from board.snapshot, then patched by
 * monitor.state and probe.results events. A row subscribes to its own monitor and a site tile to
 * its own site, so one event re-renders one row and at most one tile. Everyone is told once per
 * frame, however many events came, in the same frame as the alert store (frame-batch.ts): the rows,
 * tiles and whatever depends on every monitor (the filtered list, the status counts) render in one
 * commit.
 */
export class MonitorStore {
  private entries = new Map<string, BoardEntry>();
  private siteSummaries = new Map<string, SiteSummary>();
  /** States that arrived for monitors the store does not know yet; used when the next snapshot brings them. */
  private orphanStates = new Map<string, MonitorState>();
  private baseOrder: readonly string[] = [];
  private siteOrder: readonly string[] = [];
  private tagList: readonly string[] = [];
  private statusCounts: StatusCounts = countStatuses([]);
  private loadedAt: number | null = null;
  /** Snapshot reads asked for, and the latest of them loaded: answers are loaded in the order they were asked. */
  private readsAsked = 0;
  private latestReadLoaded = 0;
  /** Monitors in core's whole snapshot while only its first screenful is loaded; null once it is all here. */
  private pendingTotal: number | null = null;
  private version = 0;

  private readonly entryListeners = new Map<string, Set<Listener>>();
  private readonly siteListeners = new Map<string, Set<Listener>>();
  private readonly listeners = new Set<Listener>();
  private readonly dirtyEntries = new Set<string>();
  private readonly dirtySites = new Set<string>();
  private boardChanged = false;
  /** Monitors whose status changed since the last flush; null when a snapshot replaced everything. */
  private statusMoves: Set<string> | null = new Set();
  /** The same, as of the flush that made the current version. */
  private lastStatusMoves: readonly string[] | null = null;

  // ---- Reads (stable objects until they change, as useSyncExternalStore needs) ----

  getEntry = (id: string): BoardEntry | undefined => this.entries.get(id);
  getSite = (id: string): SiteSummary | undefined => this.siteSummaries.get(id);
  /** Changes whenever anything the whole board depends on changed: compare it, then read the rest. */
  getVersion = (): number => this.version;
  /**
   * The monitors whose status changed in the frame that made `version`, when that is all that
   * changed (the board's rows can then move just those); null otherwise.
   */
  statusChangesAt(version: number): readonly string[] | null {
    return version === this.version ? this.lastStatusMoves : null;
  }
  /** Monitor ids by site name, then monitor name. */
  orderedIds(): readonly string[] {
    return this.baseOrder;
  }
  /** Site ids by name. */
  siteIds(): readonly string[] {
    return this.siteOrder;
  }
  tags(): readonly string[] {
    return this.tagList;
  }
  counts(): StatusCounts {
    return this.statusCounts;
  }
  /** When core made the snapshot the store holds; null before the first one. */
  snapshotAt(): number | null {
    return this.loadedAt;
  }
  /** Whether the store holds every monitor, not only the first screenful it loaded first. */
  isComplete(): boolean {
    return this.loadedAt !== null && this.pendingTotal === null;
  }
  /** How many monitors the whole snapshot holds while only the first of them are loaded; null otherwise. */
  totalStillLoading(): number | null {
    return this.pendingTotal;
  }
  get size(): number {
    return this.entries.size;
  }

  // ---- Subscriptions ----

  subscribeEntry(id: string, listener: Listener): () => void {
    return addListener(this.entryListeners, id, listener);
  }
  subscribeSite(id: string, listener: Listener): () => void {
    return addListener(this.siteListeners, id, listener);
  }
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  // ---- Writes ----

  /** A ticket for a snapshot read about to be asked for, to load its answer with (loadAnswer). */
  askRead(): number {
    this.readsAsked += 1;
    return this.readsAsked;
  }

  /**
   * Loads the answer of the read given `ticket`, unless a read asked after it was loaded already: a
   * whole board's answer is checked in slices (transport/envelope.ts), so two reads (a change of
   * monitors during the first) can finish out of order, and the older one would bring back monitors
   * the newer one no longer has. Returns whether it was loaded.
   */
  loadAnswer(ticket: number, snapshot: BoardSnapshot): boolean {
    if (ticket < this.latestReadLoaded) return false;
    this.latestReadLoaded = ticket;
    this.load(snapshot);
    return true;
  }

  /**
   * Replaces everything with a snapshot, keeping any state an event brought that is newer than it.
   * A first screenful (fewer monitors than its total) takes its site tiles and status counts from
   * core, which counted every monitor; the whole snapshot that follows replaces it.
   */
  load(snapshot: BoardSnapshot): void {
    const partial = snapshot.monitors.length < snapshot.total;
    const previous = this.entries;
    const next = new Map<string, BoardEntry>();
    for (const monitor of snapshot.monitors) {
      const known = previous.get(monitor.id)?.state ?? this.orphanStates.get(monitor.id);
      const state = known && isNewer(known, monitor.state) ? known : monitor.state;
      next.set(monitor.id, { ...monitor, state, searchText: `${monitor.name}\n${monitor.target}`.toLowerCase() });
      this.orphanStates.delete(monitor.id);
    }
    this.entries = next;
    // States of monitors the first screenful left out are still needed when the rest arrives.
    if (!partial) this.orphanStates.clear();
    this.pendingTotal = partial ? snapshot.total : null;

    const statusesBySite = new Map<string, MonitorStatus[]>();
    for (const entry of next.values()) {
      const list = statusesBySite.get(entry.siteId) ?? [];
      list.push(entry.state.status);
      statusesBySite.set(entry.siteId, list);
    }
    this.siteSummaries = new Map(
      snapshot.sites.map((site) => {
        if (partial) return [site.id, site];
        const statuses = statusesBySite.get(site.id) ?? [];
        return [site.id, { ...site, worst: worstStatus(statuses), counts: countStatuses(statuses) }];
      }),
    );
    const siteRank = siteRanks(snapshot.sites);
    this.siteOrder = [...siteRank.keys()];
    this.baseOrder = [...next.values()]
      .sort((a, b) => (siteRank.get(a.siteId) ?? 0) - (siteRank.get(b.siteId) ?? 0) || byName(a, b))
      .map((entry) => entry.id);
    this.tagList = [...new Set(snapshot.monitors.flatMap((monitor) => monitor.tags))].sort(compareNames);
    this.statusCounts = partial
      ? sumCounts(snapshot.sites.map((site) => site.counts))
      : countStatuses([...next.values()].map((entry) => entry.state.status));
    this.loadedAt = snapshot.at;

    for (const id of new Set([...previous.keys(), ...next.keys()])) {
      if (previous.get(id) !== next.get(id)) this.dirtyEntries.add(id);
    }
    for (const id of this.siteListeners.keys()) this.dirtySites.add(id);
    this.boardChanged = true;
    this.statusMoves = null;
    this.scheduleFlush();
  }

  /** A monitor.state event: the one place a status changes between snapshots. */
  applyState(state: MonitorState): void {
    const entry = this.entries.get(state.monitorId);
    if (entry === undefined) {
      this.orphanStates.set(state.monitorId, state);
      return;
    }
    if (!isNewer(state, entry.state)) return;
    const previousStatus = entry.state.status;
    this.entries.set(entry.id, { ...entry, state });
    this.entryChanged(entry.id);
    if (previousStatus !== state.status) {
      this.statusMoves?.add(entry.id);
      this.moveStatus(entry.siteId, previousStatus, state.status);
    }
  }

  /** A probe.results batch: latency and check time only; status changes come as monitor.state. */
  applyResults(batch: EventPayload<'probe.results'>): void {
    batch.monitorIds.forEach((id, index) => {
      const entry = this.entries.get(id);
      const at = batch.at[index];
      if (entry === undefined || at === undefined || (entry.state.lastCheckAt ?? 0) > at) return;
      const latency = batch.latencyMs[index] ?? null;
      this.entries.set(id, { ...entry, state: { ...entry.state, lastCheckAt: at, lastLatencyMs: latency } });
      this.entryChanged(id);
    });
  }

  private moveStatus(siteId: string, from: MonitorStatus, to: MonitorStatus): void {
    this.statusCounts = { ...this.statusCounts, [from]: this.statusCounts[from] - 1, [to]: this.statusCounts[to] + 1 };
    const site = this.siteSummaries.get(siteId);
    if (site !== undefined) {
      const counts = { ...site.counts, [from]: site.counts[from] - 1, [to]: site.counts[to] + 1 };
      const present = (Object.keys(counts) as MonitorStatus[]).filter((status) => counts[status] > 0);
      this.siteSummaries.set(siteId, { ...site, counts, worst: worstStatus(present) });
      this.dirtySites.add(siteId);
    }
    this.boardChanged = true;
    this.scheduleFlush();
  }

  /** A change only its own row shows (its latency, its check time) leaves the board's version alone. */
  private entryChanged(id: string): void {
    this.dirtyEntries.add(id);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    flushAtNextFrame(this.flush);
  }

  private readonly flush = (): void => {
    const entries = [...this.dirtyEntries];
    const sites = [...this.dirtySites];
    const boardChanged = this.boardChanged;
    this.dirtyEntries.clear();
    this.dirtySites.clear();
    this.boardChanged = false;
    if (boardChanged) {
      this.version += 1;
      this.lastStatusMoves = this.statusMoves === null ? null : [...this.statusMoves];
      this.statusMoves = new Set();
    }
    for (const id of entries) notify(this.entryListeners.get(id));
    for (const id of sites) notify(this.siteListeners.get(id));
    if (boardChanged) notify(this.listeners);
  };
}

function sumCounts(counts: readonly StatusCounts[]): StatusCounts {
  const sum = countStatuses([]);
  for (const count of counts) for (const status of Object.keys(sum) as MonitorStatus[]) sum[status] += count[status];
  return sum;
}

function addListener(map: Map<string, Set<Listener>>, id: string, listener: Listener): () => void {
  let set = map.get(id);
  if (set === undefined) {
    set = new Set();
    map.set(id, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) map.delete(id);
  };
}

function notify(listeners: Set<Listener> | undefined): void {
  if (listeners === undefined) return;
  for (const listener of [...listeners]) listener();
}
