import type { Incident, IncidentAttention } from '../../shared/contract';
import type { TimerHandle } from '../../shared/domain/clock';
import { breachesDue, P0_UPDATE_EVERY_MINUTES, SLA_TARGETS } from '../../shared/domain/incident-sla';
import type { CapabilityContext } from '../service';
import type { IncidentAlerting } from './ports';
import { incidentLabel, toIncident, toIncidentRow } from './model';

const TICK_MS = 1_000;
const REMIND_EVERY_MS = P0_UPDATE_EVERY_MINUTES * 60_000;

export interface ClockWatchDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'timers' | 'logger' | 'emit'> {
  alerting: IncidentAlerting;
}

/**
 * Watches the respond and resolve clocks of every open incident once a second: a clock that runs
 * out is recorded on the incident and its timeline once, and tells the supervisor through the
 * alerts engine; a status update that is due is announced, and again every 15 minutes until one
 * is posted.
 */
export class IncidentClockWatch {
  private timer: TimerHandle | null = null;
  /** When each incident was last reminded of its due update; a posted update moves the due time on. */
  private readonly remindedAt = new Map<string, number>();

  constructor(private readonly deps: ClockWatchDeps) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private schedule(): void {
    this.timer = this.deps.timers.after(TICK_MS, () => {
      try {
        this.tick(this.deps.clock.now());
      } catch (error) {
        this.deps.logger.error({ err: error instanceof Error ? error.stack : String(error) }, 'incident clock check failed');
      }
      this.schedule();
    });
  }

  private tick(now: number): void {
    for (const row of this.deps.repos.incidents.openIncidents()) {
      const incident = toIncident(row);
      this.checkBreaches(incident, now);
      this.checkUpdateDue(incident, now);
    }
  }

  private checkBreaches(incident: Incident, now: number): void {
    const due = breachesDue(incident, now);
    if (due.length === 0) return;
    const targets = SLA_TARGETS[incident.priority];
    const after: Incident = {
      ...incident,
      respondBreachedAt: due.includes('respond') ? now : incident.respondBreachedAt,
      resolveBreachedAt: due.includes('resolve') ? now : incident.resolveBreachedAt,
      updatedAt: now,
    };
    const lines = due.map((clock) =>
      clock === 'respond'
        ? `${incidentLabel(incident)} (${incident.priority}) missed its respond target: nobody responded within ${targets.respondMinutes} minutes`
        : `${incidentLabel(incident)} (${incident.priority}) missed its resolve target of ${formatMinutes(targets.resolveMinutes)}`,
    );
    this.deps.repos.transaction(() => {
      this.deps.repos.incidents.saveIncident(toIncidentRow(after));
      due.forEach((clock, index) =>
        this.deps.repos.incidents.appendIncidentEvent({
          incidentId: incident.id,
          at: now,
          kind: clock === 'respond' ? 'respond-breached' : 'resolve-breached',
          actor: 'Watchroom',
          detail: lines[index]!,
          stepId: null,
        }),
      );
    });
    this.deps.emit({ event: 'incidents.changed', payload: { incidents: [after] } });
    due.forEach((clock, index) => {
      const line = `${lines[index]!}: ${incident.title}`;
      this.deps.alerting.raise('incident-sla-breached', after, line);
      this.attention({
        incidentId: incident.id,
        number: incident.number,
        reason: clock === 'respond' ? 'respond-breached' : 'resolve-breached',
        title: line,
        at: now,
      });
    });
  }

  private checkUpdateDue(incident: Incident, now: number): void {
    if (incident.nextUpdateDueAt === null || now < incident.nextUpdateDueAt) {
      this.remindedAt.delete(incident.id);
      return;
    }
    const last = this.remindedAt.get(incident.id);
    if (last !== undefined && now - last < REMIND_EVERY_MS) return;
    this.remindedAt.set(incident.id, now);
    const late = Math.floor((now - incident.nextUpdateDueAt) / 60_000);
    const detail = late < 1 ? 'A status update is due now' : `A status update is ${late} minutes overdue`;
    this.deps.repos.transaction(() =>
      this.deps.repos.incidents.appendIncidentEvent({
        incidentId: incident.id,
        at: now,
        kind: 'update-due',
        actor: 'Watchroom',
        detail,
        stepId: null,
      }),
    );
    this.deps.emit({ event: 'incidents.changed', payload: { incidents: [incident] } });
    this.attention({
      incidentId: incident.id,
      number: incident.number,
      reason: 'update-due',
      title: `${incidentLabel(incident)} (${incident.priority}): ${detail.toLowerCase()} — ${incident.title}`,
      at: now,
    });
  }

  private attention(payload: IncidentAttention): void {
    this.deps.emit({ event: 'incident.attention', payload });
  }
}

function formatMinutes(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
}
