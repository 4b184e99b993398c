import { useState, type FormEvent } from 'react';
import type { HeartbeatMethod, WatcherSettings } from '../../../shared/contract';
import { useChannels } from '../../api/alert-config-queries';
import { useCan } from '../../api/use-can';
import { useCommand } from '../../api/use-command';
import { watcherKeys, useWatcherSettings } from '../../api/watcher-queries';
import { CommandButton } from '../../components/CommandButton';

/** Pagers would open an incident every morning: core refuses them for the summary, so they are not offered. */
const SUMMARY_KINDS = new Set(['webhook', 'email', 'slack', 'teams', 'mattermost', 'sms']);

function Form({ current }: { current: WatcherSettings }) {
  const channels = useChannels().data ?? [];
  const [url, setUrl] = useState(current.heartbeat?.url ?? '');
  const [method, setMethod] = useState<HeartbeatMethod>(current.heartbeat?.method ?? 'GET');
  const [time, setTime] = useState(current.aliveSummary?.time ?? '');
  const [channelId, setChannelId] = useState(current.aliveSummary?.channelId ?? '');
  const save = useCommand('watcher.configure', { stale: [watcherKeys.settings, watcherKeys.status] });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      heartbeat: url.trim() === '' ? null : { url: url.trim(), method },
      aliveSummary: time === '' || channelId === '' ? null : { time, channelId },
    });
  };
  return (
    <form onSubmit={submit} data-testid="watcher-settings" className="settings-form">
      <label htmlFor="watcher-url">Heartbeat URL (called every minute; empty: off)</label>
      <input
        id="watcher-url"
        type="url"
        value={url}
        placeholder="https://hc-ping.com/…"
        maxLength={2000}
        onChange={(event) => setUrl(event.target.value)}
      />
      <label htmlFor="watcher-method">Method</label>
      <select id="watcher-method" value={method} onChange={(event) => setMethod(event.target.value === 'POST' ? 'POST' : 'GET')}>
        <option value="GET">GET</option>
        <option value="POST">POST</option>
      </select>
      <label htmlFor="watcher-time">Daily alive summary at (console time; empty: off)</label>
      <input id="watcher-time" type="time" value={time} onChange={(event) => setTime(event.target.value)} />
      <label htmlFor="watcher-channel">Through</label>
      <select id="watcher-channel" value={channelId} onChange={(event) => setChannelId(event.target.value)}>
        <option value="">(no channel)</option>
        {channels
          .filter((channel) => SUMMARY_KINDS.has(channel.config.kind))
          .map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
            </option>
          ))}
      </select>
      {save.isError ? (
        <p className="problem" role="alert" data-testid="watcher-settings-error">
          {save.error.message}
        </p>
      ) : null}
      <CommandButton method="watcher.configure" type="submit" disabled={save.isPending}>
        Save
      </CommandButton>
    </form>
  );
}

/** Watch the watcher (issue 16): the heartbeat URL and the daily alive summary; an admin's, as the address carries the check's key. */
export function WatcherSettingsForm() {
  const can = useCan('watcher.settings');
  const settings = useWatcherSettings(can.allowed);
  return (
    <section aria-labelledby="watcher-settings-title">
      <h3 id="watcher-settings-title">Watch the watcher</h3>
      {can.allowed ? settings.data ? <Form current={settings.data} /> : null : <p className="muted">{can.reason}</p>}
    </section>
  );
}
