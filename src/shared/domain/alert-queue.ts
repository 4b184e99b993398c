import type { Alert, Severity } from '../contract/alerts';
import { severityRank } from './severity';
import { isOwnSite, type OwnSites } from './own-sites';

/**
 * Where an alert stands for the operator, one word per alert: its own lifecycle state, except that
 * a silence or a running snooze is what the operator needs to know first. Resolved wins over both.
 */
export type QueueState = 'firing' | 'acknowledged' | 'silenced' | 'snoozed' | 'resolved';
export const QUEUE_STATES: readonly QueueState[] = ['firing', 'acknowledged', 'silenced', 'snoozed', 'resolved'];

/** What the alert queue shows; applied as typed, since filtering runs in memory. */
export interface AlertQueueFilters {
  /** Matched against summary, subject, rule and site, case-insensitively. */
  text: string;
  severity: Severity | null;
  /** A site id, NO_SITE for alerts without a site, or null for every site. */
  siteId: string | null;
  state: QueueState | null;
  /** An owner's user id ("mine" is the signed-in person's), NO_OWNER for alerts nobody owns, or null for any owner. */
  ownerId: string | null;
}

export const EMPTY_ALERT_FILTERS: AlertQueueFilters = { text: '', severity: null, siteId: null, state: null, ownerId: null };

/** The owner filter's value for alerts nobody has claimed or acknowledged. */
export const NO_OWNER = '';

/** The group key of alerts that belong to no site (backup jobs, storm alerts). */
export const NO_SITE = '';

export type QueueAlert = Pick<
  Alert,
  | 'id'
  | 'severity'
  | 'state'
  | 'firstSeenAt'
  | 'resolvedAt'
  | 'siteId'
  | 'siteName'
  | 'summary'
  | 'subjectName'
  | 'ruleName'
  | 'snoozedUntil'
  | 'silencedBy'
  | 'heldBecause'
  | 'ownerId'
>;

export interface AlertGroup {
  /** The site's id, or NO_SITE. */
  siteId: string;
  siteName: string;
  /** In the order shown: open alerts most severe then newest, then resolutions, latest first. */
  alertIds: readonly string[];
  openCount: number;
  resolvedCount: number;
  /** The worst severity among its open alerts; null when every alert in it is resolved. */
  worst: Severity | null;
  /** A site outside the person's own (they are limited to some): listed after their own, and a supervisor acts there. */
  otherSite: boolean;
}

export interface AlertQueue {
  groups: readonly AlertGroup[];
  /** Every alert shown, in screen order (the groups' alertIds one after the other). */
  ids: readonly string[];
  /** Position of each shown alert in `ids`, so moving the cursor never searches the list. */
  indexOf: ReadonlyMap<string, number>;
  /** Sites that have alerts (shown or not), by name, for the site filter. */
  sites: readonly { id: string; name: string }[];
  /** Alerts before filtering. */
  total: number;
  /** The index of the first group of another site than the person's own; null when none is set apart. */
  firstOtherGroup: number | null;
}

// One collator for every name comparison: localeCompare with options builds one per call.
const nameCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function isSnoozed(alert: Pick<Alert, 'snoozedUntil'>, now: number): boolean {
  return alert.snoozedUntil !== null && alert.snoozedUntil > now;
}

export function queueStateOf(alert: Pick<Alert, 'state' | 'silencedBy' | 'snoozedUntil'>, now: number): QueueState {
  if (alert.state === 'resolved') return 'resolved';
  if (alert.silencedBy !== null) return 'silenced';
  if (isSnoozed(alert, now)) return 'snoozed';
  return alert.state;
}

/**
 * Whether an alert still asks for someone: firing, not silenced, not snoozed, and not held (core
 * notifies no one for a held alert, e.g. behind a dead parent, so the console does not either).
 * A critical one of these keeps the alarm sounding.
 */
export function demandsAttention(alert: Pick<Alert, 'state' | 'silencedBy' | 'snoozedUntil' | 'heldBecause'>, now: number): boolean {
  return alert.heldBecause === null && queueStateOf(alert, now) === 'firing';
}

export function isAlarmSounding(
  alerts: Iterable<Pick<Alert, 'severity' | 'state' | 'silencedBy' | 'snoozedUntil' | 'heldBecause'>>,
  now: number,
): boolean {
  for (const alert of alerts) if (alert.severity === 'critical' && demandsAttention(alert, now)) return true;
  return false;
}

// Alerts are replaced whole when they change, so an alert object's lower-cased text never goes stale.
const searchTextCache = new WeakMap<QueueAlert, string>();
function searchTextOf(alert: QueueAlert): string {
  let text = searchTextCache.get(alert);
  if (text === undefined) {
    text = `${alert.summary}\n${alert.subjectName}\n${alert.ruleName}\n${alert.siteName ?? ''}`.toLowerCase();
    searchTextCache.set(alert, text);
  }
  return text;
}

