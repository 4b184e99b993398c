/** Alert rules, evaluation, de-duplication, lifecycle, escalation, silences and notifications. */
import type { Capability, CapabilityContext } from '../service';
import { AlertEngine, type MonitorFactsSource } from './engine';
import { createAlertHandlers, type AlertMethods } from './handlers';
import { toChannel } from './model';
import { createNotifier, type Notifier } from './notifiers';
import { createRoutingHandlers, type RoutingMethods } from './routing-handlers';
import { createWatcher, type WatcherMethods } from './watcher';

export { AlertEngine, SYSTEM_ACTOR, type ExternalConditionKind, type ExternalSubject, type MonitorFactsSource } from './engine';
export type { Notifier, NotificationMessage } from './notifiers';
export { sendPlainEmail, type PlainEmail } from './notifiers';

export interface AlertingContext extends CapabilityContext {
  /** What the probe engine knows of each monitor now: the rules judge it. */
  facts: MonitorFactsSource;
  /** The real webhook and e-mail senders unless a test supplies its own. */
  notifier?: Notifier;
  tickMs?: number;
  /** A write of alerts failed (a full disk); the disk guard hears of it. */
  writeFailed?: (error: unknown) => boolean | undefined;
}

/** A notice that is no alert (a backup run's outcome), sent on a channel's usual path. */
export interface ChannelNotice {
  /** The alert's lifecycle words it borrows: a pager opens on 'fired' and closes on 'resolved' under the same fingerprint. */
  event: 'fired' | 'resolved';
  severity: 'high' | 'info';
  fingerprint: string;
  ruleName: string;
  summary: string;
  subjectName: string;
}

export function createAlerting(context: AlertingContext): Capability<AlertMethods | RoutingMethods | WatcherMethods> & {
  engine: AlertEngine;
  /** Queues a notice on a channel (its queue, retries, rate limit and quiet hours); false when the channel does not exist. */
  notifyChannel(channelId: string, notice: ChannelNotice): boolean;
} {
  let engine: AlertEngine | null = null;
  const notifier =
    context.notifier ??
    createNotifier({
      clock: context.clock,
      timers: context.timers,
      logger: context.logger,
      timeZone: () => context.identity.timeZone(),
      onOutcome: (message, outcome) => engine?.notificationOutcome(message, outcome),
      onRetry: (message, retrying) => engine?.notificationOutcome(message, retrying),
    });
  engine = new AlertEngine({ ...context, notifier });
  const ready = engine;
  // Started with the engine: on a hub or a console on its own, never on a console connected to a hub (the hub calls).
  const watcher = createWatcher({ ...context, notifier, openAlerts: () => ready.openAlerts() });
  return {
    engine: ready,
    notifyChannel(channelId, notice) {
      const row = context.repos.alerts.getChannel(channelId);
      if (!row) return false;
      const now = context.clock.now();
      notifier.send(toChannel(row), {
        ...notice,
        alertId: null,
        siteName: null,
        firstSeenAt: now,
        at: now,
        count: 1,
        escalationLevel: 0,
        consoleName: context.identity.name(),
      });
      return true;
    },
    handlers: {
      ...createAlertHandlers({ ...context, engine: ready, notifier }),
      ...createRoutingHandlers({ ...context, engine: ready }),
      ...watcher.handlers,
    },
    start() {
      ready.start();
      watcher.start();
    },
    stop() {
      watcher.stop();
      ready.stop();
      notifier.stop();
    },
  };
}
export type Alerting = ReturnType<typeof createAlerting>;
