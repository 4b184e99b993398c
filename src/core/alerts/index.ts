/** Alert rules, evaluation, de-duplication, lifecycle, escalation, silences and notifications. */
import type { Capability, CapabilityContext } from '../service';
import { AlertEngine, type MonitorFactsSource } from './engine';
import { createAlertHandlers, type AlertMethods } from './handlers';
import { createNotifier, type Notifier } from './notifiers';
import { createWatcher, type WatcherMethods } from './watcher';

export { AlertEngine, SYSTEM_ACTOR, type ExternalConditionKind, type ExternalSubject, type MonitorFactsSource } from './engine';
export type { Notifier, NotificationMessage } from './notifiers';

export interface AlertingContext extends CapabilityContext {
  /** What the probe engine knows of each monitor now: the rules judge it. */
  facts: MonitorFactsSource;
  /** The real webhook and e-mail senders unless a test supplies its own. */
  notifier?: Notifier;
  tickMs?: number;
  /** A write of alerts failed (a full disk); the disk guard hears of it. */
  writeFailed?: (error: unknown) => boolean | undefined;
}

export function createAlerting(context: AlertingContext): Capability<AlertMethods | WatcherMethods> & { engine: AlertEngine } {
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
    handlers: { ...createAlertHandlers({ ...context, engine: ready, notifier }), ...watcher.handlers },
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
