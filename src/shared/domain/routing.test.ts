import { describe, expect, it } from 'vitest';
import type { Channel, ChannelConfig } from '../contract/alerts';
import { DEFAULT_ESCALATION } from './alert-rules';
import { DEFAULT_ROUTING, channelsOnRoute, defaultLevels } from './routing';

function channel(id: string, config: ChannelConfig, enabled = true): Channel {
  return { id, name: id, enabled, config, ratePerMinute: 20, createdAt: 0, updatedAt: 0 };
}

const CHANNELS = [
  channel('slack', { kind: 'slack', url: 'https://hooks.slack.com/x', consoleUrl: null, timeoutSeconds: 5 }),
  channel('teams-off', { kind: 'teams', url: 'https://teams.example/x', consoleUrl: null, timeoutSeconds: 5 }, false),
  channel('mail', {
    kind: 'email',
    host: 'smtp.example',
    port: 587,
    secure: false,
    username: null,
    password: null,
    from: 'w@example.com',
    to: ['duty@example.com'],
    timeoutSeconds: 15,
  }),
  channel('pd', {
    kind: 'pagerduty',
    routingKey: 'key',
    eventsUrl: 'https://events.pagerduty.com/v2/enqueue',
    consoleUrl: null,
    timeoutSeconds: 5,
  }),
  channel('hook', { kind: 'webhook', url: 'https://hooks.example/x', secret: 'x'.repeat(16), timeoutSeconds: 5, headers: {} }),
];

describe('the default routing table', () => {
  it('sends critical to every enabled chat channel, e-mail and the pagers; high and medium to chat; low and info to the queue only', () => {
    const ids = (severity: Parameters<typeof channelsOnRoute>[1]) => channelsOnRoute(DEFAULT_ROUTING, severity, CHANNELS).map((c) => c.id);
    expect(ids('critical')).toEqual(['slack', 'mail', 'pd']);
    expect(ids('high')).toEqual(['slack']);
    expect(ids('medium')).toEqual(['slack']);
    expect(ids('low')).toEqual([]);
    expect(ids('info')).toEqual([]);
  });
});

describe('default escalation levels', () => {
  it('name the operator on shift, the supervisor on call (the schedule when there is one) and the duty manager, at the policy pace', () => {
    const critical = DEFAULT_ESCALATION.find((policy) => policy.severity === 'critical')!;
    expect(defaultLevels(critical, 'sup').levels).toEqual([
      { label: 'Operator on shift', target: { kind: 'role', role: 'operator' }, minutesToNext: 5 },
      { label: 'Supervisor on call', target: { kind: 'schedule', scheduleId: 'sup' }, minutesToNext: 5 },
      { label: 'Duty manager', target: { kind: 'role', role: 'admin' }, minutesToNext: null },
    ]);
    expect(defaultLevels(critical, null).levels[1]?.target).toEqual({ kind: 'role', role: 'supervisor' });
  });
});
