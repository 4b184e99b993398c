import { randomBytes } from 'node:crypto';
import {
  roleAtLeast,
  stepPermission,
  WatchroomError,
  type Incident,
  type IncidentEventKind,
  type LinkedAlert,
  type ParsedInput,
  type SopTemplate,
} from '../../shared/contract';
import { dueTimes, nextUpdateDueAt } from '../../shared/domain/incident-sla';
import { incidentReport } from '../../shared/domain/incident-report';
import { checklist, emptyStepRecords, openRequiredSteps, refuseInputValue } from '../../shared/domain/sop-checklist';
import { conflictTimeFormatter } from '../../shared/domain/conflict-time';
import { formatStatusUpdate } from '../../shared/domain/status-update';
import { ownFirst, ownSitesOf } from '../../shared/domain/own-sites';
import {
  requirePermission,
  requireSiteAccess,
  type Actor,
  type CallContext,
  type Capability,
  type CapabilityContext,
  type CommandOutcome,
  type MethodsOf,
} from '../service';
import type { IncidentAlerting } from './ports';
import { incidentLabel, toIncident, toIncidentEvent, toIncidentRow, toSopTemplate } from './model';

const newId = () => randomBytes(8).toString('base64url');
const RESOLVED_SHOWN_FOR_MS = 30 * 86_400_000;
const PRIORITY_RANK = { P0: 0, P1: 1, P2: 2 } as const;
/** The timeline entries that give an incident its present owner. */
const OWNERSHIP_KINDS: readonly IncidentEventKind[] = ['created', 'claimed', 'handed-over', 'taken-over'];

export type IncidentMethods = MethodsOf<'incidents'>;

export interface IncidentHandlerDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'identity' | 'emit'> {
  alerting: IncidentAlerting;
}

interface TimelineEntry {
  kind: IncidentEventKind;
  detail: string;
  stepId?: string;
}

/** "23 Nov 2026, 14:05" in the console's time zone setting. */
export function timeFormatter(zone: 'local' | 'utc'): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(zone === 'utc' ? { timeZone: 'UTC' } : {}),
  });
  return (ms) => format.format(ms);
}

function changedKeys(before: Incident, after: Incident): string[] {
  return (Object.keys(after) as (keyof Incident)[]).filter(
    (key) => key !== 'updatedAt' && JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

function pick(value: Incident, keys: string[]): Record<string, unknown> {
  const source = value as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, source[key]]));
}

