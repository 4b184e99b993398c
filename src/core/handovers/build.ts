import type { Alert, HandoverItem, Incident, SopTemplate } from '../../shared/contract';
import { checklist } from '../../shared/domain/sop-checklist';
import type { HandoverSources } from './ports';

/** A monitor down or unknown for longer than this is handed over: a shorter blip is still the outgoing shift's. */
export const MONITOR_PROBLEM_AFTER_MS = 3_600_000;

/** "45 min", "2 h 05 min", "3 d 4 h": how long something has been going on. */
export function ageText(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

interface BuildOptions {
  now: number;
  /** The shift change handed over: silences running past it go to the next shift. */
  boundaryAt: number;
  formatTime: (ms: number) => string;
}

function item(kind: HandoverItem['kind'], id: string, subjectId: string | null, title: string, facts: string[]): HandoverItem {
  return {
    id,
    kind,
    subjectId,
    title,
    facts,
    note: '',
    state: 'open',
    question: null,
    askedAt: null,
    answer: null,
    answeredAt: null,
    acceptedBy: null,
    acceptedAt: null,
  };
}

const label = (incident: Incident) => `INC-${incident.number} ${incident.title}`;

function incidentItems(incident: Incident, template: SopTemplate | null, { now, formatTime }: BuildOptions): HandoverItem[] {
  const steps = template ? checklist(template.steps, incident.steps, incident.startedAt, now) : [];
  const next = steps.find((entry) => entry.onPath && entry.record.status === 'open');
  const clock = (what: string, due: number, done: number | null) =>
    done !== null ? `${what} target met` : due <= now ? `${what} target breached at ${formatTime(due)}` : `${what} by ${formatTime(due)}`;
  const facts = [
    `${incident.priority} · ${incident.state}${incident.siteName ? ` · ${incident.siteName}` : ''} · open for ${ageText(now - incident.startedAt)}`,
    incident.owner ? `Owner: ${incident.owner}` : 'Nobody owns it',
    clock('Respond', incident.respondDueAt, incident.respondedAt),
    clock('Resolve', incident.resolveDueAt, null),
    next ? `Next step: ${next.step.title}` : template ? 'Every step done' : 'Follows no SOP',
    incident.nextUpdateDueAt === null
      ? 'No status update due'
      : `Next status update due ${incident.nextUpdateDueAt <= now ? 'since' : 'at'} ${formatTime(incident.nextUpdateDueAt)}`,
  ];
  const overdue = steps
    .filter((entry) => entry.overdue && entry.record.status === 'open')
    .map((entry) =>
      item(
        'sop-step',
        `sop-step:${incident.id}:${entry.step.id}`,
        incident.id,
        `Overdue step "${entry.step.title}" of ${label(incident)}`,
        [
          `${entry.step.required ? 'Required' : 'Optional'} step${entry.step.role ? ` for the ${entry.step.role}` : ''}`,
          entry.step.timeLimitMinutes === null
            ? 'Past its time limit'
            : `Due ${entry.step.timeLimitMinutes} min after the incident started (${formatTime(incident.startedAt + entry.step.timeLimitMinutes * 60_000)})`,
        ],
      ),
    );
  return [item('incident', `incident:${incident.id}`, incident.id, label(incident), facts), ...overdue];
}

/** Which open alerts the next shift must know of: unacknowledged, snoozed, claimed or escalated ones. */
function alertFacts(alert: Alert, { now, formatTime }: BuildOptions): string[] | null {
  const snoozed = alert.snoozedUntil !== null && alert.snoozedUntil > now;
  const unacknowledged = alert.state === 'firing';
  if (!(unacknowledged || snoozed || alert.owner !== null || alert.escalationLevel > 0)) return null;
  return [
    `${alert.severity} · ${alert.state} for ${ageText(now - alert.firstSeenAt)}${alert.siteName ? ` · ${alert.siteName}` : ''}`,
    ...(unacknowledged ? ['Not acknowledged'] : []),
    ...(snoozed ? [`Snoozed until ${formatTime(alert.snoozedUntil ?? now)}`] : []),
    ...(alert.owner !== null ? [`${alert.ackBy !== null ? 'Acknowledged' : 'Claimed'} by ${alert.owner}`] : []),
    ...(alert.ackNote ? [`Acknowledgement note: ${alert.ackNote}`] : []),
    ...(alert.escalationLevel > 0 ? [`Escalated to level ${alert.escalationLevel}`] : []),
  ];
}

/** Every item a handover of the shift change at `boundaryAt` holds now; "nothing open" when there is none. */
export function buildItems(sources: HandoverSources, options: BuildOptions): HandoverItem[] {
  const { now, boundaryAt, formatTime } = options;
  const items: HandoverItem[] = [];
  for (const { incident, template } of sources.openIncidents()) items.push(...incidentItems(incident, template, options));
  for (const alert of sources.openAlerts()) {
    const facts = alertFacts(alert, options);
    if (facts) items.push(item('alert', `alert:${alert.id}`, alert.id, alert.summary, facts));
  }
  for (const silence of sources.silences()) {
    if (silence.activeUntil === null || silence.activeUntil <= boundaryAt) continue;
    const what = silence.kind === 'maintenance' ? 'Maintenance window' : 'Silence';
    items.push(
      item('silence', `silence:${silence.id}`, silence.id, `${what}: ${silence.comment}`, [
        `Runs past the shift change, until ${formatTime(silence.activeUntil)}`,
        `Set by ${silence.createdBy}`,
      ]),
    );
  }
  for (const { job, newest } of sources.backups()) {
    const problems: string[] = [];
    if (job.lastRun && !job.lastRun.ok) problems.push(`Last run failed at ${formatTime(job.lastRun.at)}: ${job.lastRun.detail}`);
    const overdueAfter = job.overdueAfterHours * 3_600_000;
    const goodSince = job.lastGoodAt ?? job.createdAt;
    if (now - goodSince > overdueAfter)
      problems.push(job.lastGoodAt === null ? 'No good backup yet' : `No good backup since ${formatTime(job.lastGoodAt)}: overdue`);
    if (newest && newest.verify !== 'good')
      problems.push(
        newest.verify === 'failed' ? `Newest backup failed verification: ${newest.verifyDetail ?? ''}` : 'Newest backup not verified',
      );
    if (problems.length > 0) items.push(item('backup', `backup:${job.id}`, job.id, `Backup job ${job.name}`, problems));
  }
  for (const monitor of sources.monitors()) {
    if ((monitor.status !== 'down' && monitor.status !== 'unknown') || now - monitor.since <= MONITOR_PROBLEM_AFTER_MS) continue;
    items.push(
      item('monitor', `monitor:${monitor.id}`, monitor.id, `${monitor.name} (${monitor.siteName}) ${monitor.status}`, [
        `${monitor.status} since ${formatTime(monitor.since)}, for ${ageText(now - monitor.since)}`,
      ]),
    );
  }
  const health = sources.healthProblems();
  if (health.length > 0) items.push(item('health', 'health', null, "The console's own health", health));
  if (items.length === 0)
    items.push(
      item('nothing-open', 'nothing-open', null, 'Nothing open', [
        'No open incident or alert, no silence into the next shift, no overdue step, backup problem, monitor down or health problem',
      ]),
    );
  return items;
}
