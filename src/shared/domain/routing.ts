import type { Channel, ChannelConfig, EscalationPolicy, Severity } from '../contract/alerts';
import type { EscalationLevels, RouteDestination, RoutingTable } from '../contract/routing';

/**
 * DESIGN.md (issue 16): critical → sound, OS notification, every chat channel, e-mail and the
 * on-call person's pager; high → sound and chat; medium → queue and chat; low and info → the queue only.
 */
export const DEFAULT_ROUTING: RoutingTable = {
  routes: [
    { severity: 'critical', destinations: ['sound', 'os-notification', 'chat', 'email', 'pager'] },
    { severity: 'high', destinations: ['sound', 'chat'] },
    { severity: 'medium', destinations: ['chat'] },
    { severity: 'low', destinations: [] },
    { severity: 'info', destinations: [] },
  ],
  pagerScheduleId: null,
};

export const DESTINATION_LABELS: Record<RouteDestination, string> = {
  sound: 'Sound',
  'os-notification': 'OS notification',
  chat: 'Chat (Slack, Teams, Mattermost)',
  email: 'E-mail',
  pager: 'Pager (PagerDuty, Opsgenie, on-call person)',
  webhook: 'Webhook',
  sms: 'SMS',
};

/** Which destination of the routing table a channel of this kind serves. */
export function destinationOf(kind: ChannelConfig['kind']): Exclude<RouteDestination, 'sound' | 'os-notification'> {
  switch (kind) {
    case 'slack':
    case 'teams':
    case 'mattermost':
      return 'chat';
    case 'pagerduty':
    case 'opsgenie':
      return 'pager';
    case 'email':
      return 'email';
    case 'sms':
      return 'sms';
    case 'webhook':
      return 'webhook';
  }
}

export function routeOf(table: RoutingTable, severity: Severity): readonly RouteDestination[] {
  return table.routes.find((route) => route.severity === severity)?.destinations ?? [];
}

/** The enabled channels a severity's route reaches (the on-call person's own contact is added by core, which knows who that is). */
export function channelsOnRoute(table: RoutingTable, severity: Severity, channels: Iterable<Channel>): Channel[] {
  const route = routeOf(table, severity);
  return [...channels].filter((channel) => channel.enabled && route.includes(destinationOf(channel.config.kind)));
}

/**
 * The levels of a severity before levels named who (and for a console that never set them): the
 * operator on shift, the supervisors' on-call schedule when there is one, the duty manager (an
 * admin); the first escalation waits the policy's delay, each level after it its repeat time.
 */
export function defaultLevels(policy: EscalationPolicy, supervisorScheduleId: string | null): EscalationLevels {
  const pace = policy.repeatEveryMinutes;
  return {
    severity: policy.severity,
    levels: [
      { label: 'Operator on shift', target: { kind: 'role', role: 'operator' }, minutesToNext: pace },
      supervisorScheduleId === null
        ? { label: 'Supervisor on call', target: { kind: 'role', role: 'supervisor' }, minutesToNext: pace }
        : { label: 'Supervisor on call', target: { kind: 'schedule', scheduleId: supervisorScheduleId }, minutesToNext: pace },
      { label: 'Duty manager', target: { kind: 'role', role: 'admin' }, minutesToNext: null },
    ],
  };
}
