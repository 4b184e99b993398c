import {
  type Alert,
  AlertEvent,
  type Channel,
  type ChannelConfig,
  type EscalationPolicy,
  type NotificationOutcome,
  type Rule,
  SECRET_MASK,
  Severity,
  type Silence,
  SilenceKind,
} from '../../shared/contract';
import { maskUrl } from '../../shared/domain/redact';
import { maskHeaders, restoreMasked, restoreMaskedHeaders, type SecretProblem } from '../../shared/domain/secret-values';
import type { AlertEventRow, AlertNotificationRow, AlertRow, AlertRuleRow, ChannelRow, EscalationPolicyRow, SilenceRow } from '../db';

/** Rows to contract objects and back. The JSON columns arrive parsed with the contract's schemas (see db/json-column), so a bad row fails loudly on read. */

export function toRule(row: AlertRuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    builtIn: row.builtIn,
    scope: row.scope,
    condition: row.condition,
    pendingMinutes: row.pendingMinutes,
    recovery: row.recovery,
    severity: Severity.parse(row.severity),
    routing: row.routing,
    channelIds: row.channelIds,
    maxOpenAlerts: row.maxOpenAlerts,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toPolicy(row: EscalationPolicyRow): EscalationPolicy {
  return {
    severity: Severity.parse(row.severity),
    escalateAfterMinutes: row.escalateAfterMinutes,
    repeatEveryMinutes: row.repeatEveryMinutes,
    maxLevel: row.maxLevel,
    ackTimeoutMinutes: row.ackTimeoutMinutes,
  };
}

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    subject: row.subject,
    subjectName: row.subjectName,
    siteId: row.siteId,
    siteName: row.siteName,
    severity: row.severity,
    state: row.state,
    summary: row.summary,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    count: row.count,
    escalationLevel: row.escalationLevel,
    escalatedAt: row.escalatedAt,
    owner: row.owner,
    ownerId: row.ownerId,
    ownerSeat: row.ownerSeat,
    ackBy: row.ackBy,
    ackAt: row.ackAt,
    ackReason: row.ackReason,
    ackNote: row.ackNote,
    snoozedUntil: row.snoozedUntil,
    silencedBy: row.silencedBy,
    heldBecause: row.heldBecause,
    flapping: row.flapping,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
    resolution: row.resolution,
    lastNotification: row.lastNotification,
  };
}

export function toAlertEvent(row: AlertEventRow): AlertEvent {
  return AlertEvent.parse({ at: row.at, kind: row.kind, actor: row.actor, detail: row.detail });
}

export function toNotificationOutcome(row: AlertNotificationRow): NotificationOutcome {
  const { channelId, channelName, at, ok, attempts, detail, stage, status, answer } = row;
  return { channelId, channelName, at, ok, attempts, detail, stage, status, answer };
}

export function toSilence(row: SilenceRow, activeUntil: number | null): Silence {
  return {
    id: row.id,
    kind: SilenceKind.parse(row.kind),
    comment: row.comment,
    scope: row.scope,
    schedule: row.schedule,
    triggeredAt: row.triggeredAt,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    activeUntil,
  };
}

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    config: row.config,
    ratePerMinute: row.ratePerMinute,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The channel as a console may see it: secrets (signing secret, password, routing and API keys),
 * header values, a webhook's or chat webhook's address past its first segment and an SMS
 * gateway's credentials masked.
 */
export function maskChannel(channel: Channel): Channel {
  return { ...channel, config: maskChannelConfig(channel.config) };
}

export function maskChannelConfig(config: ChannelConfig): ChannelConfig {
  switch (config.kind) {
    case 'webhook':
      return { ...config, url: maskUrl(config.url, { wholePath: true }), secret: SECRET_MASK, headers: maskHeaders(config.headers) };
    case 'email':
      return { ...config, password: config.password === null ? null : SECRET_MASK };
    case 'slack':
    case 'teams':
    case 'mattermost':
      return { ...config, url: maskUrl(config.url, { wholePath: true }) };
    case 'pagerduty':
      return { ...config, routingKey: SECRET_MASK };
    case 'opsgenie':
      return { ...config, apiKey: SECRET_MASK };
    case 'sms':
      return { ...config, url: maskUrl(config.url), headers: maskHeaders(config.headers) };
  }
}

/** An update that sends back what maskChannel showed keeps the stored secrets; a mask edited by hand is a problem. */
export function keepMaskedSecrets(
  next: ChannelConfig,
  previous: ChannelConfig | null,
): { config: ChannelConfig; problems: SecretProblem[] } {
  const problems: SecretProblem[] = [];
  // Only a stored channel of the same kind has secrets to keep.
  const stored = previous?.kind === next.kind ? previous : undefined;
  const shownUrl = (options: { wholePath?: boolean }): string | undefined =>
    stored && 'url' in stored ? maskUrl(stored.url, options) : undefined;
  const keepUrl = (url: string, options: { wholePath?: boolean }): string =>
    restoreMasked(url, stored && 'url' in stored ? stored.url : undefined, shownUrl(options), 'config.url', problems);
  const keepWhole = (value: string, storedValue: string | undefined, path: string): string =>
    restoreMasked(value, storedValue, SECRET_MASK, path, problems);
  const config = ((): ChannelConfig => {
    switch (next.kind) {
      case 'webhook': {
        const before = stored?.kind === 'webhook' ? stored : undefined;
        return {
          ...next,
          url: keepUrl(next.url, { wholePath: true }),
          secret: keepWhole(next.secret, before?.secret, 'config.secret'),
          headers: restoreMaskedHeaders(next.headers, before?.headers, 'config.headers', problems),
        };
      }
      case 'email': {
        const before = stored?.kind === 'email' ? (stored.password ?? undefined) : undefined;
        return { ...next, password: next.password === null ? null : keepWhole(next.password, before, 'config.password') };
      }
      case 'slack':
      case 'teams':
      case 'mattermost':
        return { ...next, url: keepUrl(next.url, { wholePath: true }) };
      case 'pagerduty':
        return {
          ...next,
          routingKey: keepWhole(next.routingKey, stored?.kind === 'pagerduty' ? stored.routingKey : undefined, 'config.routingKey'),
        };
      case 'opsgenie':
        return { ...next, apiKey: keepWhole(next.apiKey, stored?.kind === 'opsgenie' ? stored.apiKey : undefined, 'config.apiKey') };
      case 'sms': {
        const before = stored?.kind === 'sms' ? stored : undefined;
        return {
          ...next,
          url: keepUrl(next.url, {}),
          headers: restoreMaskedHeaders(next.headers, before?.headers, 'config.headers', problems),
        };
      }
    }
  })();
  return { config, problems };
}
