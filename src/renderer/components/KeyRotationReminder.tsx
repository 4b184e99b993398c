import { useState, type FormEvent } from 'react';
import type { BackupJob } from '../../shared/contract';
import { useEffectiveSettings } from '../api/queries';
import { useRotateBackupKey } from '../api/recovery-queries';
import { CommandButton } from './CommandButton';
import { Problem } from './Problem';
import { useNow } from './use-now';
import { formatTimestamp } from '../format/time';

const DAY_MS = 86_400_000;

/**
 * Once a job's key is as old as its reminder says, the admin is asked to give a new passphrase:
 * new backups then use a new key; the job keeps the old one for the backups it made, so none
 * becomes unreadable here (elsewhere each needs the passphrase it was made with).
 */
export function KeyRotationReminder({ job }: { job: BackupJob }) {
  const now = useNow(60_000);
  const { timeZone } = useEffectiveSettings();
  const rotate = useRotateBackupKey();
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  if (job.keyRotationDueAt === null || now < job.keyRotationDueAt) return null;
  const days = Math.floor((now - job.keySetAt) / DAY_MS);
  const mismatch = again !== '' && again !== passphrase;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch || passphrase.length === 0) return;
    rotate.mutate(
      { jobId: job.id, passphrase },
      {
        onSuccess: () => {
          setOpen(false);
          setPassphrase('');
          setAgain('');
        },
      },
    );
  }

  return (
    <div className="backup-warning" role="note" data-testid="backup-key-rotation-due" data-job-id={job.id}>
      <p>
        <span aria-hidden="true">⚠ </span>
        The passphrase of {job.name} keyed its backups since {formatTimestamp(job.keySetAt, timeZone)} ({days} days; the reminder is every{' '}
        {job.keyRotationDays} days). Give a new one: new backups get a new key, and the backups made so far stay readable.
      </p>
      {open ? (
        <form className="backup-key-rotation" onSubmit={submit}>
          <label>
            New passphrase
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              minLength={12}
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              data-testid="backup-key-rotation-passphrase"
            />
          </label>
          <label>
            Type it again
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
              aria-invalid={mismatch}
              data-testid="backup-key-rotation-passphrase-again"
            />
          </label>
          {mismatch ? <p className="field-error">The two passphrases differ: type the same one twice</p> : null}
          <CommandButton
            method="backups.rotateKey"
            type="submit"
            className="button button--primary"
            disabled={rotate.isPending || mismatch || passphrase.length < 12}
            data-testid="backup-key-rotation-save"
          >
            Change the passphrase
          </CommandButton>
          <button type="button" className="button" onClick={() => setOpen(false)}>
            Not now
          </button>
        </form>
      ) : (
        <CommandButton
          method="backups.rotateKey"
          type="button"
          className="button"
          onClick={() => setOpen(true)}
          data-testid="backup-key-rotation-open"
        >
          Change the passphrase…
        </CommandButton>
      )}
      {rotate.error ? (
        <Problem title={`The passphrase was not changed: ${rotate.error.message}`} testId="backup-key-rotation-error" />
      ) : null}
    </div>
  );
}
