import { useState } from 'react';
import type { BackupJob, BackupTask } from '../../../shared/contract';
import { useDeleteBackupJob, useRunBackupNow } from '../../api/backup-queries';
import { useEffectiveSettings } from '../../api/queries';
import { useNow } from '../../components/use-now';
import { formatUptime } from '../../format/quantities';
import { formatMinute, formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { RowFollowUp } from '../../components/ConfirmDelete';
import { describeCron } from '../../forms/cron-words';
import { isOverdue } from './backup-format';
import { CommandButton } from '../../components/CommandButton';

const COLUMNS = 7;

function LastRun({ job, timeZone }: { job: BackupJob; timeZone: TimeZoneSetting }) {
  if (job.lastRun === null) return <span className="muted">Never run</span>;
  const { at, ok, detail } = job.lastRun;
  return (
    <span className={ok ? 'backup-ok' : 'backup-failed'} data-testid="backup-job-last-run" data-ok={ok}>
      <span aria-hidden="true">{ok ? '✓ ' : '✗ '}</span>
      {ok ? 'OK' : 'Failed'} <span className="muted nowrap">{formatMinute(at, timeZone)}</span>
      <span className="backup-job__detail">{detail}</span>
    </span>
  );
}

/** How old the newest good backup is; amber, and said in words, once older than the job's window. */
function LastGood({ job, now }: { job: BackupJob; now: number }) {
  const overdue = isOverdue(job, now);
  // The shared clock ticks every 30 s, so a backup that just finished can look newer than "now".
  const ageMs = job.lastGoodAt === null ? null : Math.max(0, now - job.lastGoodAt);
  const age = ageMs === null ? 'None yet' : ageMs < 60_000 ? 'Just now' : `${formatUptime(ageMs)} ago`;
  return (
    <span className={overdue ? 'backup-overdue' : undefined} data-testid="backup-job-last-good" data-overdue={overdue}>
      {age}
      {overdue ? ` · overdue (over ${job.overdueAfterHours} h)` : null}
    </span>
  );
}

interface JobRowProps {
  job: BackupJob;
  selected: boolean;
  backingUp: boolean;
  now: number;
  onSelect(): void;
  onEdit(): void;
}

function JobRow({ job, selected, backingUp, now, onSelect, onEdit }: JobRowProps) {
  const { timeZone } = useEffectiveSettings();
  const runNow = useRunBackupNow();
  const remove = useDeleteBackupJob();
  const [confirming, setConfirming] = useState(false);
  const problem = runNow.error ?? remove.error;
  return (
    <>
      <tr className={`backup-job-row${selected ? ' backup-job-row--selected' : ''}`} data-testid="backup-job-row" data-job-id={job.id}>
        <th scope="row">
          <button type="button" className="backup-job-row__open" aria-pressed={selected} onClick={onSelect} data-testid="backup-job-select">
            {job.name}
          </button>
        </th>
        <td className="mono backup-job-row__destination">{job.destination}</td>
        <td className="backup-job-row__schedule" title={job.schedule}>
          {describeCron(job.schedule)}
        </td>
        <td className="nowrap">
          {job.nextRunAt === null ? <span className="muted">Not scheduled</span> : formatMinute(job.nextRunAt, timeZone)}
        </td>
        <td>
          <LastRun job={job} timeZone={timeZone} />
        </td>
        <td className="nowrap" title={job.lastGoodAt === null ? undefined : formatTimestamp(job.lastGoodAt, timeZone)}>
          <LastGood job={job} now={now} />
        </td>
        <td className="backup-row__actions">
          <CommandButton
            method="backups.runNow"
            type="button"
            className="button button--small button--primary"
            disabled={backingUp || runNow.isPending}
            onClick={() => runNow.mutate({ jobId: job.id })}
            aria-label={`${backingUp ? 'Running' : 'Run now'}: ${job.name}`}
            data-testid="backup-run-now"
          >
            {backingUp ? 'Running…' : 'Run now'}
          </CommandButton>
          <CommandButton
            method="backups.updateJob"
            type="button"
            className="button button--small"
            onClick={onEdit}
            aria-label={`Edit ${job.name}`}
            data-testid="backup-job-edit"
          >
            Edit
          </CommandButton>
          <CommandButton
            method="backups.deleteJob"
            type="button"
            className="button button--small button--danger-quiet"
            onClick={() => setConfirming(true)}
            aria-label={`Delete ${job.name}`}
            data-testid="backup-job-delete"
          >
            Delete
          </CommandButton>
        </td>
      </tr>
      <RowFollowUp
        colSpan={COLUMNS}
        className="backup-row__extra"
        problem={problem}
        problemTestId="backup-job-error"
        confirm={
          confirming
            ? {
                question: `Delete the job “${job.name}”? No new backups are made; the backups it made stay on disk in ${job.destination}.`,
                confirmLabel: 'Delete the job',
                pending: remove.isPending,
                onConfirm: () => remove.mutate({ jobId: job.id }, { onSettled: () => setConfirming(false) }),
                onCancel: () => setConfirming(false),
                testId: 'backup-job-delete-confirm',
              }
            : null
        }
      />
    </>
  );
}

interface JobsTableProps {
  jobs: readonly BackupJob[];
  running: readonly BackupTask[];
  selectedId: string | null;
  onSelect(job: BackupJob): void;
  onEdit(job: BackupJob): void;
}

/** Every job with its schedule, last run and how old its newest good backup is. */
export function JobsTable({ jobs, running, selectedId, onSelect, onEdit }: JobsTableProps) {
  // Ages are in minutes at the finest.
  const now = useNow(30_000);
  return (
    <div className="table-wrap">
      <table className="table backups-table" aria-label="Backup jobs" data-testid="backup-jobs">
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Destination</th>
            <th scope="col">Schedule</th>
            <th scope="col">Next run</th>
            <th scope="col">Last run</th>
            <th scope="col">Last good backup</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <JobRow
              key={job.id}
              job={job}
              selected={job.id === selectedId}
              backingUp={running.some((task) => task.kind === 'backup' && task.jobId === job.id)}
              now={now}
              onSelect={() => onSelect(job)}
              onEdit={() => onEdit(job)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
