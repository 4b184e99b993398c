import { z } from 'zod';
import { Severity } from './alerts';
import { Role } from './people';
import { text } from './strings';

const id = text().min(1).max(64);

/**
 * Where an alert of a severity goes when its rule uses the routing table. The queue always holds
 * it; `chat` is every Slack, Teams and Mattermost channel, `email` every e-mail channel, `pager`
 * every PagerDuty and Opsgenie channel and the contact channel of whoever is on call.
 */
export const RouteDestination = z.enum(['sound', 'os-notification', 'chat', 'email', 'pager', 'webhook', 'sms']);
export type RouteDestination = z.infer<typeof RouteDestination>;
export const ROUTE_DESTINATIONS: readonly RouteDestination[] = RouteDestination.options;

export const SeverityRoute = z
  .object({ severity: Severity, destinations: z.array(RouteDestination).max(RouteDestination.options.length) })
  .strict();
export type SeverityRoute = z.infer<typeof SeverityRoute>;

export const RoutingTable = z
  .object({
    /** One route per severity, worst first. */
    routes: z
      .array(SeverityRoute)
      .length(5)
      .refine((routes) => new Set(routes.map((route) => route.severity)).size === 5, { message: 'One route for every severity' }),
    /** Whose pager `pager` reaches: the person on call now in this schedule; null: the pager channels only. */
    pagerScheduleId: id.nullable(),
  })
  .strict();
export type RoutingTable = z.infer<typeof RoutingTable>;

/** Who a level of escalation notifies. */
export const EscalationTarget = z.discriminatedUnion('kind', [
  /** Everyone active with exactly this role: the operators on shift, say. */
  z.object({ kind: z.literal('role'), role: Role }).strict(),
  z.object({ kind: z.literal('person'), userId: id }).strict(),
  /** Whoever the schedule has on call at the moment of escalating. */
  z.object({ kind: z.literal('schedule'), scheduleId: id }).strict(),
  z.object({ kind: z.literal('channel'), channelId: id }).strict(),
]);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

export const EscalationLevel = z
  .object({
    /** How people read this level on the alert: "Supervisor on call". */
    label: text().trim().min(1, 'Name the level, such as "Supervisor on call"').max(80, 'At most 80 characters'),
    target: EscalationTarget,
    /** Minutes at this level, unacknowledged, before the next level; null: stays here, repeating at the policy's pace. */
    minutesToNext: z.number().int().min(1, 'At least 1 minute').max(1440, 'At most 1,440 minutes').nullable(),
  })
  .strict();
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** The ordered levels of one severity: escalation level N (1-based) notifies `levels[N-1]`. */
export const EscalationLevels = z
  .object({ severity: Severity, levels: z.array(EscalationLevel).min(1, 'At least one level').max(5, 'At most 5 levels') })
  .strict();
export type EscalationLevels = z.infer<typeof EscalationLevels>;

const clockTime = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time such as 08:00');
const isoDate = text().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'A date such as 2026-12-07');

/** Someone else on call from..to (instants), over whatever the rotation says. */
export const OnCallOverride = z
  .object({
    userId: id,
    from: z.number().int(),
    to: z.number().int(),
    note: text().trim().max(200, 'At most 200 characters').default(''),
  })
  .strict()
  .refine((override) => override.to > override.from, { message: 'The end must be after the start', path: ['to'] });
export type OnCallOverride = z.infer<typeof OnCallOverride>;

/**
 * A weekly rotation: `people` take turns in order, each for `rotationWeeks` weeks, handing over on
 * `handoffWeekday` (0 Sunday .. 6 Saturday) at `handoffTime` in the console's time zone. The first
 * turn starts at the first handoff on or after `startsOn`.
 */
const scheduleFields = {
  name: text().trim().min(1, 'Name the schedule, such as "Supervisors"').max(80, 'At most 80 characters'),
  people: z.array(id).min(1, 'At least one person').max(50, 'At most 50 people'),
  handoffWeekday: z.number().int().min(0).max(6),
  handoffTime: clockTime,
  rotationWeeks: z.number().int().min(1, 'At least 1 week').max(12, 'At most 12 weeks'),
  startsOn: isoDate,
  overrides: z.array(OnCallOverride).max(200, 'At most 200 overrides').default([]),
};

export const OnCallScheduleInput = z
  .object({ id: id.optional(), ...scheduleFields })
  .strict()
  .refine((schedule) => new Set(schedule.people).size === schedule.people.length, {
    message: 'Each person once in the rotation',
    path: ['people'],
  });
export type OnCallScheduleInput = z.input<typeof OnCallScheduleInput>;
export type OnCallScheduleSpec = z.output<typeof OnCallScheduleInput>;

export const OnCallSchedule = z.object({ id, ...scheduleFields, overrides: z.array(OnCallOverride), updatedAt: z.number().int() });
export type OnCallSchedule = z.infer<typeof OnCallSchedule>;

const onCallPerson = z.object({ userId: id, displayName: z.string(), because: z.enum(['rotation', 'override']) });

/** Who a schedule has on call now (until when), and who takes over next (from when). */
export const OnCallNow = z.object({
  scheduleId: id,
  scheduleName: z.string(),
  now: onCallPerson.extend({ until: z.number().int().nullable() }).nullable(),
  next: onCallPerson.extend({ from: z.number().int() }).nullable(),
});
export type OnCallNow = z.infer<typeof OnCallNow>;

export const OnCallIdInput = z.object({ id }).strict();

/** A person's own way to be reached when a level names them or their schedule: one of the channels (their pager, say). */
export const UserContact = z.object({ userId: id, channelId: id.nullable() }).strict();
export type UserContact = z.infer<typeof UserContact>;
