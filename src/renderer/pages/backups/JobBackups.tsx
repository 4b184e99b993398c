import { useState } from 'react';
import type { BackupJob, BackupRecord, BackupTask } from '../../../shared/contract';
import { useBackups, useVerifyBackup } from '../../api/backup-queries';
import { useEffectiveSettings } from '../../api/queries';
import { Problem } from '../../components/Problem';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { ApplyRetention } from './ApplyRetention';
import { BACKUP_KIND_HINT, BACKUP_KIND_LABEL, formatRatio, formatSize } from './backup-format';
import { RestoreDialog, type RestoreChoices } from './RestoreDialog';
import { QueryView } from '../../components/QueryView';
import { CommandButton } from '../../components/CommandButton';

const COLUMNS = 7;

/** Good ✓ / Failed ✗ with what failed / Unverified: symbol and word, never colour alone. */
function VerifyState({ backup, timeZone }: { backup: BackupRecord; timeZone: TimeZoneSetting }) {
  const checkedAt = backup.verifiedAt === null ? undefined : `Read back ${formatTimestamp(backup.verifiedAt, timeZone)}`;
  switch (backup.verify) {
    case 'good':
      return (
        <span className="backup-ok" title={checkedAt} data-testid="backup-verify-state">
          Good <span aria-hidden="true">✓</span>
        </span>
      );
    case 'failed':
      return (
        <span className="backup-failed" title={checkedAt} data-testid="backup-verify-state">
          Failed <span aria-hidden="true">✗</span>
          {backup.verifyDetail !== null ? <span className="backup-job__detail">{backup.verifyDetail}</span> : null}
        </span>
      );
    case 'unverified':
      return (
        <span className="muted" data-testid="backup-verify-state">
          Unverified
        </span>
      );
  }
}

function BackupRow({ backup, verifying, onRestore }: { backup: BackupRecord; verifying: boolean; onRestore(): void }) {
  const { timeZone } = useEffectiveSettings();
  const verify = useVerifyBackup();
  return (
    <>
      <tr data-testid="backup-row" data-backup-id={backup.id} data-verify={backup.verify}>
        <th scope="row" className="nowrap backup-row__date">
          {formatTimestamp(backup.createdAt, timeZone)}
          <span className="mono muted backup-row__file">{backup.fileName}</span>
        </th>
        <td title={BACKUP_KIND_HINT[backup.kind]}>{BACKUP_KIND_LABEL[backup.kind]}</td>
        <td className="nowrap" title={`${formatSize(backup.sourceBytes)} before compression`}>
          {formatSize(backup.sizeBytes)}
        </td>
        <td className="nowrap">{formatRatio(backup.compressionRatio)}</td>
        <td className="nowrap">{backup.files.toLocaleString('en')}</td>
        <td>
          <VerifyState backup={backup} timeZone={timeZone} />
        </td>
        <td className="backup-row__actions">
          <CommandButton
            method="backups.verify"
            type="button"
            className="button button--small"
            disabled={verifying || verify.isPending}
            onClick={() => verify.mutate({ backupId: backup.id })}
            aria-label={`${verifying ? 'Verifying' : 'Verify'} ${backup.fileName}`}
            data-testid="backup-verify"
          >
            {verifying ? 'Verifying…' : 'Verify'}
          </CommandButton>
          <CommandButton
            method="backups.restore"
            type="button"
            className="button button--small"
            onClick={onRestore}
            aria-label={`Restore ${backup.fileName}`}
            data-testid="backup-restore"
          >
            Restore
          </CommandButton>
        </td>
      </tr>
      {verify.error ? (
        <tr className="backup-row__extra">
          <td colSpan={COLUMNS}>
            <Problem title={`Not verified: ${verify.error.message}`} testId="backup-verify-error" />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The chosen job's backups, newest first, with Verify and Restore, and its retention policy applied on request. */
export function JobBackups({ job, running }: { job: BackupJob; running: readonly BackupTask[] }) {
  const backups = useBackups(job.id);
  const [restoring, setRestoring] = useState<BackupRecord | null>(null);
  // A wrong passphrase is found by the restore task, after the dialog closed: asked again, the dialog keeps the files picked.
  const [restoreChoices, setRestoreChoices] = useState<ReadonlyMap<string, RestoreChoices>>(new Map());
  return (
    <section className="backups-list" aria-labelledby="backups-list-title" data-testid="backups-of-job" data-job-id={job.id}>
      <h3 className="backups-section__title" id="backups-list-title">
        Backups of {job.name}
      </h3>
      <p className="muted">Every new backup is read back before it counts as good; Verify reads one again now.</p>
      <ApplyRetention job={job} />
      <QueryView
        query={backups}
        failure="Could not read the backups"
        failureTestId="backups-error"
        loading="Reading the backups…"
        empty="No backups yet: Run now makes the first one."
        emptyTestId="backups-empty"
      >
        {(rows) => (
          <div className="table-wrap">
            <table className="table backups-table" aria-label={`Backups of ${job.name}, newest first`}>
              <thead>
                <tr>
                  <th scope="col">Taken</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Size</th>
                  <th scope="col">Compression</th>
                  <th scope="col">Files</th>
                  <th scope="col">Verified</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((backup) => (
                  <BackupRow
                    key={backup.id}
                    backup={backup}
                    verifying={running.some((task) => task.kind === 'verify' && task.backupId === backup.id)}
                    onRestore={() => setRestoring(backup)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {restoring !== null ? (
        <RestoreDialog
          backup={restoring}
          jobKeyIds={[job.keyId, ...job.retiredKeyIds]}
          remembered={restoreChoices.get(restoring.id)}
          onClose={(choices) => {
            setRestoreChoices((previous) => new Map(previous).set(restoring.id, choices));
            setRestoring(null);
          }}
        />
      ) : null}
    </section>
  );
}
