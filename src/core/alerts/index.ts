/** Alert rules, evaluation, de-duplication, lifecycle, escalation, silences and notifications. */
import type { EventMessage, Settings } from '../../shared/contract';
import type { Clock, Timers } from '../../shared/domain/clock';
import type { Repositories } from '../db';
import type { Logger } from '../logging';
import { AlertEngine, type MonitorFactsSource } from './engine';
import { createAlertHandlers } from './handlers';
import { createNotifier, type Notifier } from './notifiers';

export { AlertEngine, SYSTEM_ACTOR, type ExternalConditionKind, type ExternalSubject, type MonitorFactsSource } from './engine';
export type { Notifier, NotificationMessage } from './notifiers';

export interface AlertingOptions {
  repos: Repositories;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  emit: (message: EventMessage) => void;
  facts: MonitorFactsSource;
  settings: () => Settings;
  /** The real webhook and e-mail senders unless a test supplies its own. */
  notifier?: Notifier;
  tickMs?: number;
  writeFailed?: (error: unknown) => void;
}

export function createAlerting(options: AlertingOptions) {
  const consoleName = () => options.settings().consoleName;
  const timeZone = () => options.settings().timeZone;
  let engine: AlertEngine | null = null;
  const notifier =
    options.notifier ??
    createNotifier({
      clock: options.clock,
      timers: options.timers,
      logger: options.logger,
      onOutcome: (message, outcome) => engine?.notificationOutcome(message, outcome),
    });
  engine = new AlertEngine({
    repos: options.repos,
    clock: options.clock,
    timers: options.timers,
    logger: options.logger,
    emit: options.emit,
    facts: options.facts,
    notifier,
    consoleName,
    timeZone,
    ...(options.tickMs ? { tickMs: options.tickMs } : {}),
    ...(options.writeFailed ? { writeFailed: options.writeFailed } : {}),
  });
  const ready = engine;
  return {
    engine: ready,
    handlers: createAlertHandlers(options.repos, ready, notifier, options.clock, consoleName, timeZone),
    start: () => ready.start(),
    stop() {
      ready.stop();
      notifier.stop();
    },
  };
}
export type Alerting = ReturnType<typeof createAlerting>;
