import type { AlertAttention, Channel, NotificationOutcome } from '../../shared/contract';
import type { AlertRow } from '../db';
import type { CapabilityContext } from '../service';
import type { AlertConfig } from './config-cache';
import { SYSTEM_ACTOR } from './lifecycle';
import type { NotificationMessage, Notifier } from './notifiers';
import type { AlertRouting } from './routing';
import type { WritePass } from './write-pass';

export interface AlertNotificationsDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'identity'> {
  notifier: Notifier;
  config: AlertConfig;
  writes: WritePass;
  routing: AlertRouting;
}

/** Attention in every console (sound, banner, OS notification) and the channels the rule or the routing table names. */
export class AlertNotifications {
  constructor(private readonly deps: AlertNotificationsDeps) {}

  private get writes(): WritePass {
    return this.deps.writes;
  }

  /** Sound, banner and OS notification in every console (as the route has them), and the channels. */
  announce(row: AlertRow, reason: AlertAttention['reason'], now: number): void {
    this.writes.askAttention({
      alertId: row.id,
      severity: row.severity,
      reason,
      title: attentionTitle(row, reason),
      body: row.summary,
      at: now,
      ...this.deps.routing.attentionRoute(row),
    });
    this.notifyChannels(row, reason === 'fired' || reason === 'unsilenced' || reason === 'snooze-ended' ? 'fired' : reason);
    if (!row.notified) this.writes.touch(row, { notified: true });
  }

  /**
   * The rule's channels or its severity's route; an escalation adds its level's target, and the
   * targets of the levels reached hear the acknowledgement and resolution (a pager incident they opened is closed).
   */
  notifyChannels(row: AlertRow, event: NotificationMessage['event']): void {
    const now = this.deps.clock.now();
    const routing = this.deps.routing;
    const byLevel =
      event === 'escalated'
        ? (routing.levelReach(row.severity, row.escalationLevel, now)?.channels ?? [])
        : event === 'acknowledged' || event === 'resolved'
          ? routing.channelsOfLevelsReached(row, now)
          : [];
    const channels = new Map([...routing.channelsFor(row, now), ...byLevel].map((channel) => [channel.id, channel]));
    for (const channel of channels.values()) {
      if (!tellsOf(channel, event)) continue;
      const message: NotificationMessage = {
        alertId: row.id,
        fingerprint: row.fingerprint,
        event,
        severity: row.severity,
        ruleName: row.ruleName,
        summary: row.summary,
        subjectName: row.subjectName,
        siteName: row.siteName,
        firstSeenAt: row.firstSeenAt,
        at: now,
        count: row.count,
        escalationLevel: row.escalationLevel,
        consoleName: this.deps.identity.name(),
      };
      this.writes.send(row.id, () => this.deps.notifier.send(channel, message));
    }
  }

  /**
   * A step of a notification (possibly long after the pass that asked for it): every step joins the
   * alert's notification timeline; only how it ended goes into its history, a retry being no end.
   */
  recordOutcome(row: AlertRow, outcome: NotificationOutcome): void {
    this.deps.repos.alerts.insertNotification({ alertId: row.id, ...outcome });
    this.writes.touch(row, { lastNotification: outcome });
    if (outcome.stage === 'retrying') return;
    const kind = outcome.ok ? 'notified' : outcome.stage === 'held' ? 'notify-held' : 'notify-failed';
    this.writes.record(row, kind, SYSTEM_ACTOR, `${outcome.channelName}: ${outcome.detail}`);
  }
}

/** Pagers follow an acknowledgement (it stops their own escalation); chat, webhook and e-mail hear of the firing and the resolution only. */
function tellsOf(channel: Channel, event: NotificationMessage['event']): boolean {
  return event !== 'acknowledged' || channel.config.kind === 'pagerduty' || channel.config.kind === 'opsgenie';
}

function attentionTitle(row: AlertRow, reason: AlertAttention['reason']): string {
  const where = row.siteName ? ` — ${row.siteName}` : '';
  const prefix = reason === 'escalated' ? `Escalated (level ${row.escalationLevel}): ` : reason === 're-raised' ? 'Again: ' : '';
  return `${prefix}${row.severity.toUpperCase()} ${row.ruleName}${where}`;
}
