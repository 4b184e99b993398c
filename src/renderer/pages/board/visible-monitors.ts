import { SEVERITY_RANK } from '../../../shared/domain/board-order';
import { STATUS_SEVERITY } from '../../../shared/domain/monitor-status';
import type { BoardEntry, SiteSummary } from '../../api/monitor-store';
import type { BoardFilters, BoardOrder } from '../../state/view-store';

/**
 * The ids the board's grid shows, in order. One pass over the store's site-then-name order, with
 * "problems first" as a stable bucketing by severity rather than a sort: O(n), so it can run every
 * frame in which a status changed.
 */
export function visibleMonitorIds(
  orderedIds: readonly string[],
  entryOf: (id: string) => BoardEntry | undefined,
  filters: BoardFilters,
): string[] {
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
  return filters.order === 'site-name' ? all : buckets.flat();
}

export function hasActiveFilters(filters: BoardFilters): boolean {
  return filters.text.trim() !== '' || filters.statuses.length > 0 || filters.siteId !== null || filters.tag !== null;
}

/** Site tiles in the board's order: with "problems first", sites by their worst status, else by name. */
export function orderedSiteIds(
  siteIds: readonly string[],
  siteOf: (id: string) => SiteSummary | undefined,
  order: BoardOrder,
): readonly string[] {
  if (order === 'site-name') return siteIds;
  // Sites without monitors have no worst status and go last.
  const buckets: string[][] = [...STATUS_SEVERITY.map(() => []), []];
  for (const id of siteIds) {
    const worst = siteOf(id)?.worst ?? null;
    buckets[worst === null ? STATUS_SEVERITY.length : (SEVERITY_RANK.get(worst) ?? 0)]?.push(id);
  }
  return buckets.flat();
}
