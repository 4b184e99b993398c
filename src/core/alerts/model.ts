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
    channelIds: row.channelIds,
    maxOpenAlerts: row.maxOpenAlerts,
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
  return { channelId: row.channelId, channelName: row.channelName, at: row.at, ok: row.ok, attempts: row.attempts, detail: row.detail };
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

/** The channel as a console may see it: secrets, header values and a webhook's address past its first segment masked. */
export function maskChannel(channel: Channel): Channel {
  const config = channel.config;
  if (config.kind === 'webhook')
    return {
      ...channel,
      config: { ...config, url: maskUrl(config.url, { wholePath: true }), secret: SECRET_MASK, headers: maskHeaders(config.headers) },
    };
  return { ...channel, config: { ...config, password: config.password === null ? null : SECRET_MASK } };
}

/** An update that sends back what maskChannel showed keeps the stored secrets; a mask edited by hand is a problem. */
export function keepMaskedSecrets(
  next: ChannelConfig,
  previous: ChannelConfig | null,
): { config: ChannelConfig; problems: SecretProblem[] } {
  const problems: SecretProblem[] = [];
  if (next.kind === 'webhook') {
    const stored = previous?.kind === 'webhook' ? previous : undefined;
    const config = {
      ...next,
      url: restoreMasked(next.url, stored?.url, stored && maskUrl(stored.url, { wholePath: true }), 'config.url', problems),
      secret: restoreMasked(next.secret, stored?.secret, SECRET_MASK, 'config.secret', problems),
      headers: restoreMaskedHeaders(next.headers, stored?.headers, 'config.headers', problems),
    };
    return { config, problems };
  }
  const stored = previous?.kind === 'email' ? (previous.password ?? undefined) : undefined;
  return {
    config: {
      ...next,
      password: next.password === null ? null : restoreMasked(next.password, stored, SECRET_MASK, 'config.password', problems),
    },
    problems,
  };
}
