/**
 * A person limited to some sites sees those first on the board, in the queue and in the incident
 * list, and the others after them, set apart: they may look there, but a supervisor acts there.
 */

/** The sites a person works on, as a set to ask once per row; null when they work on every site (nothing is set apart). */
export type OwnSites = ReadonlySet<string> | null;

/** From `User.sites` / `WhoAmI.sites` / `Actor.sites` (null: every site). */
export function ownSitesOf(sites: readonly string[] | null | undefined): OwnSites {
  return sites === null || sites === undefined ? null : new Set(sites);
}

/** Whether a target is on the person's own side: every site when unlimited, and anything without a site (a backup job) for anyone. */
export function isOwnSite(own: OwnSites, siteId: string | null): boolean {
  return own === null || siteId === null || own.has(siteId);
}

/** The line between a person's own sites and the others, on every list that sets them apart. */
export const OTHER_SITES_LABEL = 'Other sites (a supervisor acts there)';

/**
 * Own first, the others after, each keeping the order it had (a stable partition, O(n)); the
 * index of the first other item, or null when nothing is set apart. An unlimited person gets the
 * very list given, uncopied.
 */
export function ownFirst<T>(
  items: readonly T[],
  siteOf: (item: T) => string | null,
  own: OwnSites,
): { items: readonly T[]; firstOther: number | null } {
  if (own === null) return { items, firstOther: null };
  const mine: T[] = [];
  const others: T[] = [];
  for (const item of items) (isOwnSite(own, siteOf(item)) ? mine : others).push(item);
  return { items: [...mine, ...others], firstOther: others.length > 0 ? mine.length : null };
}
