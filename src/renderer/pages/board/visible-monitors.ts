import { SEVERITY_RANK, sitesByWorstStatus } from '../../../shared/domain/board-order';
import { STATUS_SEVERITY } from '../../../shared/domain/monitor-status';
import { ownFirst, type OwnSites } from '../../../shared/domain/own-sites';
import type { BoardEntry, SiteSummary } from '../../api/monitor-store';
import type { BoardFilters, BoardOrder } from '../../state/view-store';

/** What the board's grid shows: ids in order, and where the sites other than the person's own start (null: none set apart). */
export interface BoardRows {
  ids: readonly string[];
  firstOther: number | null;
}

/**
 * The ids the board's grid shows, in order. One pass over the store's site-then-name order, with
 * "problems first" as a stable bucketing by severity rather than a sort, then the person's own
 * sites moved first (a stable partition): O(n), so it can run every frame in which a status changed.
 */
export function visibleMonitorIds(
  orderedIds: readonly string[],
  entryOf: (id: string) => BoardEntry | undefined,
  filters: BoardFilters,
  own: OwnSites = null,
): BoardRows {
  const needle = filters.text.trim().toLowerCase();
  const statuses = filters.statuses.length > 0 ? new Set(filters.statuses) : null;
  const buckets: string[][] = STATUS_SEVERITY.map(() => []);
  const all: string[] = [];
  for (const id of orderedIds) {
    const entry = entryOf(id);
    if (entry === undefined) continue;
    if (filters.siteId !== null && entry.siteId !== filters.siteId) continue;
    if (filters.tag !== null && !entry.tags.includes(filters.tag)) continue;
    if (statuses !== null && !statuses.has(entry.state.status)) continue;
    if (needle !== '' && !entry.searchText.includes(needle)) continue;
    if (filters.order === 'site-name') all.push(id);
    else buckets[SEVERITY_RANK.get(entry.state.status) ?? 0]?.push(id);
  }
  const rows = ownFirst(filters.order === 'site-name' ? all : buckets.flat(), (id) => entryOf(id)?.siteId ?? null, own);
  return { ids: rows.items, firstOther: rows.firstOther };
}

export function hasActiveFilters(filters: BoardFilters): boolean {
  return filters.text.trim() !== '' || filters.statuses.length > 0 || filters.siteId !== null || filters.tag !== null;
}

/**
 * Site tiles in the board's order: the person's own sites first (when they are limited to some),
 * then with "problems first" sites by their worst status, else by name.
 */
export function orderedSiteIds(
  siteIds: readonly string[],
  siteOf: (id: string) => SiteSummary | undefined,
  order: BoardOrder,
  own: OwnSites = null,
): BoardRows {
  const tiles = ownFirst(order === 'site-name' ? siteIds : sitesByWorstStatus(siteIds, (id) => siteOf(id)?.worst ?? null), (id) => id, own);
  return { ids: tiles.items, firstOther: tiles.firstOther };
}

interface KeptRows {
  orderedIds: readonly string[];
  filters: BoardFilters;
  own: OwnSites;
  version: number;
  rows: BoardRows;
  /** Whether the next frame may move monitors between buckets instead of computing the rows whole. */
  movable: boolean;
  /** Each shown monitor's bucket (its status's rank). */
  rankOf: Map<string, number>;
  /** Where each bucket ends in `rows.ids`. */
  bucketEnds: number[];
  /** Each monitor's place in the store's order, for the binary search within a bucket. */
  placeOf: ReadonlyMap<string, number>;
}

/**
 * The board's rows kept from one frame to the next. When the only change since the frame before is
 * the status of a few monitors and what is shown does not depend on status (problems first, no
 * status filter, nobody's own sites set apart), each changed monitor moves from its bucket to its
 * new one, found by a binary search on the store's order, instead of a pass over every monitor;
 * anything else is computed whole by visibleMonitorIds. Either way the rows are the same.
 */
export class BoardRowsKeeper {
  private kept: KeptRows | null = null;

