import type { MonitorStatus } from '../contract/monitors';
import { STATUS_SEVERITY } from './monitor-status';
import { isOwnSite, type OwnSites } from './own-sites';

// One collator for every comparison: localeCompare with options builds one per call, which made
// sorting 2,000 monitors take about 60 ms of the board's first render. Made at the first comparison,
// not when this module loads: the first collator of a page loads the collation data (tens of ms),
// which the early script (renderer/early.ts) pays after it has asked for the first screen, not before.
let names: Intl.Collator | null = null;

export function compareNames(a: string, b: string): number {
  names ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return names.compare(a, b);
}

export function byName(a: { name: string }, b: { name: string }): number {
  return compareNames(a.name, b.name);
}

export const SEVERITY_RANK: ReadonlyMap<MonitorStatus, number> = new Map(STATUS_SEVERITY.map((status, rank) => [status, rank]));

/** Sites in the order of their worst status (a stable bucketing: equal ones keep the order given); sites without monitors last. */
export function sitesByWorstStatus(siteIds: readonly string[], worstOf: (id: string) => MonitorStatus | null): string[] {
  const buckets: string[][] = [...STATUS_SEVERITY.map(() => []), []];
  for (const id of siteIds) {
    const worst = worstOf(id);
    buckets[worst === null ? STATUS_SEVERITY.length : (SEVERITY_RANK.get(worst) ?? 0)]?.push(id);
  }
  return buckets.flat();
}

/** Each site's place on the board: sites by name (a stable sort, so equal names keep the order given). */
export function siteRanks(sites: readonly { id: string; name: string }[]): Map<string, number> {
  return new Map([...sites].sort(byName).map((site, index) => [site.id, index]));
}

/** Where a monitor goes on the board: its status, its site, its name. */
export interface BoardPlace {
  siteId: string;
  name: string;
  status: MonitorStatus;
}

/**
 * The first `count` monitors of the board in its default order, problems first: the person's own
 * sites before the others (when they are limited to some), then by status severity, then site name,
 * then monitor name, as the board lists them. Only the severities and, within them, the sites that
 * reach those rows are sorted by name, so core answers the first screenful without sorting every
 * monitor (2,000 monitors all up were one sort of 2,000 names in the path of the first frame).
 */
export function firstInBoardOrder<T>(
  monitors: Iterable<T>,
  placeOf: (monitor: T) => BoardPlace,
  sites: readonly { id: string; name: string }[],
  count: number,
  own: OwnSites = null,
): T[] {
  // Own sites' severities, then the other sites' severities: one bucket each, filled in one pass.
  const buckets: T[][] = [...STATUS_SEVERITY, ...STATUS_SEVERITY].map(() => []);
  for (const monitor of monitors) {
    const place = placeOf(monitor);
    const side = isOwnSite(own, place.siteId) ? 0 : STATUS_SEVERITY.length;
    buckets[side + (SEVERITY_RANK.get(place.status) ?? 0)]?.push(monitor);
  }
  const rank = siteRanks(sites);
  const first: T[] = [];
  for (const bucket of buckets) {
    if (first.length >= count) break;
    first.push(...firstBySiteThenName(bucket, placeOf, rank, count - first.length));
  }
  return first;
}

/**
 * The first `count` of `monitors` by site rank, then name: grouped by site in one pass (keeping the
 * order given, as a stable sort would), and only the groups that reach `count` sorted by name.
 */
function firstBySiteThenName<T>(
  monitors: readonly T[],
  placeOf: (monitor: T) => BoardPlace,
  rank: ReadonlyMap<string, number>,
  count: number,
): T[] {
  const bySite = new Map<number, T[]>();
  for (const monitor of monitors) {
    const siteRank = rank.get(placeOf(monitor).siteId) ?? 0;
    const group = bySite.get(siteRank);
    if (group === undefined) bySite.set(siteRank, [monitor]);
    else group.push(monitor);
  }
  const first: T[] = [];
  for (const siteRank of [...bySite.keys()].sort((a, b) => a - b)) {
    if (first.length >= count) break;
    const named = (bySite.get(siteRank) ?? []).map((monitor) => ({ monitor, name: placeOf(monitor).name }));
    named.sort(byName);
    for (const { monitor } of named.slice(0, count - first.length)) first.push(monitor);
  }
  return first;
}
