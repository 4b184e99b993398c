import { randomBytes } from 'node:crypto';
import {
  WatchroomError,
  type EscalationLevels,
  type EscalationTarget,
  type EventMessage,
  type OnCallSchedule,
  type OnCallScheduleSpec,
  type RoutingTable,
  type UserContact,
} from '../../shared/contract';
import { SEVERITIES } from '../../shared/contract/alerts';
import type { Capability, CapabilityContext, CommandOutcome, MethodsOf } from '../service';
import type { AlertEngine } from './engine';
import { toSchedule } from './routing-model';

export type RoutingMethods = MethodsOf<'routing' | 'oncall'>;
type RoutingHandlers = Capability<RoutingMethods>['handlers'];

export interface RoutingHandlerDeps extends Pick<CapabilityContext, 'repos' | 'clock'> {
  engine: AlertEngine;
}

// Consoles read routes, levels and schedules with the escalation policies: one kind of configuration to read again.
const changedEvent: EventMessage[] = [{ event: 'config.changed', payload: { kind: 'escalation' } }];

/** The routing table, escalation levels, on-call schedules and people's contacts (issue 16). */
export function createRoutingHandlers(deps: RoutingHandlerDeps): RoutingHandlers {
  const { repos, clock, engine } = deps;
  const configChanged = () => engine.configChanged();

  function refuse(path: string, message: string, summary = message): never {
    throw new WatchroomError('invalid_input', summary, [{ path, message }]);
  }

  function requireSchedule(scheduleId: string, path: string): void {
    if (!repos.routing.getSchedule(scheduleId)) refuse(path, 'Pick an existing on-call schedule', 'That on-call schedule does not exist');
  }

  function requirePerson(userId: string, path: string): void {
    const user = repos.people.getUser(userId);
    if (!user?.active) refuse(path, 'Pick a person who may use the console', 'That person does not exist or is deactivated');
  }

  function requireChannel(channelId: string, path: string): void {
    if (!repos.alerts.getChannel(channelId)) refuse(path, 'Pick an existing channel', 'That notification channel does not exist');
  }

  function checkTarget(target: EscalationTarget, path: string): void {
    if (target.kind === 'schedule') requireSchedule(target.scheduleId, `${path}.scheduleId`);
    if (target.kind === 'person') requirePerson(target.userId, `${path}.userId`);
    if (target.kind === 'channel') requireChannel(target.channelId, `${path}.channelId`);
  }

  /** Where a schedule is still named: deleting it would leave a level or the pager route reaching nobody (default levels follow whatever schedules there are). */
  function usesOf(scheduleId: string): string[] {
    const uses = repos.routing
      .listLevels()
      .filter((row) => row.levels.some((level) => level.target.kind === 'schedule' && level.target.scheduleId === scheduleId))
      .map((row) => `the ${row.severity} escalation levels`);
    if (engine.routingTable().pagerScheduleId === scheduleId) uses.unshift("the routing table's pager");
    return uses;
  }

  return {
    'routing.get': () => engine.routingTable(),
    'routing.set': (table: RoutingTable): CommandOutcome<RoutingTable> => {
      if (table.pagerScheduleId !== null) requireSchedule(table.pagerScheduleId, 'pagerScheduleId');
      const before = engine.routingTable();
      repos.routing.saveRoutingTable({ routes: table.routes, pagerScheduleId: table.pagerScheduleId, updatedAt: clock.now() });
      return { value: table, target: 'routing', before, after: table, events: changedEvent, afterCommit: configChanged };
    },
    'routing.levels': () => SEVERITIES.map((severity) => engine.levelsOf(severity)),
    'routing.setLevels': (levels: EscalationLevels): CommandOutcome<EscalationLevels> => {
      levels.levels.forEach((level, index) => checkTarget(level.target, `levels.${index}.target`));
      const before = engine.levelsOf(levels.severity);
      repos.routing.saveLevels(levels);
      return {
        value: levels,
        target: `escalation:${levels.severity}`,
        before,
        after: levels,
        events: changedEvent,
        afterCommit: configChanged,
      };
    },
    'oncall.schedules': () => repos.routing.listSchedules().map(toSchedule),
    'oncall.save': (spec: OnCallScheduleSpec): CommandOutcome<OnCallSchedule> => {
      spec.people.forEach((userId, index) => requirePerson(userId, `people.${index}`));
      spec.overrides.forEach((override, index) => requirePerson(override.userId, `overrides.${index}.userId`));
      const previous = spec.id === undefined ? undefined : repos.routing.getSchedule(spec.id);
      if (spec.id !== undefined && !previous) throw new WatchroomError('not_found', `There is no on-call schedule ${spec.id}`);
      const now = clock.now();
      const { id = randomBytes(8).toString('base64url'), ...fields } = spec;
      const row = { id, ...fields, createdAt: previous?.createdAt ?? now, updatedAt: now };
      repos.routing.saveSchedule(row);
      const schedule = toSchedule(row);
      return {
        value: schedule,
        target: `on-call:${id}`,
        before: previous ? toSchedule(previous) : undefined,
        after: schedule,
        events: changedEvent,
        afterCommit: configChanged,
      };
    },
    'oncall.delete': ({ id }: { id: string }): CommandOutcome<{ id: string }> => {
      const previous = repos.routing.getSchedule(id);
      if (!previous) throw new WatchroomError('not_found', `There is no on-call schedule ${id}`);
      const uses = usesOf(id);
      if (uses.length > 0) throw new WatchroomError('conflict', `"${previous.name}" is named by ${uses.join(' and ')}: change those first`);
      repos.routing.deleteSchedule(id);
      return { value: { id }, target: `on-call:${id}`, before: toSchedule(previous), events: changedEvent, afterCommit: configChanged };
    },
    'oncall.now': () => engine.routing.onCallNow(clock.now()),
    'oncall.onShift': () => engine.routing.onShift(clock.now()),
    'oncall.contacts': () => repos.routing.listContacts().map(({ userId, channelId }) => ({ userId, channelId })),
    'oncall.setContact': (contact: UserContact): CommandOutcome<UserContact> => {
      requirePerson(contact.userId, 'userId');
      if (contact.channelId !== null) requireChannel(contact.channelId, 'channelId');
      const stored = repos.routing.listContacts().find((row) => row.userId === contact.userId);
      const before = { userId: contact.userId, channelId: stored?.channelId ?? null };
      repos.routing.setContact(contact.userId, contact.channelId, clock.now());
      return {
        value: contact,
        target: `contact:${contact.userId}`,
        before,
        after: contact,
        events: changedEvent,
        afterCommit: configChanged,
      };
    },
  };
}