  /**
   * The rows at the store's `version`; `statusChanges` are the monitors whose status changed in the
   * frame that made that version (null when unknown, e.g. a new snapshot).
   */
  rows(
    orderedIds: readonly string[],
    entryOf: (id: string) => BoardEntry | undefined,
    filters: BoardFilters,
    own: OwnSites,
    version: number,
    statusChanges: readonly string[] | null,
  ): BoardRows {
    const kept = this.kept;
    const sameView = kept !== null && kept.orderedIds === orderedIds && kept.filters === filters && kept.own === own;
    if (sameView && kept.version === version) return kept.rows;
    if (sameView && kept.movable && statusChanges !== null && version === kept.version + 1) {
      this.kept = moveChanged(kept, entryOf, version, statusChanges);
      return this.kept.rows;
    }
    const rows = visibleMonitorIds(orderedIds, entryOf, filters, own);
    const movable = filters.order === 'problems-first' && filters.statuses.length === 0 && own === null;
    this.kept = {
      orderedIds,
      filters,
      own,
      version,
      rows,
      movable,
      ...(movable ? bucketsOf(rows.ids, entryOf, kept?.orderedIds === orderedIds ? kept.placeOf : placesOf(orderedIds)) : emptyBuckets()),
    };
    return rows;
  }
}

function rankOfStatus(entry: BoardEntry | undefined): number {
  return entry === undefined ? 0 : (SEVERITY_RANK.get(entry.state.status) ?? 0);
}

function placesOf(orderedIds: readonly string[]): ReadonlyMap<string, number> {
  return new Map(orderedIds.map((id, place) => [id, place]));
}

function emptyBuckets(): Pick<KeptRows, 'rankOf' | 'bucketEnds' | 'placeOf'> {
  return { rankOf: new Map(), bucketEnds: [], placeOf: new Map() };
}

function bucketsOf(
  ids: readonly string[],
  entryOf: (id: string) => BoardEntry | undefined,
  placeOf: ReadonlyMap<string, number>,
): Pick<KeptRows, 'rankOf' | 'bucketEnds' | 'placeOf'> {
  const rankOf = new Map<string, number>();
  const sizes = STATUS_SEVERITY.map(() => 0);
  for (const id of ids) {
    const rank = rankOfStatus(entryOf(id));
    rankOf.set(id, rank);
    sizes[rank] = (sizes[rank] ?? 0) + 1;
  }
  let end = 0;
  return { rankOf, bucketEnds: sizes.map((size) => (end += size)), placeOf };
}

/** The first index in ids[from, to) whose place in the store's order is not before `place`. */
function searchBucket(ids: readonly string[], from: number, to: number, place: number, placeOf: ReadonlyMap<string, number>): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((placeOf.get(ids[middle] ?? '') ?? 0) < place) low = middle + 1;
    else high = middle;
  }
  return low;
}

function moveChanged(
  kept: KeptRows,
  entryOf: (id: string) => BoardEntry | undefined,
  version: number,
  statusChanges: readonly string[],
): KeptRows {
  const ids = [...kept.rows.ids];
  const rankOf = new Map(kept.rankOf);
  const bucketEnds = [...kept.bucketEnds];
  const startOf = (rank: number) => (rank === 0 ? 0 : (bucketEnds[rank - 1] ?? 0));
  for (const id of statusChanges) {
    const from = rankOf.get(id);
    // Not shown (filtered out by site, tag or text, which a status change does not alter).
    if (from === undefined) continue;
    const to = rankOfStatus(entryOf(id));
    if (to === from) continue;
    const place = kept.placeOf.get(id) ?? 0;
    ids.splice(searchBucket(ids, startOf(from), bucketEnds[from] ?? 0, place, kept.placeOf), 1);
    for (let rank = from; rank < bucketEnds.length; rank += 1) bucketEnds[rank] = (bucketEnds[rank] ?? 0) - 1;
    ids.splice(searchBucket(ids, startOf(to), bucketEnds[to] ?? 0, place, kept.placeOf), 0, id);
    for (let rank = to; rank < bucketEnds.length; rank += 1) bucketEnds[rank] = (bucketEnds[rank] ?? 0) + 1;
    rankOf.set(id, to);
  }
  return { ...kept, version, rows: { ids, firstOther: null }, rankOf, bucketEnds };
}
