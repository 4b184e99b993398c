/** Watching the watcher (issue 16): the heartbeat URL called every minute, and the daily alive summary. */
import type { AliveSummaryConfig, Channel, NotificationOutcome, WatcherSettings, WatcherStatus } from '../../../shared/contract';
import { maskUrl } from '../../../shared/domain/redact';
import type { AlertRow } from '../../db';
import { WatchroomError } from '../../../shared/contract';
import type { Capability, CapabilityContext, CommandOutcome, MethodsOf } from '../../service';
import { toChannel } from '../model';
import type { NotificationMessage, Notifier } from '../notifiers';
import { AliveSummary } from './alive-summary';
import { Heartbeat } from './heartbeat';
import { createWatcherStore } from './watcher-store';

export { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS } from './heartbeat';

export type WatcherMethods = MethodsOf<'watcher'>;

export interface WatcherDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'timers' | 'logger' | 'identity'> {
  notifier: Notifier;
  openAlerts: () => Iterable<AlertRow>;
}

/** A pager would open an incident every morning: the summary goes to chat, e-mail, SMS or a webhook. */
const PAGER_KINDS: ReadonlySet<Channel['config']['kind']> = new Set(['pagerduty', 'opsgenie']);

export function createWatcher(deps: WatcherDeps): Capability<WatcherMethods> {
  const { repos, clock, timers, logger, identity, notifier } = deps;
  const store = createWatcherStore(repos);
  let settings = store.settings();
  const heartbeat = new Heartbeat({
    clock,
    timers,
    logger,
    config: () => settings.heartbeat,
    kept: { load: () => store.heartbeatLast(), save: (last, at) => store.saveHeartbeatLast(last, at) },
  });
  const aliveSummary = new AliveSummary({
    clock,
    timers,
    logger,
    timeZone: () => identity.timeZone(),
    config: () => settings.aliveSummary,
    store,
    send: (config, text) => sendSummary(config, text),
    text: () => aliveText(repos.monitoring.listMonitors().length, [...deps.openAlerts()]),
  });

  function sendSummary(config: AliveSummaryConfig, text: string): Promise<NotificationOutcome> {
    const row = repos.alerts.getChannel(config.channelId);
    const now = clock.now();
    const notSent = (channelName: string, detail: string): Promise<NotificationOutcome> =>
      Promise.resolve({
        channelId: config.channelId,
        channelName,
        at: now,
        ok: false,
        attempts: 0,
        detail,
        stage: 'dropped',
        status: null,
        answer: null,
      });
    if (!row) return notSent('(removed channel)', 'the channel was removed: choose another in Settings');
    const channel = toChannel(row);
    if (!channel.enabled) return notSent(channel.name, 'channel disabled');
    const message: NotificationMessage = {
      alertId: null,
      fingerprint: 'alive',
      event: 'alive',
      severity: 'info',
      ruleName: 'Daily alive summary',
      summary: text,
      subjectName: identity.name(),
      siteName: null,
      firstSeenAt: now,
      at: now,
      count: 1,
      escalationLevel: 0,
      consoleName: identity.name(),
    };
    return notifier.test(channel, message);
  }

  function checkChannel(next: WatcherSettings): void {
    if (!next.aliveSummary) return;
    const row = repos.alerts.getChannel(next.aliveSummary.channelId);
    const problem = !row
      ? 'Pick an existing channel'
      : PAGER_KINDS.has(toChannel(row).config.kind)
        ? 'A pager would open an incident every day: pick a chat, e-mail, SMS or webhook channel'
        : null;
    if (problem) throw new WatchroomError('invalid_input', problem, [{ path: 'aliveSummary.channelId', message: problem }]);
  }

  /** What the audit log keeps: the address masked, as it usually carries the check's key. */
  const audited = (value: WatcherSettings) => ({
    ...value,
    heartbeat: value.heartbeat ? { ...value.heartbeat, url: maskUrl(value.heartbeat.url, { wholePath: true }) } : null,
  });

  return {
    handlers: {
      'watcher.status': (): WatcherStatus => {
        const plan = settings.aliveSummary;
        const channel = plan ? repos.alerts.getChannel(plan.channelId) : undefined;
        return {
          heartbeat: heartbeat.status(),
          aliveSummary: aliveSummary.status(),
          aliveSummaryPlan: plan ? { time: plan.time, channelName: channel?.name ?? '(removed channel)' } : null,
        };
      },
      'watcher.settings': (): WatcherSettings => settings,
      'watcher.configure': (next: WatcherSettings): CommandOutcome<WatcherSettings> => {
        checkChannel(next);
        const before = settings;
        store.saveSettings(next, clock.now());
        return {
          value: next,
          target: 'watcher',
          before: audited(before),
          after: audited(next),
          afterCommit: () => {
            settings = next;
            if (JSON.stringify(before.heartbeat) !== JSON.stringify(next.heartbeat)) heartbeat.configChanged();
          },
        };
      },
    },
    start() {
      heartbeat.start();
      aliveSummary.start();
    },
    stop() {
      heartbeat.stop();
      aliveSummary.stop();
    },
  };
}

/** "Watchroom console alive: 12 monitors, 3 open alerts (1 critical)". */
export function aliveText(monitors: number, open: readonly Pick<AlertRow, 'severity' | 'state'>[]): string {
  const unresolved = open.filter((alert) => alert.state !== 'resolved');
  const critical = unresolved.filter((alert) => alert.severity === 'critical').length;
  return `Watchroom console alive: ${count(monitors, 'monitor')}, ${count(unresolved.length, 'open alert')} (${critical} critical)`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
