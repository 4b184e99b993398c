import { randomBytes } from 'node:crypto';
import {
  SEVERITIES,
  WatchroomError,
  type AckReason,
  type Alert,
  type AlertAttention,
  type AlertState,
  type Channel,
  type ChannelSpec,
  type ConfigKind,
  type EscalationPolicy,
  type EventMessage,
  type NotificationOutcome,
  type Rule,
  type RuleSpec,
  type Scope,
  type Silence,
  type SilenceSpec,
} from '../../shared/contract';
import { conflictTimeFormatter } from '../../shared/domain/conflict-time';
import { silenceNextActiveAt, validateSilenceSchedule } from '../../shared/domain/silence-schedule';
import { ownSitesOf } from '../../shared/domain/own-sites';
import { describeScope } from '../../shared/domain/alert-scope';
import type { AlertRow, ChannelRow, SilenceRow } from '../db';
import {
  refuseStaleEdit,
  requireSiteAccess,
  shownValue,
  type Actor,
  type CallContext,
  type Capability,
  type CapabilityContext,
  type CommandOutcome,
  type MethodsOf,
} from '../service';
import type { AlertEngine } from './engine';
import { searchAlertHistory } from './history';
import { decideTransition, lifecycleOf, type LifecycleEvent } from './lifecycle';
import { keepMaskedSecrets, maskChannel, toAlert, toAlertEvent, toChannel, toNotificationOutcome, toRule, toSilence } from './model';
import type { Notifier } from './notifiers';

const newId = () => randomBytes(8).toString('base64url');

function minutes(n: number): string {
  return `${n} minute${n === 1 ? '' : 's'}`;
}

export type AlertMethods = MethodsOf<'alerts' | 'rules' | 'escalation' | 'silences' | 'channels'>;
type AlertHandlers = Capability<AlertMethods>['handlers'];

export interface AlertHandlerDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'identity'> {
  engine: AlertEngine;
  notifier: Notifier;
}

