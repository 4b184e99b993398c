import { useState } from 'react';
import type { Silence } from '../../../shared/contract';
import { useAlertConfigCommand, useSilenceNextActive, useSilences } from '../../api/alert-config-queries';
import { useEffectiveSettings } from '../../api/queries';
import { formatMinute, type TimeZoneSetting } from '../../format/time';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { useDescribeScope } from './ScopeFields';
import { describeSchedule, SILENCE_KIND_LABEL } from './silence-form-model';
import { SilenceForm } from './SilenceForm';
import { QueryView } from '../../components/QueryView';
import { CommandButton } from '../../components/CommandButton';

const COLUMNS = 8;

function NextActive({ silence, timeZone }: { silence: Silence; timeZone: TimeZoneSetting }) {
  const active = silence.activeUntil !== null;
  const next = useSilenceNextActive(silence, !active);
  if (active) return <span className="muted">Now</span>;
  if (next.isError) return <span className="muted">Unknown ({next.error.message})</span>;
  if (next.isPending) return <span className="muted">…</span>;
  return next.data === null ? <span className="muted">Never again</span> : <>{formatMinute(next.data, timeZone)}</>;
}

interface SilenceRowProps {
  silence: Silence;
  timeZone: TimeZoneSetting;
  describeScope: ReturnType<typeof useDescribeScope>;
  onEdit(silence: Silence): void;
}

function SilenceRow({ silence, timeZone, describeScope, onEdit }: SilenceRowProps) {
  const remove = useAlertConfigCommand('silences.delete');
  const [confirming, setConfirming] = useState(false);
  const active = silence.activeUntil !== null;
  return (
    <>
      <tr
        data-testid="silence-row"
        data-silence-id={silence.id}
        data-active={active}
        className={active ? 'alert-config-row--active' : undefined}
      >
        <td className="nowrap">{SILENCE_KIND_LABEL[silence.kind]}</td>
        <th scope="row" className="alert-config-row__name">
          {silence.comment}
        </th>
        <td>{describeScope(silence.scope)}</td>
        <td>
          {describeSchedule(silence.schedule, timeZone)}
          {silence.triggeredAt !== null ? (
            <span className="muted"> (started by a failure at {formatMinute(silence.triggeredAt, timeZone)})</span>
          ) : null}
        </td>
        <td className="nowrap">
          {silence.activeUntil !== null ? (
            <span className="silence-active">Active until {formatMinute(silence.activeUntil, timeZone)}</span>
          ) : (
            <span className="muted">Not active</span>
          )}
        </td>
        <td className="nowrap">
          <NextActive silence={silence} timeZone={timeZone} />
        </td>
        <td>{silence.createdBy}</td>
        <td className="alert-config-row__actions">
          <CommandButton
            method="silences.update"
            type="button"
            className="button button--small"
            onClick={() => onEdit(silence)}
            data-testid="silence-edit"
          >
            Edit
          </CommandButton>
          <CommandButton
            method="silences.delete"
            type="button"
            className="button button--small button--danger-quiet"
            onClick={() => setConfirming(true)}
            data-testid="silence-delete"
          >
            {active ? 'End now' : 'Delete'}
          </CommandButton>
        </td>
      </tr>
      <RowFollowUp
        colSpan={COLUMNS}
        className="alert-config-row__extra"
        problem={remove.error}
        problemTestId="silence-error"
        confirm={
          confirming
            ? {
                question: `${active ? 'End and remove' : 'Remove'} “${silence.comment}”? The alerts it mutes notify again if still open.`,
                confirmLabel: active ? 'End it now' : 'Remove it',
                pending: remove.isPending,
                onConfirm: () => remove.mutate({ id: silence.id }, { onSettled: () => setConfirming(false) }),
                onCancel: () => setConfirming(false),
                testId: 'silence-delete-confirm',
              }
            : null
        }
      />
    </>
  );
}

type Editing = { silence: Silence | null } | null;

/** Silences and maintenance windows: when alerts in a scope stay quiet, and why. */
export function SilencesSection() {
  const silences = useSilences();
  const { timeZone } = useEffectiveSettings();
  const describeScope = useDescribeScope();
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <>
      <div className="alert-config-section__head">
        <p className="muted">Silenced alerts still show in the queue, marked with the silence's comment; they notify no one.</p>
        <CommandButton
          method="silences.create"
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ silence: null })}
          data-testid="silence-add"
        >
          Add silence
        </CommandButton>
      </div>
      {editing ? <SilenceForm key={editing.silence?.id ?? 'new'} silence={editing.silence} onDone={() => setEditing(null)} /> : null}
      <QueryView
        query={silences}
        failure="Could not read the silences"
        loading="Reading the silences…"
        empty="No silences or maintenance windows."
      >
        {(rows) => (
          <div className="table-wrap">
            <table className="table alert-config-table" data-testid="silences-table">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Comment</th>
                  <th scope="col">Applies to</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Now</th>
                  <th scope="col">Next active</th>
                  <th scope="col">Created by</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((silence) => (
                  <SilenceRow
                    key={silence.id}
                    silence={silence}
                    timeZone={timeZone}
                    describeScope={describeScope}
                    onEdit={(chosen) => setEditing({ silence: chosen })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </>
  );
}
