import type { BackupJob, BackupRun } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { useBackupRuns } from '../../api/recovery-queries';
import { QueryView } from '../../components/QueryView';
import { formatTimestamp } from '../../format/time';
import { formatSize } from './backup-format';

const TRIGGER_LABEL: Record<BackupRun['trigger'], string> = {
  scheduled: 'On schedule',
  manual: 'By hand',
  retry: 'Retry',
  'test-restore': 'Test restore',
};

/** "under a second", "41 s", "3 min 5 s", as core words a run's duration. */
export function formatRunDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return 'under a second';
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}

/** Good ✓ / Failed ✗ / Cancelled: symbol and word, never colour alone. */
function Outcome({ run }: { run: BackupRun }) {
  switch (run.outcome) {
    case 'good':
      return (
        <span className="backup-ok">
          Good <span aria-hidden="true">✓</span>
        </span>
      );
    case 'failed':
      return (
        <span className="backup-failed">
          Failed <span aria-hidden="true">✗</span>
        </span>
      );
    case 'cancelled':
      return <span className="muted">Cancelled</span>;
  }
}

/** Every run of the job, newest first: the latest, and at least its last 7 good and 3 failed ones however old. */
export function RunHistory({ job }: { job: BackupJob }) {
  const runs = useBackupRuns(job.id);
  const { timeZone } = useEffectiveSettings();
  return (
    <section className="backups-runs" aria-labelledby="backups-runs-title" data-testid="backup-runs" data-job-id={job.id}>
      <h3 className="backups-section__title" id="backups-runs-title">
        Runs of {job.name}
      </h3>
      <QueryView
        query={runs}
        failure="Could not read the run history"
        failureTestId="backup-runs-error"
        loading="Reading the run history…"
        empty="No runs yet."
        emptyTestId="backup-runs-empty"
      >
        {(rows) => (
          <div className="table-wrap">
            <table className="table backups-table" aria-label={`Runs of ${job.name}, newest first`}>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Duration</th>
                  <th scope="col">How</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Size</th>
                  <th scope="col">Files</th>
                  <th scope="col">Error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((run) => (
                  <tr key={run.id} data-testid="backup-run-row" data-outcome={run.outcome}>
                    <th scope="row" className="nowrap">
                      {formatTimestamp(run.startedAt, timeZone)}
                    </th>
                    <td className="nowrap">{formatRunDuration(run.endedAt - run.startedAt)}</td>
                    <td className="nowrap">
                      {TRIGGER_LABEL[run.trigger]}
                      {run.attempt > 1 ? ` (try ${run.attempt})` : ''}
                    </td>
                    <td>
                      <Outcome run={run} />
                    </td>
                    <td
                      className="nowrap"
                      title={run.sourceBytes === null ? undefined : `${formatSize(run.sourceBytes)} before compression`}
                    >
                      {run.sizeBytes === null ? '—' : formatSize(run.sizeBytes)}
                    </td>
                    <td className="nowrap">{run.files === null ? '—' : run.files.toLocaleString('en')}</td>
                    <td>
                      {run.error ?? ''}
                      {run.retryAt !== null ? <span className="muted"> Tried again {formatTimestamp(run.retryAt, timeZone)}.</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
