import { useState } from 'react';
import type { Channel, NotificationOutcome } from '../../../shared/contract';
import { useAlertConfigCommand, useChannels, useTestChannel } from '../../api/alert-config-queries';
import { useEffectiveSettings } from '../../api/queries';
import { formatTimestamp } from '../../format/time';
import { CHANNEL_KIND_LABEL, describeDestination } from './channel-form-model';
import { ChannelForm } from './ChannelForm';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { QueryView } from '../../components/QueryView';
import { CommandButton } from '../../components/CommandButton';

const COLUMNS = 6;

function TestOutcome({ outcome }: { outcome: NotificationOutcome }) {
  const { timeZone } = useEffectiveSettings();
  const attempts = outcome.attempts === 1 ? '1 attempt' : `${outcome.attempts} attempts`;
  return (
    <p
      className={`channel-test-result channel-test-result--${outcome.ok ? 'ok' : 'failed'}`}
      role="status"
      data-testid="channel-test-result"
      data-ok={outcome.ok}
    >
      <strong>
        <span aria-hidden="true">{outcome.ok ? '✓ ' : '⚠ '}</span>
        {outcome.ok ? `Test sent through ${outcome.channelName}` : `Test through ${outcome.channelName} failed`}
      </strong>{' '}
      ({attempts}, {formatTimestamp(outcome.at, timeZone)}){outcome.detail ? `: ${outcome.detail}` : ''}
    </p>
  );
}

function ChannelRow({ channel, onEdit }: { channel: Channel; onEdit(channel: Channel): void }) {
  const test = useTestChannel();
  const remove = useAlertConfigCommand('channels.delete');
  const [confirming, setConfirming] = useState(false);
  const problem = test.error ?? remove.error;
  return (
    <>
      <tr
        data-testid="channel-row"
        data-channel-id={channel.id}
        data-enabled={channel.enabled}
        className={channel.enabled ? undefined : 'alert-config-row--off'}
      >
        <th scope="row" className="alert-config-row__name">
          {channel.name}
        </th>
        <td>{CHANNEL_KIND_LABEL[channel.config.kind]}</td>
        <td className="alert-config-row__destination">{describeDestination(channel.config)}</td>
        <td className="nowrap">{channel.ratePerMinute} a minute</td>
        <td>{channel.enabled ? 'On' : <span className="muted">Off</span>}</td>
        <td className="alert-config-row__actions">
          <CommandButton
            method="channels.test"
            type="button"
            className="button button--small"
            disabled={test.isPending}
            onClick={() => test.mutate(channel.id)}
            data-testid="channel-test"
          >
            {test.isPending ? 'Sending…' : 'Send test'}
          </CommandButton>
          <CommandButton
            method="channels.update"
            type="button"
            className="button button--small"
            onClick={() => onEdit(channel)}
            data-testid="channel-edit"
          >
            Edit
          </CommandButton>
          <CommandButton
            method="channels.delete"
            type="button"
            className="button button--small button--danger-quiet"
            onClick={() => setConfirming(true)}
            data-testid="channel-delete"
          >
            Delete
          </CommandButton>
        </td>
      </tr>
      <RowFollowUp
        colSpan={COLUMNS}
        className="alert-config-row__extra"
        problem={problem}
        problemTestId="channel-error"
        confirm={
          confirming
            ? {
                question: `Delete the channel “${channel.name}”? A channel that a rule still uses is not deleted: take it out of those rules first.`,
                confirmLabel: `Delete “${channel.name}”`,
                pending: remove.isPending,
                onConfirm: () => remove.mutate({ id: channel.id }, { onSettled: () => setConfirming(false) }),
                onCancel: () => setConfirming(false),
                testId: 'channel-delete-confirm',
              }
            : null
        }
      >
        {test.data && !test.isPending ? <TestOutcome outcome={test.data} /> : null}
      </RowFollowUp>
    </>
  );
}

type Editing = { channel: Channel | null } | null;

/** Where notifications go: webhooks and e-mail, each with its own rate limit. */
export function ChannelsSection() {
  const channels = useChannels();
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <>
      <div className="alert-config-section__head">
        <p className="muted">Secrets are never shown again once saved. Send a test after any change.</p>
        <CommandButton
          method="channels.create"
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ channel: null })}
          data-testid="channel-add"
        >
          Add channel
        </CommandButton>
      </div>
      {editing ? <ChannelForm key={editing.channel?.id ?? 'new'} channel={editing.channel} onDone={() => setEditing(null)} /> : null}
      <QueryView
        query={channels}
        failure="Could not read the channels"
        loading="Reading the channels…"
        empty="No channels: alerts show in the queue and notify no one."
      >
        {(rows) => (
          <div className="table-wrap">
            <table className="table alert-config-table" data-testid="channels-table">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Sends to</th>
                  <th scope="col">Rate limit</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((channel) => (
                  <ChannelRow key={channel.id} channel={channel} onEdit={(chosen) => setEditing({ channel: chosen })} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}