/** Commands and queries of incidents: checklists, ownership, status updates, timelines and reports. */
export function createIncidentHandlers(deps: IncidentHandlerDeps): Capability<IncidentMethods>['handlers'] {
  const { repos, clock } = deps;
  const repo = repos.incidents;

  function requireIncident(id: string): Incident {
    const row = repo.getIncident(id);
    if (!row) throw new WatchroomError('not_found', `There is no incident ${id}`);
    return toIncident(row);
  }

  /** An incident a command changes: one of another site's needs a supervisor. */
  function requireIncidentToChange(id: string, actor: Actor): Incident {
    const incident = requireIncident(id);
    requireSiteAccess(actor, incident.siteId);
    return incident;
  }

  /** Times in a refusal as the hub's clock and time zone setting have them: every refused seat reads the same sentence. */
  const refusalTime = () => conflictTimeFormatter(deps.identity.timeZone(), clock.now());

  /** The incident's latest timeline entry of these kinds: who did what a refusal is about, and when. */
  function latestEntry(incidentId: string, kinds: readonly IncidentEventKind[], stepId: string | null = null) {
    return repo.incidentEvents(incidentId).findLast((event) => kinds.includes(event.kind) && (stepId === null || event.stepId === stepId));
  }

  /** " by Anna Berg at 14:02", so a refusal names who got there first (a late command from an outbox reads it). */
  function byWhomAndWhen(incidentId: string, kinds: readonly IncidentEventKind[], stepId: string | null = null): string {
    const entry = latestEntry(incidentId, kinds, stepId);
    return entry ? ` by ${entry.actor} at ${refusalTime()(entry.at)}` : '';
  }

  /** A command that changes how an incident is worked makes no sense once it is resolved: say so. */
  function requireOpen(id: string, what: string, actor: Actor): Incident {
    const incident = requireIncidentToChange(id, actor);
    if (incident.state === 'resolved') {
      throw new WatchroomError(
        'conflict',
        `${incidentLabel(incident)} already resolved${byWhomAndWhen(id, ['resolved'])}: ${what} no longer applies. Its review and notes can still be written.`,
      );
    }
    return incident;
  }

  /** A step someone else did or skipped first: who and when. */
  function stepTaken(step: SopTemplate['steps'][number], record: Incident['steps'][number]): WatchroomError {
    const when = record.at === null ? '' : ` at ${refusalTime()(record.at)}`;
    return new WatchroomError(
      'conflict',
      `Step "${step.title}" already ${record.status === 'done' ? 'done' : 'skipped'} by ${record.by ?? 'someone'}${when}`,
    );
  }

  /** Whom an incident is handed to: an active person who may work incidents (not a viewer). */
  function requireNewOwner(userId: string): { id: string; displayName: string } {
    const refuse = (message: string) => new WatchroomError('invalid_input', message, [{ path: 'toId', message }]);
    const user = repos.people.getUser(userId);
    if (!user) throw refuse('There is no such person at this console: choose someone from the list');
    if (!user.active) throw refuse(`${user.displayName} is deactivated: hand it to someone active`);
    if (!roleAtLeast(user.role, 'operator')) throw refuse(`${user.displayName} is a viewer: only an operator or above can own an incident`);
    return { id: user.id, displayName: user.displayName };
  }

  function templateOf(incident: Incident): SopTemplate | null {
    if (incident.sop === null) return null;
    const row = repo.getTemplate(incident.sop.slug, incident.sop.version);
    return row ? toSopTemplate(row) : null;
  }

  function requireTemplate(incident: Incident): SopTemplate {
    const template = templateOf(incident);
    if (template === null) throw new WatchroomError('conflict', `${incidentLabel(incident)} follows no SOP, so it has no steps to check`);
    return template;
  }

  /**
   * Writes the incident whole and its timeline entries in the command's transaction; the event
   * for every console and anything that tells the supervisor follow the commit.
   */
  function change(
    before: Incident | null,
    after: Incident,
    entries: TimelineEntry[],
    ctx: CallContext,
    effects: (() => void) | null = null,
  ): CommandOutcome<Incident> {
    const now = clock.now();
    const saved = { ...after, updatedAt: now };
    repo.saveIncident(toIncidentRow(saved));
    for (const entry of entries)
      repo.appendIncidentEvent({
        incidentId: saved.id,
        at: now,
        kind: entry.kind,
        actor: ctx.actor.displayName,
        detail: entry.detail,
        stepId: entry.stepId ?? null,
      });
    const keys = before === null ? ['title', 'priority', 'state', 'sop', 'owner'] : changedKeys(before, saved);
    return {
      value: saved,
      target: `incident:${saved.id}`,
      before: before === null ? null : pick(before, keys),
      after: { ...pick(saved, keys), timeline: entries.map((entry) => entry.detail) },
      events: [{ event: 'incidents.changed', payload: { incidents: [saved] } }],
      ...(effects ? { afterCommit: effects } : {}),
    };
  }

  function linkAlerts(
    ids: readonly string[],
    now: number,
    actor: Actor,
  ): (LinkedAlert & { firstSeenAt: number; siteId: string | null; siteName: string | null })[] {
    // An alert named twice is linked once: each link is a timeline entry, and counted in the reports.
    const named = new Set<string>();
    return ids.flatMap((alertId, index) => {
      if (named.has(alertId)) return [];
      named.add(alertId);
      const alert = deps.alerting.alertById(alertId);
      if (!alert)
        throw new WatchroomError('invalid_input', `There is no alert ${alertId}`, [
          { path: `alertIds.${index}`, message: 'This alert does not exist (any more)' },
        ]);
      requireSiteAccess(actor, alert.siteId);
      return {
        alertId,
        summary: alert.summary,
        severity: alert.severity,
        linkedAt: now,
        firstSeenAt: alert.firstSeenAt,
        siteId: alert.siteId,
        siteName: alert.siteName,
      };
    });
  }

  function stepOf(template: SopTemplate, stepId: string) {
    const step = template.steps.find((s) => s.id === stepId);
    if (!step)
      throw new WatchroomError('invalid_input', `${template.name} v${template.version} has no step "${stepId}"`, [
        { path: 'stepId', message: 'No such step in this SOP version' },
      ]);
    return step;
  }

  /** A step whose role is supervisor is checked, skipped or reopened by a supervisor or above (step-up at the seat). */
  function requireStepRole(step: SopTemplate['steps'][number], actor: Actor): void {
    const permission = stepPermission(step.role);
    if (permission !== null) requirePermission(actor, permission, `do "${step.title}"`);
  }

  function requireOnPath(incident: Incident, template: SopTemplate, stepId: string): void {
    const item = checklist(template.steps, incident.steps, incident.startedAt, clock.now()).find((i) => i.step.id === stepId);
    if (item && !item.onPath) throw new WatchroomError('conflict', `"${item.step.title}" is not needed: an earlier answer led past it`);
  }

  function recordOf(incident: Incident, stepId: string) {
    return (
      incident.steps.find((record) => record.stepId === stepId) ?? {
        stepId,
        status: 'open' as const,
        by: null,
        at: null,
        note: '',
        answer: null,
        value: null,
        skipReason: null,
      }
    );
  }

  function withRecord(incident: Incident, record: Incident['steps'][number]): Incident['steps'] {
    const others = incident.steps.filter((r) => r.stepId !== record.stepId);
    return incident.steps.some((r) => r.stepId === record.stepId)
      ? incident.steps.map((r) => (r.stepId === record.stepId ? record : r))
      : [...others, record];
  }

  const ownerLabel = (incident: Incident) => incident.owner ?? 'nobody';
  /** " since 14:02": when the present owner got it. */
  const since = (incident: Incident) => {
    const entry = latestEntry(incident.id, OWNERSHIP_KINDS);
    return entry ? ` since ${refusalTime()(entry.at)}` : '';
  };

  return {
    // ---- queries ----
    /** Most urgent first; a person limited to some sites gets theirs first, each part most urgent first. */
    'incidents.list': (input: { includeResolved: boolean } | undefined, { actor }: CallContext) => {
      const rows = repo.listIncidents(input?.includeResolved ? clock.now() - RESOLVED_SHOWN_FOR_MS : null).map(toIncident);
      const open = rows
        .filter((i) => i.state !== 'resolved')
        .sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.respondDueAt - b.respondDueAt || a.number - b.number);
      const resolved = rows.filter((i) => i.state === 'resolved').sort((a, b) => (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0));
      return [...ownFirst([...open, ...resolved], (incident) => incident.siteId, ownSitesOf(actor.sites)).items];
    },
    'incidents.get': ({ id }: { id: string }) => {
      const incident = requireIncident(id);
      return { incident, template: templateOf(incident), timeline: repo.incidentEvents(id).map(toIncidentEvent) };
    },
    'incidents.report': ({ id }: { id: string }) => {
      const incident = requireIncident(id);
      const detail = { incident, template: templateOf(incident), timeline: repo.incidentEvents(id).map(toIncidentEvent) };
      return incidentReport(detail, {
        consoleName: deps.identity.name(),
        formatTime: timeFormatter(deps.identity.timeZone()),
        now: clock.now(),
      });
    },
    // ---- commands ----
    'incidents.create': (input: ParsedInput<'incidents.create'>, ctx: CallContext) => {
      const now = clock.now();
      const templateRow = input.sopSlug === null ? undefined : repo.getTemplate(input.sopSlug);
      if (input.sopSlug !== null && !templateRow)
        throw new WatchroomError('invalid_input', `There is no SOP template "${input.sopSlug}"`, [
          { path: 'sopSlug', message: 'Pick an SOP template that exists' },
        ]);
      const template = templateRow ? toSopTemplate(templateRow) : null;
      const links = linkAlerts(input.alertIds, now, ctx.actor);
      // The clocks run from the alarm, not from when someone got round to opening an incident.
      const startedAt = Math.min(now, ...links.map((l) => l.firstSeenAt));
      const site = links.find((l) => l.siteId !== null);
      const due = dueTimes(input.priority, startedAt);
      const incident: Incident = {
        id: newId(),
        number: repo.nextIncidentNumber(),
        title: input.title,
        priority: input.priority,
        state: 'investigating',
        sop: template ? { slug: template.slug, version: template.version, name: template.name } : null,
        siteId: site?.siteId ?? null,
        siteName: site?.siteName ?? null,
        ownerId: input.claim ? ctx.actor.id : null,
        owner: input.claim ? ctx.actor.displayName : null,
        takeoverRequest: null,
        startedAt,
        createdAt: now,
        createdBy: ctx.actor.displayName,
        respondedAt: input.claim ? now : null,
        ...due,
        respondBreachedAt: null,
        resolveBreachedAt: null,
        resolvedAt: null,
        resolution: null,
        resolveOverride: null,
        lastUpdateAt: null,
        nextUpdateDueAt: nextUpdateDueAt(input.priority, startedAt, null),
        steps: template ? emptyStepRecords(template.steps) : [],
        alerts: links.map(({ alertId, summary, severity, linkedAt }) => ({ alertId, summary, severity, linkedAt })),
        review: { summary: '', impact: '', rootCause: '', lessons: '', actions: [] },
        updatedAt: now,
      };
      const entries: TimelineEntry[] = [
        {
          kind: 'created',
          detail: `Opened as ${input.priority}${template ? ` following "${template.name}" v${template.version}` : ' without an SOP'}`,
        },
        ...links.map((l) => ({ kind: 'alert-linked' as const, detail: `Alert linked: ${l.summary} (${l.severity})` })),
        ...(input.claim ? [{ kind: 'claimed' as const, detail: `${ctx.actor.displayName} took ownership` }] : []),
        ...(input.note === '' ? [] : [{ kind: 'note' as const, detail: input.note }]),
      ];
      return change(null, incident, entries, ctx);
    },

    'incidents.linkAlerts': ({ id, alertIds }: { id: string; alertIds: string[] }, ctx: CallContext) => {
      const before = requireOpen(id, 'linking alerts', ctx.actor);
      const fresh = alertIds.filter((alertId) => !before.alerts.some((l) => l.alertId === alertId));
      if (fresh.length === 0) throw new WatchroomError('conflict', `Those alerts are already linked to ${incidentLabel(before)}`);
      const links = linkAlerts(fresh, clock.now(), ctx.actor);
      const after = {
        ...before,
        alerts: [...before.alerts, ...links.map(({ alertId, summary, severity, linkedAt }) => ({ alertId, summary, severity, linkedAt }))],
      };
      return change(
        before,
        after,
        links.map((l) => ({ kind: 'alert-linked', detail: `Alert linked: ${l.summary} (${l.severity})` })),
        ctx,
      );
    },

    'incidents.setState': ({ id, state, note }: ParsedInput<'incidents.setState'>, ctx: CallContext) => {
      const before = requireOpen(id, 'changing its state', ctx.actor);
      if (before.state === state)
        throw new WatchroomError('conflict', `${incidentLabel(before)} already ${state}: set${byWhomAndWhen(id, ['state', 'created'])}`);
      const after = { ...before, state, respondedAt: before.respondedAt ?? clock.now() };
      return change(before, after, [{ kind: 'state', detail: `State ${before.state} → ${state}${note ? `: ${note}` : ''}` }], ctx);
    },

    'incidents.setPriority': ({ id, priority, reason }: ParsedInput<'incidents.setPriority'>, ctx: CallContext) => {
      const before = requireOpen(id, 'changing its priority', ctx.actor);
      if (before.priority === priority)
        throw new WatchroomError(
          'conflict',
          `${incidentLabel(before)} already ${priority}: set${byWhomAndWhen(id, ['priority', 'created'])}`,
        );
      const after = {
        ...before,
        priority,
        ...dueTimes(priority, before.startedAt),
        nextUpdateDueAt: nextUpdateDueAt(priority, before.lastUpdateAt ?? before.startedAt, before.nextUpdateDueAt),
      };
      return change(before, after, [{ kind: 'priority', detail: `Priority ${before.priority} → ${priority}: ${reason}` }], ctx);
    },

    'incidents.claim': ({ id }: { id: string }, ctx: CallContext) => {
      const before = requireOpen(id, 'claiming it', ctx.actor);
      if (before.ownerId === ctx.actor.id) throw new WatchroomError('conflict', `You already own ${incidentLabel(before)}`);
      if (before.ownerId !== null) {
        throw new WatchroomError(
          'conflict',
          `${incidentLabel(before)} already owned by ${ownerLabel(before)}${since(before)}: ask them to hand it over, or take it over with a reason`,
        );
      }
      const after = {
        ...before,
        ownerId: ctx.actor.id,
        owner: ctx.actor.displayName,
        takeoverRequest: null,
        respondedAt: before.respondedAt ?? clock.now(),
      };
      return change(before, after, [{ kind: 'claimed', detail: `${ctx.actor.displayName} took ownership` }], ctx);
    },

    'incidents.requestTakeover': ({ id, note }: ParsedInput<'incidents.requestTakeover'>, ctx: CallContext) => {
      const before = requireOpen(id, 'a takeover', ctx.actor);
      if (before.ownerId === null)
        throw new WatchroomError('conflict', `Nobody at a console owns ${incidentLabel(before)}: claim it instead`);
      if (before.ownerId === ctx.actor.id) throw new WatchroomError('conflict', `You already own ${incidentLabel(before)}`);
      const after = { ...before, takeoverRequest: { byId: ctx.actor.id, by: ctx.actor.displayName, at: clock.now(), note } };
      return change(
        before,
        after,
        [
          {
            kind: 'takeover-requested',
            detail: `${ctx.actor.displayName} asked ${ownerLabel(before)} to hand it over${note ? `: ${note}` : ''}`,
          },
        ],
        ctx,
      );
    },

    'incidents.answerTakeover': ({ id, accept, note }: ParsedInput<'incidents.answerTakeover'>, ctx: CallContext) => {
      const before = requireOpen(id, 'a takeover', ctx.actor);
      const request = before.takeoverRequest;
      if (request === null) throw new WatchroomError('conflict', `Nobody asked to take over ${incidentLabel(before)}`);
      if (before.ownerId !== ctx.actor.id) {
        throw new WatchroomError(
          'forbidden',
          `Only the owner, ${ownerLabel(before)}, can answer this request; take it over with a reason instead`,
        );
      }
      const reason = note ? `: ${note}` : '';
      if (!accept) {
        return change(
          before,
          { ...before, takeoverRequest: null },
          [{ kind: 'takeover-declined', detail: `${ctx.actor.displayName} declined ${request.by}'s request${reason}` }],
          ctx,
        );
      }
      const after = { ...before, ownerId: request.byId, owner: request.by, takeoverRequest: null };
      return change(
        before,
        after,
        [{ kind: 'handed-over', detail: `${ctx.actor.displayName} handed it to ${request.by} on request${reason}` }],
        ctx,
      );
    },

    'incidents.overrideTakeover': ({ id, reason }: ParsedInput<'incidents.overrideTakeover'>, ctx: CallContext) => {
      const before = requireOpen(id, 'a takeover', ctx.actor);
      if (before.ownerId === ctx.actor.id) throw new WatchroomError('conflict', `You already own ${incidentLabel(before)}`);
      if (before.owner === null) throw new WatchroomError('conflict', `Nobody owns ${incidentLabel(before)}: claim it instead`);
      const after = {
        ...before,
        ownerId: ctx.actor.id,
        owner: ctx.actor.displayName,
        takeoverRequest: null,
        respondedAt: before.respondedAt ?? clock.now(),
      };
      return change(
        before,
        after,
        [{ kind: 'taken-over', detail: `${ctx.actor.displayName} took it over from ${ownerLabel(before)} without consent: ${reason}` }],
        ctx,
      );
    },

    'incidents.handOver': ({ id, toId, note }: ParsedInput<'incidents.handOver'>, ctx: CallContext) => {
      const before = requireOpen(id, 'a handover', ctx.actor);
      if (before.ownerId !== null && before.ownerId !== ctx.actor.id) {
        throw new WatchroomError(
          'forbidden',
          `Only the owner, ${ownerLabel(before)}, can hand ${incidentLabel(before)} over; ask them, or take it over with a reason`,
        );
      }
      const to = requireNewOwner(toId);
      if (to.id === before.ownerId) throw new WatchroomError('conflict', `${to.displayName} already owns ${incidentLabel(before)}`);
      const after = { ...before, ownerId: to.id, owner: to.displayName, takeoverRequest: null };
      return change(
        before,
        after,
        [{ kind: 'handed-over', detail: `${ctx.actor.displayName} handed it to ${to.displayName}${note ? `: ${note}` : ''}` }],
        ctx,
      );
    },

    'incidents.checkStep': ({ id, stepId, note, answer, value }: ParsedInput<'incidents.checkStep'>, ctx: CallContext) => {
      const before = requireOpen(id, 'checking a step', ctx.actor);
      const template = requireTemplate(before);
      const step = stepOf(template, stepId);
      requireStepRole(step, ctx.actor);
      const record = recordOf(before, stepId);
      if (record.status !== 'open') throw stepTaken(step, record);
      requireOnPath(before, template, stepId);
      if (step.kind === 'yes-no' && answer === undefined)
        throw new WatchroomError('invalid_input', `"${step.title}" needs a yes or no`, [{ path: 'answer', message: 'Answer yes or no' }]);
      if (step.kind !== 'yes-no' && answer !== undefined)
        throw new WatchroomError('invalid_input', `"${step.title}" is not a yes/no question`, [
          { path: 'answer', message: 'This step takes no answer' },
        ]);
      let entered: string | null = null;
      if (step.kind === 'input' && step.input !== null) {
        const refusal = refuseInputValue(step.input, value ?? '');
        if (refusal !== null)
          throw new WatchroomError('invalid_input', `${step.input.label}: ${refusal}`, [{ path: 'value', message: refusal }]);
        entered = value ?? '';
      } else if (value !== undefined && value !== '') {
        throw new WatchroomError('invalid_input', `"${step.title}" takes no value`, [
          { path: 'value', message: 'This step takes no value' },
        ]);
      }
      const now = clock.now();
      const done = {
        ...record,
        status: 'done' as const,
        by: ctx.actor.displayName,
        at: now,
        note,
        answer: answer ?? null,
        value: entered,
        skipReason: null,
      };
      const after = { ...before, steps: withRecord(before, done), respondedAt: before.respondedAt ?? now };
      const said = answer !== undefined ? `: ${answer}` : entered !== null ? `: ${entered}` : '';
      return change(
        before,
        after,
        [{ kind: 'step-done', detail: `Step "${step.title}" done${said}${note ? ` — ${note}` : ''}`, stepId }],
        ctx,
      );
    },

    'incidents.skipStep': ({ id, stepId, reason }: ParsedInput<'incidents.skipStep'>, ctx: CallContext) => {
      const before = requireOpen(id, 'skipping a step', ctx.actor);
      const template = requireTemplate(before);
      const step = stepOf(template, stepId);
      requireStepRole(step, ctx.actor);
      const record = recordOf(before, stepId);
      if (record.status !== 'open') throw stepTaken(step, record);
      requireOnPath(before, template, stepId);
      const now = clock.now();
      const skipped = {
        ...record,
        status: 'skipped' as const,
        by: ctx.actor.displayName,
        at: now,
        note: '',
        answer: null,
        value: null,
        skipReason: reason,
      };
      const after = { ...before, steps: withRecord(before, skipped) };
      const summary = `${incidentLabel(before)}: ${ctx.actor.displayName} skipped "${step.title}"${step.required ? ' (required)' : ''}: ${reason}`;
      return change(before, after, [{ kind: 'step-skipped', detail: `Step "${step.title}" skipped: ${reason}`, stepId }], ctx, () => {
        deps.alerting.raise('incident-step-skipped', after, summary);
        deps.emit({
          event: 'incident.attention',
          payload: { incidentId: after.id, number: after.number, reason: 'step-skipped', title: summary, at: now },
        });
      });
    },

    'incidents.reopenStep': ({ id, stepId, reason }: ParsedInput<'incidents.reopenStep'>, ctx: CallContext) => {
      const before = requireOpen(id, 'opening a step again', ctx.actor);
      const template = requireTemplate(before);
      const step = stepOf(template, stepId);
      requireStepRole(step, ctx.actor);
      const record = recordOf(before, stepId);
      if (record.status === 'open') {
        const reopened = byWhomAndWhen(id, ['step-reopened'], stepId);
        throw new WatchroomError(
          'conflict',
          reopened === '' ? `Step "${step.title}" is open: nobody has done it yet` : `Step "${step.title}" already opened again${reopened}`,
        );
      }
      const reopened = { stepId, status: 'open' as const, by: null, at: null, note: '', answer: null, value: null, skipReason: null };
      return change(
        before,
        { ...before, steps: withRecord(before, reopened) },
        [{ kind: 'step-reopened', detail: `Step "${step.title}" opened again: ${reason}`, stepId }],
        ctx,
      );
    },

    'incidents.addNote': ({ id, note }: { id: string; note: string }, ctx: CallContext) => {
      const before = requireIncidentToChange(id, ctx.actor);
      return change(before, before, [{ kind: 'note', detail: note }], ctx);
    },

    // Like a note, a status update is always appended, also to an incident someone resolved meanwhile (a late
    // one from an outbox); a resolved incident promises no further update.
    'incidents.postUpdate': (input: ParsedInput<'incidents.postUpdate'>, ctx: CallContext) => {
      const before = requireIncidentToChange(input.id, ctx.actor);
      const now = clock.now();
      const promisedAt = input.nextUpdateInMinutes === null ? null : now + input.nextUpdateInMinutes * 60_000;
      const after = {
        ...before,
        lastUpdateAt: now,
        nextUpdateDueAt: before.state === 'resolved' ? null : nextUpdateDueAt(before.priority, now, promisedAt),
        respondedAt: before.respondedAt ?? now,
      };
      const text = formatStatusUpdate({ ...input, nextUpdateAt: after.nextUpdateDueAt }, timeFormatter(deps.identity.timeZone()));
      return change(before, after, [{ kind: 'status-update', detail: text }], ctx);
    },

    'incidents.resolve': ({ id, resolution, override }: ParsedInput<'incidents.resolve'>, ctx: CallContext) => {
      const before = requireOpen(id, 'resolving it', ctx.actor);
      const template = templateOf(before);
      const open = template ? openRequiredSteps(template.steps, before.steps) : [];
      const reason = override?.trim() ?? '';
      if (open.length > 0) requirePermission(ctx.actor, 'incidents.resolveOverride', 'resolve an incident with required steps open');
      if (open.length > 0 && reason === '') {
        const names = open.map((s) => `"${s.title}"`).join(', ');
        throw new WatchroomError(
          'invalid_input',
          `${open.length} required step${open.length === 1 ? ' is' : 's are'} still open (${names}): give an override reason to resolve anyway`,
          [{ path: 'override', message: 'Required steps are open: say why it is resolved anyway' }],
        );
      }
      const now = clock.now();
      const after: Incident = {
        ...before,
        state: 'resolved',
        resolvedAt: now,
        resolution,
        resolveOverride: open.length > 0 ? reason : null,
        takeoverRequest: null,
        nextUpdateDueAt: null,
      };
      const entries: TimelineEntry[] = [{ kind: 'resolved', detail: `Resolved: ${resolution}` }];
      if (open.length > 0)
        entries.push({
          kind: 'resolved',
          detail: `Resolved with ${open.length} required step${open.length === 1 ? '' : 's'} open (${open.map((s) => s.title).join(', ')}), override: ${reason}`,
        });
      return change(before, after, entries, ctx, () => deps.alerting.clear(after, `${incidentLabel(after)} was resolved`));
    },

    'incidents.setReview': ({ id, review }: ParsedInput<'incidents.setReview'>, ctx: CallContext) => {
      const before = requireIncidentToChange(id, ctx.actor);
      return change(before, { ...before, review }, [{ kind: 'review', detail: 'Review updated' }], ctx);
    },
  };
}
