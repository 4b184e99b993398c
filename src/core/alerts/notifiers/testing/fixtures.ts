import { ChannelInput, type Channel, type ChannelConfig } from '../../../../shared/contract/alerts';
import type { NotificationMessage } from '../message';

type WebhookInput = Partial<Extract<ChannelConfig, { kind: 'webhook' }>>;
type EmailInput = Partial<Extract<ChannelConfig, { kind: 'email' }>>;
type ChannelExtra = { id?: string; name?: string; enabled?: boolean; ratePerMinute?: number };

export const WEBHOOK_SECRET = 'webhook-secret-0123456789abcdef';

/** A channel as the contract would store it from what an operator typed. */
function channel(config: ChannelConfig, extra: ChannelExtra): Channel {
  const { id = 'ch-1', ...input } = extra;
  return { id, createdAt: 0, updatedAt: 0, ...ChannelInput.parse({ name: 'Duty desk', ...input, config }) };
}

export function webhookChannel(url: string, config: WebhookInput = {}, extra: ChannelExtra = {}): Channel {
  return channel(ChannelInput.shape.config.parse({ kind: 'webhook', url, secret: WEBHOOK_SECRET, timeoutSeconds: 2, ...config }), extra);
}

export function emailChannel(port: number, config: EmailInput = {}, extra: ChannelExtra = {}): Channel {
  return channel(
    ChannelInput.shape.config.parse({
      kind: 'email',
      host: '127.0.0.1',
      port,
      from: 'watchroom@example.com',
      to: ['duty@example.com'],
      timeoutSeconds: 2,
      ...config,
    }),
    extra,
  );
}

/** Any channel kind, from the fields an operator would type (the contract fills in the defaults). */
export function channelOf(config: Record<string, unknown>, extra: ChannelExtra = {}): Channel {
  return channel(ChannelInput.shape.config.parse({ timeoutSeconds: 2, ...config }), extra);
}

export function alertMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    alertId: 'al-7',
    fingerprint: 'rule-1|monitor:m-9',
    event: 'fired',
    severity: 'critical',
    ruleName: 'Monitor down',
    summary: 'Depot uplink is down: connection refused',
    subjectName: 'Depot uplink',
    siteName: 'North depot',
    firstSeenAt: Date.UTC(2026, 10, 23, 7, 58, 0),
    at: Date.UTC(2026, 10, 23, 8, 0, 0),
    count: 3,
    escalationLevel: 0,
    consoleName: 'Control room',
    ...overrides,
  };
}
