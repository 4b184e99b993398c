/**
 * Which page an address names, without React or the view store: the tiny early script reads it
 * to ask for the first screen before the console's code has been evaluated.
 */

export const PAGES = [
  'board',
  'alerts',
  'incidents',
  'incident',
  'alert-config',
  'sops',
  'backups',
  'monitor',
  'monitor-form',
  'sites',
  'overview',
  'audit',
  'security',
  'retention',
  'reports',
  'settings',
  'users',
  'sessions',
  'wall',
  'handover',
] as const;
export type Page = (typeof PAGES)[number];

/** The page the console opens on: the live status board is what a control room looks at. */
export const HOME_PAGE: Page = 'board';

export function isPage(value: unknown): value is Page {
  return typeof value === 'string' && (PAGES as readonly string[]).includes(value);
}

export function hashParams(hash: string): URLSearchParams {
  return new URLSearchParams(hash.replace(/^#/, ''));
}

/** `#incident/<id>`: an incident's address as typed or linked, a bare page name with the id after a slash. */
export const BARE_INCIDENT = /^incident\/(.+)$/;

export function bareIncidentId(params: URLSearchParams): string | null {
  for (const [key, value] of params) {
    const match = value === '' ? BARE_INCIDENT.exec(key) : null;
    if (match?.[1] !== undefined) return match[1];
  }
  return null;
}

/**
 * The page named in the URL fragment (#page=audit, next to serve mode's #token=...). A bare page
 * name (#alerts, #incident/<id>) is read too: it is what a person types or bookmarks.
 */
export function pageFromHash(hash: string): Page {
  const params = hashParams(hash);
  const page = params.get('page');
  if (isPage(page)) return page;
  if (bareIncidentId(params) !== null) return 'incident';
  const bare = [...params].find(([key, value]) => value === '' && isPage(key));
  return bare === undefined ? HOME_PAGE : (bare[0] as Page);
}
