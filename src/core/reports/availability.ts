import type { AvailabilityReport, MonitorAvailability, SiteAvailability } from '../../shared/contract';
import type { BucketCounts, ReportIncidentRow, Repositories } from '../db';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const NO_SITE = { id: '', name: 'No site' };

/** A stretch of roll-up with failed probes: an hour, or a whole day where its hours are no longer kept. */
interface FailingStretch {
  start: number;
  spanMs: number;
  downMinutes: number;
}

interface Measured {
  count: number;
  upCount: number;
  measuredMinutes: number;
  stretches: FailingStretch[];
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
 * it can change the answer: in a day that saw a failure (to place and size the outage) and in the
 * period's partial days at either end. A month of 500 monitors reads ~15,000 day rows, not ~370,000 hours.
 */
function measure(repos: Repositories, monitorId: string, from: number, to: number): Measured {
  const daysFrom = Math.ceil(from / DAY_MS) * DAY_MS;
  const daysTo = Math.max(daysFrom, Math.floor(to / DAY_MS) * DAY_MS);
  const measured: Measured = { count: 0, upCount: 0, measuredMinutes: 0, stretches: [] };
  const addHours = (rangeFrom: number, rangeTo: number) => {
    if (rangeTo <= rangeFrom) return;
    for (const row of repos.reports.hourCounts(monitorId, rangeFrom, rangeTo)) {
      measured.count += row.count;
      measured.upCount += row.upCount;
      measured.measuredMinutes += HOUR_MS / MINUTE_MS;
      if (row.upCount < row.count) measured.stretches.push({ start: row.bucket, spanMs: HOUR_MS, downMinutes: downMinutesOf(row, HOUR_MS) });
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
    if (hours.length === 0) measured.stretches.push({ start: day.bucket, spanMs: DAY_MS, downMinutes: downMinutesOf(day, DAY_MS) });
    else for (const hour of hours) measured.stretches.push({ start: hour.bucket, spanMs: HOUR_MS, downMinutes: downMinutesOf(hour, HOUR_MS) });
  }
  addHours(daysTo, to);
  return measured;
}

/** Failing stretches that touch each other are one outage: down from 10:40 to 11:20 is one outage of 40 minutes. */
function outagesOf(stretches: FailingStretch[]): number[] {
  const outages: number[] = [];
  let endOfLast = Number.NaN;
  for (const stretch of stretches.sort((a, b) => a.start - b.start)) {
    if (stretch.start === endOfLast) outages[outages.length - 1]! += stretch.downMinutes;
    else outages.push(stretch.downMinutes);
    endOfLast = stretch.start + stretch.spanMs;
  }
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
    const outages = outagesOf(measured.stretches);
    const uptimePercent = percent(measured.upCount, measured.count);
    const site = sites.get(monitor.siteId) ?? NO_SITE;
    const row: MonitorAvailability = {
      monitorId: monitor.id,
      name: monitor.name,
      siteId: monitor.siteId,
      siteName: site.name,
      uptimePercent: uptimePercent === null ? null : round4(uptimePercent),
      downtimeMinutes: round2(outages.reduce((sum, minutes) => sum + minutes, 0)),
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