/** Open before resolved; open ones most severe then newest; resolutions latest first; id settles ties. */
function compareInGroup(a: QueueAlert, b: QueueAlert): number {
  const aResolved = a.state === 'resolved';
  const bResolved = b.state === 'resolved';
  if (aResolved !== bResolved) return aResolved ? 1 : -1;
  if (aResolved) return (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return severityRank(a.severity) - severityRank(b.severity) || b.firstSeenAt - a.firstSeenAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A group is named after its site as its first alert names it. */
function groupNameOf(alert: QueueAlert): string {
  return alert.siteId === null ? 'No site' : (alert.siteName ?? alert.siteId);
}

interface GroupBuild {
  siteId: string;
  siteName: string;
  alerts: QueueAlert[];
}

/** The person's own sites first; then by the groups' first alerts; then by site name. */
function compareGroups(own: OwnSites) {
  return (a: { siteId: string; siteName: string; lead: QueueAlert }, b: { siteId: string; siteName: string; lead: QueueAlert }): number =>
    Number(!isOwnSite(own, a.lead.siteId)) - Number(!isOwnSite(own, b.lead.siteId)) ||
    compareInGroup(a.lead, b.lead) ||
    nameCollator.compare(a.siteName, b.siteName);
}

/**
 * The queue as shown: filtered, grouped by site, sorted. A person limited to some sites gets their
 * own sites' groups first, then the others (`firstOtherGroup`). Within each, groups go by their
 * first alert (so read down the groups' first rows and they are in order too): most severe open
 * alert first, then the newest; groups with only resolutions last; then by site name. `now`
 * decides which snoozes still run. O(n log n); meant to run when the alerts, the filters or the
 * person change, never on a cursor move.
 */
export function buildAlertQueue(alerts: Iterable<QueueAlert>, filters: AlertQueueFilters, now: number, own: OwnSites = null): AlertQueue {
  const needle = filters.text.trim().toLowerCase();
  const groups = new Map<string, GroupBuild>();
  const siteNames = new Map<string, string>();
  let total = 0;
  for (const alert of alerts) {
    total += 1;
    const siteId = alert.siteId ?? NO_SITE;
    if (alert.siteId !== null) siteNames.set(alert.siteId, alert.siteName ?? alert.siteId);
    if (filters.severity !== null && alert.severity !== filters.severity) continue;
    if (filters.siteId !== null && siteId !== filters.siteId) continue;
    if (filters.state !== null && queueStateOf(alert, now) !== filters.state) continue;
    if (filters.ownerId !== null && (alert.ownerId ?? NO_OWNER) !== filters.ownerId) continue;
    if (needle !== '' && !searchTextOf(alert).includes(needle)) continue;
    let group = groups.get(siteId);
    if (group === undefined) {
      group = { siteId, siteName: groupNameOf(alert), alerts: [] };
      groups.set(siteId, group);
    }
    group.alerts.push(alert);
  }

  const built: (AlertGroup & { lead: QueueAlert })[] = [];
  for (const group of groups.values()) {
    group.alerts.sort(compareInGroup);
    const lead = group.alerts[0];
    if (lead === undefined) continue;
    const resolvedCount = group.alerts.reduce((count, alert) => count + (alert.state === 'resolved' ? 1 : 0), 0);
    built.push({
      siteId: group.siteId,
      siteName: group.siteName,
      alertIds: group.alerts.map((alert) => alert.id),
      openCount: group.alerts.length - resolvedCount,
      resolvedCount,
      worst: lead.state === 'resolved' ? null : lead.severity,
      otherSite: !isOwnSite(own, lead.siteId),
      lead,
    });
  }
  built.sort(compareGroups(own));

  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  const result: AlertGroup[] = [];
  for (const { lead: _lead, ...group } of built) {
    for (const id of group.alertIds) {
      indexOf.set(id, ids.length);
      ids.push(id);
    }
    result.push(group);
  }
  const sites = [...siteNames].map(([id, name]) => ({ id, name })).sort((a, b) => nameCollator.compare(a.name, b.name));
  const firstOther = result.findIndex((group) => group.otherSite);
  return { groups: result, ids, indexOf, sites, total, firstOtherGroup: firstOther === -1 ? null : firstOther };
}

/**
 * The first `count` alerts of the unfiltered queue, in screen order (the person's own sites first):
 * what a console shows first.
 * The same order as buildAlertQueue, but only the groups that reach those rows are sorted, so core
 * answers it from ten thousand open alerts in a few milliseconds.
 */
export function firstInQueueOrder<T extends QueueAlert>(alerts: Iterable<T>, count: number, own: OwnSites = null): T[] {
  const groups = new Map<string, { siteId: string; siteName: string; alerts: T[]; lead: T }>();
  for (const alert of alerts) {
    const siteId = alert.siteId ?? NO_SITE;
    const group = groups.get(siteId);
    if (group === undefined) groups.set(siteId, { siteId, siteName: groupNameOf(alert), alerts: [alert], lead: alert });
    else {
      group.alerts.push(alert);
      if (compareInGroup(alert, group.lead) < 0) group.lead = alert;
    }
  }
  const ordered = [...groups.values()].sort(compareGroups(own));
  const first: T[] = [];
  for (const group of ordered) {
    if (first.length >= count) break;
    first.push(...group.alerts.sort(compareInGroup).slice(0, count - first.length));
  }
  return first;
}

export function hasActiveAlertFilters(filters: AlertQueueFilters): boolean {
  return (
    filters.text.trim() !== '' || filters.severity !== null || filters.siteId !== null || filters.state !== null || filters.ownerId !== null
  );
}

/** "Depot — 3 alerts, worst critical", and its resolutions after. */
export function describeGroup(group: Pick<AlertGroup, 'siteName' | 'openCount' | 'resolvedCount' | 'worst'>): string {
  const open =
    group.openCount === 0
      ? 'no open alerts'
      : `${group.openCount} alert${group.openCount === 1 ? '' : 's'}, worst ${group.worst ?? 'none'}`;
  const resolved = group.resolvedCount === 0 ? '' : ` · ${group.resolvedCount} resolved`;
  return `${group.siteName} — ${open}${resolved}`;
}