/** Commands and queries of alerts, rules, escalation, silences and channels. */
export function createAlertHandlers(deps: AlertHandlerDeps): AlertHandlers {
  const { repos, engine, notifier, clock, identity } = deps;
  const repo = repos.alerts;

  /** An open alert a command changes: one of another site's needs a supervisor. */
  function requireOpen(id: string, actor: Actor): AlertRow {
    const row = engine.openAlert(id);
    if (row) {
      requireSiteAccess(actor, row.siteId);
      return row;
    }
    const stored = engine.unstoredAlert(id) ?? repo.getAlert(id);
    if (!stored) throw new WatchroomError('not_found', `There is no alert ${id}; it may have been removed on another console`);
    requireSiteAccess(actor, stored.siteId);
    // Not open in memory: it resolved, even if its row lags behind.
    const refusal = decideTransition({ ...lifecycleOf(stored), state: 'resolved' }, { kind: 'resolve' }, refusalTime());
    throw new WatchroomError('conflict', refusal.allowed ? 'Alert already resolved' : refusal.message);
  }

  /** Times in a refusal as the hub's clock and time zone setting have them: every refused seat reads the same sentence. */
  const refusalTime = () => conflictTimeFormatter(identity.timeZone(), clock.now());

  /**
   * The state the lifecycle table allows this command to leave the alert in; its refusal is the
   * operator's message, naming who got there first and when (a late command from an outbox reads it).
   */
  function allowed(before: AlertRow, event: LifecycleEvent): AlertState {
    const decision = decideTransition(lifecycleOf(before), event, refusalTime());
    if (!decision.allowed) throw new WatchroomError(decision.refusal, decision.message);
    return decision.state;
  }

  /** Writes the changed alert and its history entry in the command's transaction; memory follows after commit. */
  function change(
    before: AlertRow,
    values: Partial<AlertRow>,
    kind: Parameters<typeof repo.appendAlertEvent>[0]['kind'],
    ctx: CallContext,
    detail: string,
    effects: { attention?: AlertAttention['reason']; notify?: 'escalated' | 'acknowledged' | 'resolved' } = {},
  ): CommandOutcome<Alert> {
    const now = clock.now();
    const after: AlertRow = { ...before, ...values };
    repo.saveAlert(after);
    repo.appendAlertEvent({ alertId: after.id, at: now, kind, actor: ctx.actor.displayName, detail });
    const attention: AlertAttention | null = effects.attention
      ? {
          alertId: after.id,
          severity: after.severity,
          reason: effects.attention,
          title: `Escalated by ${ctx.actor.displayName}: ${after.severity.toUpperCase()} ${after.ruleName}`,
          body: after.summary,
          at: now,
        }
      : null;
    const alert = toAlert(after);
    return {
      value: alert,
      target: `alert:${after.id}`,
      before: pick(toAlert(before), Object.keys(values)),
      after: { ...pick(alert, Object.keys(values)), summary: after.summary },
      afterCommit: () => engine.applyCommandResult(after, attention, effects.notify ?? null),
    };
  }

  function checkScope(scope: Scope, field: string): void {
    if (scope.kind === 'site' && !repos.monitoring.getSite(scope.siteId)) {
      throw new WatchroomError('invalid_input', 'That site does not exist', [
        { path: `${field}.siteId`, message: 'Pick an existing site' },
      ]);
    }
    if (scope.kind === 'monitor' && !repos.monitoring.getMonitor(scope.monitorId)) {
      throw new WatchroomError('invalid_input', 'That monitor does not exist', [
        { path: `${field}.monitorId`, message: 'Pick an existing monitor' },
      ]);
    }
  }

  /** A rule as its edit form labels it: one side of a stale edit's comparison. */
  function shownRule(rule: RuleSpec): Record<string, string> {
    const channels = new Map(repo.listChannels().map((channel) => [channel.id, channel.name]));
    const names = {
      site: (id: string) => repos.monitoring.getSite(id)?.name ?? id,
      // A rule may still name a monitor that was retired since.
      monitor: (id: string) => repos.monitoring.findMonitor(id)?.name ?? id,
    };
    return {
      Name: rule.name,
      Enabled: shownValue(rule.enabled),
      'Applies to': describeScope(rule.scope, names),
      Condition: shownValue(rule.condition),
      'Pending for': minutes(rule.pendingMinutes),
      Recovery: shownValue(rule.recovery),
      Severity: rule.severity,
      Notifies: rule.routing === 'channels' ? 'Its own channels' : 'As the routing table says',
      Channels: shownValue(rule.channelIds.map((id) => channels.get(id) ?? id)),
      'At most open': String(rule.maxOpenAlerts),
    };
  }

  function checkRule(spec: RuleSpec): void {
    checkScope(spec.scope, 'scope');
    const known = new Set(repo.listChannels().map((c) => c.id));
    const missing = spec.channelIds.findIndex((id) => !known.has(id));
    if (missing >= 0)
      throw new WatchroomError('invalid_input', 'That notification channel does not exist', [
        { path: `channelIds.${missing}`, message: 'Pick an existing channel' },
      ]);
  }

  function ruleRow(id: string, spec: RuleSpec, now: number, previous?: { builtIn: boolean; createdAt: number; version: number }) {
    return {
      id,
      name: spec.name,
      enabled: spec.enabled,
      builtIn: previous?.builtIn ?? false,
      scope: spec.scope,
      condition: spec.condition,
      pendingMinutes: spec.pendingMinutes,
      recovery: spec.recovery,
      severity: spec.severity,
      routing: spec.routing ?? (spec.channelIds.length > 0 ? ('channels' as const) : ('table' as const)),
      channelIds: spec.channelIds,
      maxOpenAlerts: spec.maxOpenAlerts,
      version: (previous?.version ?? 0) + 1,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
  }

  function checkSilence(spec: SilenceSpec): void {
    checkScope(spec.scope, 'scope');
    const problems = validateSilenceSchedule(spec.schedule, clock.now());
    if (problems.length > 0) throw new WatchroomError('invalid_input', problems.map((p) => p.message).join('; '), problems);
  }

  function silenceView(row: SilenceRow): Silence {
    return toSilence(row, engine.activeUntilOf(row));
  }

  function channelRow(id: string, spec: ChannelSpec, now: number, previous?: ChannelRow): ChannelRow {
    const { config, problems } = keepMaskedSecrets(spec.config, previous ? toChannel(previous).config : null);
    if (problems.length > 0)
      throw new WatchroomError('invalid_input', `Not saved: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
    return {
      id,
      name: spec.name,
      enabled: spec.enabled,
      config,
      ratePerMinute: spec.ratePerMinute,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
  }

  function requireChannel(id: string): ChannelRow {
    const row = repo.getChannel(id);
    if (!row) throw new WatchroomError('not_found', `There is no notification channel ${id}`);
    return row;
  }

  const configChanged = () => engine.configChanged();
  /** Tells every console which configuration to read again, instead of each one guessing it from audit action names. */
  const configChangedEvent = (kind: ConfigKind): EventMessage[] => [{ event: 'config.changed', payload: { kind } }];

  return {
    'alerts.snapshot': (input: { includeResolvedSinceMs: number; first?: number | undefined } | undefined, { actor }: CallContext) => ({
      at: clock.now(),
      ...engine.snapshot(input?.includeResolvedSinceMs ?? 6 * 3_600_000, input?.first, ownSitesOf(actor.sites)),
    }),
    'alerts.history': (filter) => searchAlertHistory(repos, filter),
    'alerts.get': ({ id }: { id: string }) => {
      const row = engine.openAlert(id) ?? engine.unstoredAlert(id) ?? repo.getAlert(id);
      if (!row) throw new WatchroomError('not_found', `There is no alert ${id}`);
      return {
        alert: toAlert(row),
        history: repo.alertEvents(id).map(toAlertEvent),
        notifications: repo.notifications(id, 50).map(toNotificationOutcome),
      };
    },
    'alerts.acknowledge': ({ id, reason, note }: { id: string; reason: AckReason; note: string }, ctx: CallContext) => {
      const before = requireOpen(id, ctx.actor);
      const state = allowed(before, { kind: 'acknowledge' });
      const now = clock.now();
      const policy = engine.policyOf(before.severity);
      const labels: Record<AckReason, string> = { genuine: 'genuine', 'false-alarm': 'false alarm', test: 'test' };
      return change(
        before,
        {
          state,
          ackBy: ctx.actor.displayName,
          ackAt: now,
          ackReason: reason,
          ackNote: note === '' ? null : note,
          // The first to acknowledge owns it, unless someone claimed it already.
          ...(before.owner === null ? { owner: ctx.actor.displayName, ownerId: ctx.actor.id, ownerSeat: ctx.actor.seat } : {}),
          snoozedUntil: null,
          nextEscalationAt: policy.ackTimeoutMinutes === null ? null : now + policy.ackTimeoutMinutes * 60_000,
        },
        'acknowledged',
        ctx,
        `${labels[reason]}${note ? `: ${note}` : ''}`,
        // A pager that was told of the alert stops paging once someone in the room has it.
        before.notified ? { notify: 'acknowledged' } : {},
      );
    },
    'alerts.claim': ({ id }: { id: string }, ctx: CallContext) => {
      const before = requireOpen(id, ctx.actor);
      allowed(before, { kind: 'claim', byId: ctx.actor.id });
      const from = before.owner ? ` (taken over from ${before.owner})` : '';
      return change(
        before,
        { owner: ctx.actor.displayName, ownerId: ctx.actor.id, ownerSeat: ctx.actor.seat },
        'claimed',
        ctx,
        `Claimed by ${ctx.actor.displayName}${from}`,
      );
    },
    'alerts.escalate': ({ id }: { id: string }, ctx: CallContext) => {
      const before = requireOpen(id, ctx.actor);
      const now = clock.now();
      const level = before.escalationLevel + 1;
      allowed(before, { kind: 'escalate', toLevel: level });
      const reach = engine.routing.levelReach(before.severity, level, now);
      return change(
        before,
        {
          escalationLevel: level,
          escalatedAt: now,
          nextEscalationAt:
            before.state === 'firing' ? now + engine.minutesAfterLevel(before.severity, level) * 60_000 : before.nextEscalationAt,
          notified: true,
        },
        'escalated',
        ctx,
        `Escalated by hand to ${reach?.detail ?? `level ${level}`}`,
        { attention: 'escalated', notify: 'escalated' },
      );
    },
    'alerts.snooze': ({ id, minutes: snoozeMinutes, note }: { id: string; minutes: number; note: string }, ctx: CallContext) => {
      const before = requireOpen(id, ctx.actor);
      allowed(before, { kind: 'snooze' });
      const until = clock.now() + snoozeMinutes * 60_000;
      return change(before, { snoozedUntil: until }, 'snoozed', ctx, `For ${minutes(snoozeMinutes)}${note ? `: ${note}` : ''}`);
    },
    'alerts.resolve': ({ id, reason }: { id: string; reason: string }, ctx: CallContext) => {
      const before = requireOpen(id, ctx.actor);
      return change(
        before,
        {
          state: allowed(before, { kind: 'resolve' }),
          resolvedAt: clock.now(),
          resolvedBy: ctx.actor.displayName,
          resolution: reason,
          nextEscalationAt: null,
          snoozedUntil: null,
        },
        'resolved',
        ctx,
        reason,
        before.notified ? { notify: 'resolved' } : {},
      );
    },

    'rules.list': () => repo.listRules().map(toRule),
    'rules.create': (spec: RuleSpec): CommandOutcome<Rule> => {
      checkRule(spec);
      const row = ruleRow(newId(), spec, clock.now());
      repo.insertRule(row);
      const rule = toRule(row);
      return { value: rule, target: `rule:${row.id}`, after: rule, events: configChangedEvent('rules'), afterCommit: configChanged };
    },
    'rules.update': ({ id, rule: spec, basedOnVersion }: { id: string; rule: RuleSpec; basedOnVersion: number }): CommandOutcome<Rule> => {
      const previous = repo.getRule(id);
      if (!previous) throw new WatchroomError('not_found', `There is no rule ${id}`);
      refuseStaleEdit(
        basedOnVersion,
        shownRule(spec),
        { name: previous.name, version: previous.version, updatedAt: previous.updatedAt, fields: shownRule(toRule(previous)) },
        { now: clock.now(), identity },
      );
      checkRule(spec);
      const row = ruleRow(id, spec, clock.now(), previous);
      repo.updateRule(id, row);
      return {
        value: toRule(row),
        target: `rule:${id}`,
        before: toRule(previous),
        after: toRule(row),
        events: configChangedEvent('rules'),
        afterCommit: configChanged,
      };
    },
    'rules.delete': ({ id }: { id: string }): CommandOutcome<{ id: string }> => {
      const previous = repo.getRule(id);
      if (!previous) throw new WatchroomError('not_found', `There is no rule ${id}`);
      if (previous.builtIn) throw new WatchroomError('conflict', `"${previous.name}" is built in: disable it instead of deleting it`);
      repo.deleteRule(id);
      return {
        value: { id },
        target: `rule:${id}`,
        before: toRule(previous),
        events: configChangedEvent('rules'),
        afterCommit: configChanged,
      };
    },
    'escalation.list': () => SEVERITIES.map((severity) => engine.policyOf(severity)),
    'escalation.set': (policy: EscalationPolicy): CommandOutcome<EscalationPolicy> => {
      const before = engine.policyOf(policy.severity);
      repo.upsertPolicy(policy);
      return {
        value: policy,
        target: `escalation:${policy.severity}`,
        before,
        after: policy,
        events: configChangedEvent('escalation'),
        afterCommit: configChanged,
      };
    },

    'silences.list': () => {
      const views = repo.listSilences().map(silenceView);
      return views.sort((a, b) => Number(b.activeUntil !== null) - Number(a.activeUntil !== null) || b.createdAt - a.createdAt);
    },
    'silences.preview': (spec: SilenceSpec) => {
      checkSilence(spec);
      const now = clock.now();
      return {
        matches: engine.coveredBy(spec.scope).map((row) => ({
          id: row.id,
          summary: row.summary,
          subjectName: row.subjectName,
          severity: row.severity,
          siteName: row.siteName,
        })),
        nextActiveAt: silenceNextActiveAt(spec.schedule, null, now, identity.timeZone()),
      };
    },
    'silences.create': (spec: SilenceSpec, ctx: CallContext): CommandOutcome<Silence> => {
      checkSilence(spec);
      const now = clock.now();
      const row: SilenceRow = {
        id: newId(),
        kind: spec.kind,
        comment: spec.comment,
        scope: spec.scope,
        schedule: spec.schedule,
        triggeredAt: null,
        createdBy: ctx.actor.displayName,
        createdAt: now,
        updatedAt: now,
      };
      repo.insertSilence(row);
      const view = silenceView(row);
      return { value: view, target: `silence:${row.id}`, after: view, events: configChangedEvent('silences'), afterCommit: configChanged };
    },
    'silences.update': ({ id, silence: spec }: { id: string; silence: SilenceSpec }): CommandOutcome<Silence> => {
      const previous = repo.getSilence(id);
      if (!previous) throw new WatchroomError('not_found', `There is no silence ${id}`);
      checkSilence(spec);
      const scheduleChanged = JSON.stringify(previous.schedule) !== JSON.stringify(spec.schedule);
      const row: SilenceRow = {
        ...previous,
        kind: spec.kind,
        comment: spec.comment,
        scope: spec.scope,
        schedule: spec.schedule,
        triggeredAt: scheduleChanged ? null : previous.triggeredAt,
        updatedAt: clock.now(),
      };
      repo.updateSilence(id, row);
      return {
        value: silenceView(row),
        target: `silence:${id}`,
        before: silenceView(previous),
        after: silenceView(row),
        events: configChangedEvent('silences'),
        afterCommit: configChanged,
      };
    },
    'silences.delete': ({ id }: { id: string }): CommandOutcome<{ id: string }> => {
      const previous = repo.getSilence(id);
      if (!previous) throw new WatchroomError('not_found', `There is no silence ${id}`);
      repo.deleteSilence(id);
      return {
        value: { id },
        target: `silence:${id}`,
        before: silenceView(previous),
        events: configChangedEvent('silences'),
        afterCommit: configChanged,
      };
    },

    'channels.list': () => repo.listChannels().map((row) => maskChannel(toChannel(row))),
    'channels.create': (spec: ChannelSpec): CommandOutcome<Channel> => {
      const row = channelRow(newId(), spec, clock.now());
      repo.insertChannel(row);
      const view = maskChannel(toChannel(row));
      return { value: view, target: `channel:${row.id}`, after: view, events: configChangedEvent('channels'), afterCommit: configChanged };
    },
    'channels.update': ({ id, channel: spec }: { id: string; channel: ChannelSpec }): CommandOutcome<Channel> => {
      const previous = requireChannel(id);
      const row = channelRow(id, spec, clock.now(), previous);
      repo.updateChannel(id, row);
      return {
        value: maskChannel(toChannel(row)),
        target: `channel:${id}`,
        before: maskChannel(toChannel(previous)),
        after: maskChannel(toChannel(row)),
        events: configChangedEvent('channels'),
        afterCommit: configChanged,
      };
    },
    'channels.delete': ({ id }: { id: string }): CommandOutcome<{ id: string }> => {
      const previous = requireChannel(id);
      const users = repo.listRules().filter((rule) => rule.channelIds.includes(id));
      if (users.length > 0) {
        throw new WatchroomError(
          'conflict',
          `"${previous.name}" is used by ${users.map((r) => `"${r.name}"`).join(', ')}; remove it from ${users.length === 1 ? 'that rule' : 'those rules'} first`,
        );
      }
      repo.deleteChannel(id);
      return {
        value: { id },
        target: `channel:${id}`,
        before: maskChannel(toChannel(previous)),
        events: configChangedEvent('channels'),
        afterCommit: configChanged,
      };
    },
    'channels.test': async ({ id }: { id: string }): Promise<NotificationOutcome> => {
      const channel = toChannel(requireChannel(id));
      const now = clock.now();
      return notifier.test(channel, {
        alertId: null,
        fingerprint: `test|${id}`,
        event: 'test',
        severity: 'info',
        ruleName: 'Test',
        summary: `A test notification from ${identity.name()}: if you read this, the "${channel.name}" channel works.`,
        subjectName: channel.name,
        siteName: null,
        firstSeenAt: now,
        at: now,
        count: 1,
        escalationLevel: 0,
        consoleName: identity.name(),
      });
    },
  };
}

function pick(value: object, keys: string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));
}
