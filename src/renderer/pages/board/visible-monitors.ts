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
