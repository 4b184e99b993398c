import type { Channel, NotificationOutcome } from '../../../shared/contract/alerts';
import type { Clock, Timers } from '../../../shared/domain/clock';
import type { CronZone } from '../../../shared/domain/cron';
import { quietHoursDetail } from '../../../shared/domain/notification-outcome';
import type { Logger } from '../../logging';
import type { AttemptResult } from './attempt';
import { postChat } from './chat';
import { sendEmail } from './email';
import type { NotificationMessage } from './message';
import { postOpsgenie, postPagerDuty } from './pager';
import { maskChannelConfig } from '../model';
import { heldByQuietHours } from './quiet-hours';
import { RollingMinute } from './rate-limit';
import { deliverWithRetries, type DeliveryResult } from './retry';
import { sendSms } from './sms';
import { postWebhook } from './webhook';

export interface Notifier {
  /** Queues a delivery and returns at once; never throws. The outcome arrives through onOutcome. */
  send(channel: Channel, message: NotificationMessage): void;
  /** Sends now and resolves with the outcome (for "send a test"); never rejects. */
  test(channel: Channel, message: NotificationMessage): Promise<NotificationOutcome>;
  /** Drops queued deliveries and aborts those in flight. */
  stop(): void;
}

export interface NotifierDeps {
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** The console's time zone setting, read when quiet hours are checked. */
  timeZone: () => CronZone;
  /** How a notification ended: delivered, sent, failed, held or dropped. */
  onOutcome: (message: NotificationMessage, outcome: NotificationOutcome) => void;
  /** An attempt failed and another follows (stage `retrying`): told before the pause, so the alert shows it at once. */
  onRetry?: (message: NotificationMessage, outcome: NotificationOutcome) => void;
}

/** Deliveries waiting per channel beyond this drop the oldest: a dead channel must not hoard memory. */
const CHANNEL_QUEUE_LIMIT = 500;

interface Delivery {
  channel: Channel;
  message: NotificationMessage;
}

/** One channel's own queue: a hanging or failing channel delays nobody else. */
interface Lane {
  waiting: Delivery[];
  busy: boolean;
  rate: RollingMinute;
}

export function createNotifier({ clock, timers, logger, timeZone, onOutcome, onRetry }: NotifierDeps): Notifier {
  const lanes = new Map<string, Lane>();
  const stopping = new AbortController();

  function outcome(channel: Channel, result: DeliveryResult): NotificationOutcome {
    const secrets = secretsOf(channel.config);
    return {
      channelId: channel.id,
      channelName: channel.name,
      at: clock.now(),
      ...result,
      detail: withoutSecrets(result.detail, secrets),
      answer: result.answer === null ? null : withoutSecrets(result.answer, secrets),
    };
  }

  function logFailure(channel: Channel, message: NotificationMessage, result: NotificationOutcome): void {
    // Only ids, names and the detail: the config (secret, password, headers) is never logged.
    logger.warn(
      {
        channelId: channel.id,
        channelName: channel.name,
        kind: channel.config.kind,
        alertId: message.alertId,
        event: message.event,
        attempts: result.attempts,
      },
      `notification not delivered: ${result.detail}`,
    );
  }

  /** `failure` false: not sent on purpose (quiet hours), which is no failure to log. */
  function report(channel: Channel, message: NotificationMessage, result: DeliveryResult, failure = !result.ok): void {
    const finished = outcome(channel, result);
    if (failure) logFailure(channel, message, finished);
    tell(onOutcome, channel, message, finished);
  }

  function tell(
    listener: NotifierDeps['onOutcome'] | undefined,
    channel: Channel,
    message: NotificationMessage,
    step: NotificationOutcome,
  ): void {
    try {
      listener?.(message, step);
    } catch (error) {
      logger.error({ err: error, channelId: channel.id }, 'recording a notification outcome failed');
    }
  }

  function attemptFor({ config }: Channel, message: NotificationMessage): (signal: AbortSignal) => Promise<AttemptResult> {
    switch (config.kind) {
      case 'webhook':
        return (signal) => postWebhook(config, message, clock.now(), signal);
      case 'email':
        return (signal) => sendEmail(config, message, signal);
      case 'slack':
      case 'teams':
      case 'mattermost':
        return (signal) => postChat(config, message, signal);
      case 'pagerduty':
        return (signal) => postPagerDuty(config, message, signal);
      case 'opsgenie':
        return (signal) => postOpsgenie(config, message, signal);
      case 'sms': {
        const reached = new Set<string>();
        return (signal) => sendSms(config, message, reached, signal);
      }
    }
  }

  /** `onRetry` absent for a channel test: its caller waits for the end and shows that. */
  function deliver({ channel, message }: Delivery, onRetry?: (retrying: DeliveryResult) => void): Promise<DeliveryResult | null> {
    const timeoutMs = channel.config.timeoutSeconds * 1000;
    return deliverWithRetries(attemptFor(channel, message), {
      timers,
      timeoutMs,
      stopSignal: stopping.signal,
      ...(onRetry ? { onRetry } : {}),
    });
  }

  function laneOf(channelId: string): Lane {
    let lane = lanes.get(channelId);
    if (!lane) {
      lane = { waiting: [], busy: false, rate: new RollingMinute() };
      lanes.set(channelId, lane);
    }
    return lane;
  }

  function pump(lane: Lane): void {
    if (lane.busy) return;
    const next = lane.waiting.shift();
    if (!next) return;
    lane.busy = true;
    const retried = (retrying: DeliveryResult): void => tell(onRetry, next.channel, next.message, outcome(next.channel, retrying));
    void deliver(next, retried).then((result) => {
      lane.busy = false;
      if (result === null) return; // stopped: nothing to report
      report(next.channel, next.message, result);
      pump(lane);
    });
  }

  function enqueue(channel: Channel, message: NotificationMessage): void {
    if (!channel.enabled) {
      report(channel, message, notAttempted('dropped', 'channel disabled'));
      return;
    }
    const quiet = channel.config.quietHours;
    if (quiet && heldByQuietHours(quiet, message.severity, clock.now(), timeZone())) {
      report(channel, message, notAttempted('held', quietHoursDetail(quiet)), false);
      return;
    }
    const lane = laneOf(channel.id);
    const limit = lane.rate.take(clock.now(), channel.ratePerMinute);
    if (!limit.allowed) {
      report(channel, message, notAttempted('dropped', `rate limited: ${limit.recent} in the last minute`));
      return;
    }
    lane.waiting.push({ channel, message });
    if (lane.waiting.length > CHANNEL_QUEUE_LIMIT) {
      const dropped = lane.waiting.shift();
      if (dropped)
        report(
          dropped.channel,
          dropped.message,
          notAttempted('dropped', `dropped: the queue for this channel was full (${CHANNEL_QUEUE_LIMIT} waiting)`),
        );
    }
    pump(lane);
  }

  return {
    send(channel, message) {
      if (stopping.signal.aborted) return;
      try {
        enqueue(channel, message);
      } catch (error) {
        logger.error({ err: error, channelId: channel.id, channelName: channel.name }, 'queueing a notification failed');
      }
    },

    async test(channel, message) {
      const stopped = notAttempted('dropped', 'notifications are stopped');
      try {
        const finished = outcome(channel, stopping.signal.aborted ? stopped : ((await deliver({ channel, message })) ?? stopped));
        if (!finished.ok) logFailure(channel, message, finished);
        return finished;
      } catch (error) {
        logger.error({ err: error, channelId: channel.id, channelName: channel.name }, 'sending a test notification failed');
        return outcome(channel, notAttempted('failed', `could not send: ${error instanceof Error ? error.message : String(error)}`));
      }
    },

    stop() {
      const dropped = [...lanes.values()].reduce((sum, lane) => sum + lane.waiting.length, 0);
      for (const lane of lanes.values()) lane.waiting = [];
      stopping.abort();
      if (dropped > 0) logger.info({ dropped }, 'notifier stopped; queued notifications dropped');
    },
  };
}

