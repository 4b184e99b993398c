import { useState } from 'react';
import type { BackupJob } from '../../../shared/contract';
import { useApplyRetention, useRetentionPreview } from '../../api/backup-queries';
import { Problem } from '../../components/Problem';
import { RetentionPreviewList } from './RetentionPreviewList';
import { CommandButton } from '../../components/CommandButton';

function backupCount(count: number): string {
  return count === 1 ? '1 backup' : `${count} backups`;
}

/** The dry run of the job's saved policy, and the one button that deletes what it lists. */
function RetentionConfirm({ job, onClose, onApplied }: { job: BackupJob; onClose(): void; onApplied(deleted: number): void }) {
  const preview = useRetentionPreview({ jobId: job.id });
  const apply = useApplyRetention();
  const toDelete = preview.data?.remove.length ?? 0;
  return (
    <div
      className="panel backup-retention"
      role="alertdialog"
      aria-label={`Apply the retention policy of ${job.name}`}
      data-testid="backup-retention-confirm"
    >
      {preview.isError ? <Problem title={`Could not work out the dry run: ${preview.error.message}`} /> : null}
      {preview.isPending ? (
        <p className="loading" role="status">
          Asking core which backups the policy keeps…
        </p>
      ) : null}
      {preview.data ? <RetentionPreviewList preview={preview.data} /> : null}
      {apply.error ? <Problem title={`Nothing deleted: ${apply.error.message}`} testId="backup-retention-error" /> : null}
      <div className="form-actions">
        {toDelete > 0 ? (
          <CommandButton
            method="backups.applyRetention"
            type="button"
            className="button button--danger"
            // While the dry run is read again it may be out of date: the operator confirms what is on screen.
            disabled={preview.isFetching || apply.isPending}
            onClick={() => apply.mutate({ jobId: job.id }, { onSuccess: (result) => onApplied(result.remove.length) })}
            data-testid="backup-apply-retention-confirm"
          >
            {apply.isPending ? 'Deleting…' : `Delete ${backupCount(toDelete)}`}
          </CommandButton>
        ) : null}
        <button type="button" className="button" onClick={onClose} autoFocus data-testid="backup-apply-retention-cancel">
          {toDelete > 0 ? 'Keep them' : 'Close'}
        </button>
      </div>
    </div>
  );
}

/** "Apply retention": shows what the job's policy would delete first, and deletes only when confirmed. */
export function ApplyRetention({ job }: { job: BackupJob }) {
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState<number | null>(null);
  return (
    <div className="backup-retention-area">
      <CommandButton
        method="backups.applyRetention"
        type="button"
        className="button"
        onClick={() => {
          setDeleted(null);
          setConfirming(true);
        }}
        disabled={confirming}
        data-testid="backup-apply-retention"
      >
        Apply retention
      </CommandButton>
      {deleted !== null ? (
        <p className="saved" role="status" data-testid="backup-retention-done">
          Deleted {backupCount(deleted)}.
        </p>
      ) : null}
      {confirming ? (
        <RetentionConfirm
          job={job}
          onClose={() => setConfirming(false)}
          onApplied={(count) => {
            setConfirming(false);
            setDeleted(count);
          }}
        />
      ) : null}
    </div>
  );
}
