import type { AvailabilityReport, MonitorAvailability, SiteAvailability } from '../../shared/contract';
import type { BucketCounts, ReportIncidentRow, Repositories } from '../db';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const NO_SITE = { id: '', name: 'No site' };

interface Measured {
  count: number;
  upCount: number;
  measuredMinutes: number;
  /** Failed probes as minutes of their bucket: an hour, or a whole day where its hours are no longer kept. */
  downMinutes: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
/** Uptimes keep four decimals: 99.99 % and 99.9 % differ by the second one. */
const round4 = (value: number) => Math.round(value * 10_000) / 10_000;
const percent = (up: number, count: number) => (count === 0 ? null : (100 * up) / count);

/** The share of a bucket's probes that failed, as minutes of that bucket: exact for a monitor probing at a steady interval. */
function downMinutesOf(row: BucketCounts, spanMs: number): number {
  return row.count === 0 ? 0 : ((row.count - row.upCount) / row.count) * (spanMs / MINUTE_MS);
}

/**
 * Whole UTC days inside the period are read from day roll-ups; an hour roll-up is read only where
 * it can change the answer: in a day that saw a failure (to size its downtime by the hours probed) and in the
 * period's partial days at either end. A month of 500 monitors reads ~15,000 day rows, not ~370,000 hours.
 */
function measure(repos: Repositories, monitorId: string, from: number, to: number): Measured {
  const daysFrom = Math.ceil(from / DAY_MS) * DAY_MS;
  const daysTo = Math.max(daysFrom, Math.floor(to / DAY_MS) * DAY_MS);
  const measured: Measured = { count: 0, upCount: 0, measuredMinutes: 0, downMinutes: 0 };
  const addHours = (rangeFrom: number, rangeTo: number) => {
    if (rangeTo <= rangeFrom) return;
    for (const row of repos.reports.hourCounts(monitorId, rangeFrom, rangeTo)) {
      measured.count += row.count;
      measured.upCount += row.upCount;
      measured.measuredMinutes += HOUR_MS / MINUTE_MS;
      measured.downMinutes += downMinutesOf(row, HOUR_MS);
    }
  };
  if (daysFrom >= to) {
    addHours(from, to);
    return measured;
  }
  addHours(from, daysFrom);
  for (const day of repos.reports.dayCounts(monitorId, daysFrom, daysTo)) {
    measured.count += day.count;
    measured.upCount += day.upCount;
    measured.measuredMinutes += DAY_MS / MINUTE_MS;
    if (day.upCount >= day.count) continue;
    const hours = repos.reports.failingHours(monitorId, day.bucket, day.bucket + DAY_MS);
    if (hours.length === 0) measured.downMinutes += downMinutesOf(day, DAY_MS);
    else for (const hour of hours) measured.downMinutes += downMinutesOf(hour, HOUR_MS);
  }
  addHours(daysTo, to);
  return measured;
}

/**
 * The monitor's outages in [from, end), in minutes, from its status changes: each stretch with the
 * status down is one outage, however short, so two outages in one hour count as two. An outage under
 * way at either end counts for its part inside the period. Status changes are kept as long as day
 * roll-ups (longer than hour roll-ups), so this is exact for any period the report can measure.
 */
function outagesOf(repos: Repositories, monitorId: string, from: number, end: number): number[] {
  if (end <= from) return [];
  const outages: number[] = [];
  let downSince = repos.reports.statusAt(monitorId, from) === 'down' ? from : null;
  for (const change of repos.reports.statusChanges(monitorId, from, end)) {
    if (change.status === 'down') downSince ??= change.at;
    else if (downSince !== null) {
      outages.push((change.at - downSince) / MINUTE_MS);
      downSince = null;
    }
  }
  if (downSince !== null) outages.push((end - downSince) / MINUTE_MS);
  return outages;
}

function meanMinutes(durations: number[]): number | null {
  return durations.length === 0 ? null : round2(durations.reduce((sum, ms) => sum + ms, 0) / durations.length / MINUTE_MS);
}

function incidentTimes(incidents: readonly ReportIncidentRow[]) {
  return {
    incidents: incidents.length,
    mttaMinutes: meanMinutes(incidents.flatMap((i) => (i.respondedAt === null ? [] : [i.respondedAt - i.startedAt]))),
    mttrMinutes: meanMinutes(incidents.flatMap((i) => (i.resolvedAt === null ? [] : [i.resolvedAt - i.startedAt]))),
  };
}

export interface AvailabilityPeriod {
  from: number;
  to: number;
  label: string;
  targetPercent: number;
  /** An outage still under way is counted up to now (or to its monitor's retirement), not to the period's end. */
  now: number;
}

export function availabilityReport(repos: Repositories, period: AvailabilityPeriod): AvailabilityReport {
  const { from, to, targetPercent } = period;
  const sites = new Map(repos.monitoring.listSites().map((site) => [site.id, site]));
  const monitors: MonitorAvailability[] = [];
  const bySite = new Map<string, { monitors: MonitorAvailability[]; count: number; upCount: number }>();
  // A monitor retired after the period began was in service for (part of) it: its history still counts.
  const retiredInPeriod = repos.monitoring.listRetiredMonitors().filter((monitor) => (monitor.retiredAt ?? 0) > from);
  for (const monitor of [...repos.monitoring.listMonitors(), ...retiredInPeriod]) {
    const measured = measure(repos, monitor.id, from, to);
    const outages = outagesOf(repos, monitor.id, from, Math.min(to, period.now, monitor.retiredAt ?? Number.POSITIVE_INFINITY));
    const uptimePercent = percent(measured.upCount, measured.count);
    const site = sites.get(monitor.siteId) ?? NO_SITE;
    const row: MonitorAvailability = {
      monitorId: monitor.id,
      name: monitor.name,
      siteId: monitor.siteId,
      siteName: site.name,
      uptimePercent: uptimePercent === null ? null : round4(uptimePercent),
      downtimeMinutes: round2(measured.downMinutes),
      outages: outages.length,
      longestOutageMinutes: round2(Math.max(0, ...outages)),
      measuredMinutes: measured.measuredMinutes,
      meetsTarget: uptimePercent === null ? null : uptimePercent >= targetPercent,
    };
    monitors.push(row);
    const group = bySite.get(monitor.siteId) ?? { monitors: [], count: 0, upCount: 0 };
    group.monitors.push(row);
    group.count += measured.count;
    group.upCount += measured.upCount;
    bySite.set(monitor.siteId, group);
  }
  const incidents = repos.reports.incidentsStarted(from, to);
  const incidentsBySite = Map.groupBy(incidents, (incident) => incident.siteId ?? NO_SITE.id);
  const siteIds = new Set([...bySite.keys(), ...incidentsBySite.keys()]);
  const siteRows: SiteAvailability[] = [...siteIds].map((siteId) => {
    const group = bySite.get(siteId) ?? { monitors: [], count: 0, upCount: 0 };
    const uptime = percent(group.upCount, group.count);
    const siteIncidents = incidentsBySite.get(siteId) ?? [];
    return {
      siteId,
      siteName: sites.get(siteId)?.name ?? siteIncidents[0]?.siteName ?? NO_SITE.name,
      monitors: group.monitors.length,
      uptimePercent: uptime === null ? null : round4(uptime),
      downtimeMinutes: round2(group.monitors.reduce((sum, m) => sum + m.downtimeMinutes, 0)),
      outages: group.monitors.reduce((sum, m) => sum + m.outages, 0),
      longestOutageMinutes: Math.max(0, ...group.monitors.map((m) => m.longestOutageMinutes)),
      belowTarget: group.monitors.filter((m) => m.meetsTarget === false).length,
      ...incidentTimes(siteIncidents),
    };
  });
  siteRows.sort((a, b) => a.siteName.localeCompare(b.siteName));
  monitors.sort((a, b) => a.siteName.localeCompare(b.siteName) || a.name.localeCompare(b.name));
  const count = [...bySite.values()].reduce((sum, group) => sum + group.count, 0);
  const upCount = [...bySite.values()].reduce((sum, group) => sum + group.upCount, 0);
  const fleetUptime = percent(upCount, count);
  const periodMinutes = (to - from) / MINUTE_MS;
  return {
    from,
    to,
    label: period.label,
    targetPercent,
    periodMinutes,
    allowedDowntimeMinutes: round2(((100 - targetPercent) / 100) * periodMinutes),
    sites: siteRows,
    monitors,
    totals: {
      monitors: monitors.length,
      uptimePercent: fleetUptime === null ? null : round4(fleetUptime),
      downtimeMinutes: round2(monitors.reduce((sum, m) => sum + m.downtimeMinutes, 0)),
      outages: monitors.reduce((sum, m) => sum + m.outages, 0),
      belowTarget: monitors.filter((m) => m.meetsTarget === false).length,
      ...incidentTimes(incidents),
    },
  };
}