function notAttempted(stage: 'held' | 'dropped' | 'failed', detail: string): DeliveryResult {
  return { ok: false, attempts: 0, detail, stage, status: null, answer: null };
}

/** Shorter parts ("v1", "api") are no secret and would cut ordinary words out of an answer. */
const SECRET_MIN_LENGTH = 4;
/** A run of this many key-like characters, letters and digits mixed, is taken for a key or token, whoever it belongs to. */
const KEY_LIKE_RUN = /[A-Za-z0-9_\-+/=]{32,}/g;
const REDACTED = '[redacted]';

/**
 * What a console is never shown of a channel (maskChannelConfig decides: signing secret, password,
 * keys, header values, a webhook's address), with the path segments and query values of a secret
 * address, which a receiver may quote on their own.
 */
function secretsOf(config: Channel['config']): string[] {
  const shown: Record<string, unknown> = maskChannelConfig(config);
  const found: string[] = [];
  for (const [field, value] of Object.entries(config)) {
    if (typeof value === 'string' && shown[field] !== value) found.push(value, ...partsOfAddress(value));
    else if (field === 'headers' && value !== null && typeof value === 'object')
      found.push(...Object.values(value as Record<string, string>));
  }
  // Longest first: a URL is cut whole before the key inside it is looked for.
  return found.filter((secret) => secret.length >= SECRET_MIN_LENGTH).sort((a, b) => b.length - a.length);
}

function partsOfAddress(value: string): string[] {
  if (!URL.canParse(value)) return [];
  const url = new URL(value);
  const encoded = [...url.pathname.split('/'), url.username, url.password];
  return [...encoded, ...encoded.map(decodedOrAsIs), ...url.searchParams.values()];
}

function decodedOrAsIs(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** A receiver may echo what it was sent: the outcome shown on the alert never quotes the channel's secrets back. */
function withoutSecrets(said: string, secrets: readonly string[]): string {
  const cut = secrets.reduce((text, secret) => text.split(secret).join(REDACTED), said);
  return cut.replace(KEY_LIKE_RUN, (run) => (/\d/.test(run) && /[A-Za-z]/.test(run) ? REDACTED : run));
}
