import { useState, type FormEvent } from 'react';
import type { FolderBackup } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { useOpenBackupFolder, useRestoreBackupFile, useVerifyBackupFile } from '../../api/recovery-queries';
import { CommandButton } from '../../components/CommandButton';
import { Problem } from '../../components/Problem';
import { formatTimestamp } from '../../format/time';
import { formatSize } from './backup-format';

/** The word that must be typed, exactly, before the database is replaced. */
const CONFIRM_WORD = 'RESTORE';

function FolderBackupRow({ backup, passphrase }: { backup: FolderBackup; passphrase: string }) {
  const { timeZone } = useEffectiveSettings();
  const verify = useVerifyBackupFile();
  const restore = useRestoreBackupFile();
  const [restoring, setRestoring] = useState<'folder' | 'database' | null>(null);
  const [path, setPath] = useState('');
  const [confirm, setConfirm] = useState('');
  const problem = verify.error ?? restore.error;
  const opened = backup.problem === null;

  function startRestore(event: FormEvent) {
    event.preventDefault();
    const target = restoring === 'database' ? ({ kind: 'database', confirm: 'RESTORE' } as const) : ({ kind: 'folder', path } as const);
    restore.mutate({ file: backup.file, passphrase, target }, { onSuccess: () => setRestoring(null) });
  }

  return (
    <>
      <tr data-testid="folder-backup-row" data-file-name={backup.fileName} data-opened={opened}>
        <th scope="row" className="nowrap">
          {backup.createdAt === null ? <span className="muted">Unknown</span> : formatTimestamp(backup.createdAt, timeZone)}
          <span className="mono muted backup-row__file">{backup.fileName}</span>
        </th>
        <td>
          {opened ? (
            <>
              {backup.hasDatabase ? 'The console’s database' : null}
              {backup.hasDatabase && backup.roots.some((root) => root !== 'database') ? ', ' : null}
              {backup.roots.filter((root) => !backup.hasDatabase || root !== 'database').join(', ')}
              <span className="muted"> · {(backup.files ?? 0).toLocaleString('en')} files</span>
            </>
          ) : null}
        </td>
        <td className="nowrap">{formatSize(backup.sizeBytes)}</td>
        <td data-testid="folder-backup-state">
          {opened ? (
            <span className="backup-ok">
              Opened <span aria-hidden="true">✓</span>
            </span>
          ) : (
            <span className="backup-failed">
              Cannot open <span aria-hidden="true">✗</span>
              <span className="backup-job__detail">{backup.problem}</span>
            </span>
          )}
        </td>
        <td className="backup-row__actions">
          {opened ? (
            <>
              <CommandButton
                method="backups.verifyFile"
                type="button"
                className="button button--small"
                disabled={verify.isPending}
                onClick={() => verify.mutate({ file: backup.file, passphrase })}
                aria-label={`Verify ${backup.fileName}`}
                data-testid="folder-backup-verify"
              >
                Verify
              </CommandButton>
              <CommandButton
                method="backups.restoreFile"
                type="button"
                className="button button--small"
                onClick={() => setRestoring('folder')}
                aria-label={`Restore the files of ${backup.fileName}`}
                data-testid="folder-backup-restore-files"
              >
                Restore files…
              </CommandButton>
              {backup.hasDatabase ? (
                <CommandButton
                  method="backups.restoreFile"
                  type="button"
                  className="button button--small"
                  onClick={() => setRestoring('database')}
                  aria-label={`Restore the console database from ${backup.fileName}`}
                  data-testid="folder-backup-restore-database"
                >
                  Restore database…
                </CommandButton>
              ) : null}
            </>
          ) : null}
        </td>
      </tr>
      {restoring !== null ? (
        <tr className="backup-row__extra">
          <td colSpan={5}>
            <form className="folder-restore" onSubmit={startRestore} data-testid="folder-restore-form">
              {restoring === 'folder' ? (
                <label>
                  Into a new or empty folder
                  <input
                    className="input"
                    value={path}
                    onChange={(e) => setPath(e.target.value)}
                    placeholder="/home/operator/restored"
                    data-testid="folder-restore-path"
                  />
                </label>
              ) : (
                <>
                  <p className="backup-warning" role="note">
                    <span aria-hidden="true">⚠ </span>
                    This console’s database is replaced by the one in {backup.fileName} when Watchroom next starts (it is checked first; the
                    current one is kept beside it). Everything this console holds now (sites, alerts, users) is that backup’s from then on.
                  </p>
                  <label>
                    Type {CONFIRM_WORD} to replace the database
                    <input
                      className="input"
                      value={confirm}
                      onChange={(e) => setConfirm(e.target.value)}
                      autoComplete="off"
                      data-testid="folder-restore-confirm"
                    />
                  </label>
                </>
              )}
              <CommandButton
                method="backups.restoreFile"
                type="submit"
                className="button button--primary"
                disabled={restore.isPending || (restoring === 'database' ? confirm !== CONFIRM_WORD : path.trim() === '')}
                data-testid="folder-restore-start"
              >
                {restoring === 'database' ? 'Restore the database' : 'Restore the files'}
              </CommandButton>
              <button type="button" className="button" onClick={() => setRestoring(null)}>
                Cancel
              </button>
            </form>
          </td>
        </tr>
      ) : null}
      {problem ? (
        <tr className="backup-row__extra">
          <td colSpan={5}>
            <Problem title={`Not started: ${problem.message}`} testId="folder-backup-error" />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/**
 * Open backups in a folder: on a replacement workstation (or any console), point at a folder or
 * a removable drive and give the passphrase; every backup there is listed from its own
 * authenticated header and manifest, and can be verified and restored without any job.
 */
export function OpenFolder() {
  const open = useOpenBackupFolder();
  const [expanded, setExpanded] = useState(false);
  const [folder, setFolder] = useState('');
  const [passphrase, setPassphrase] = useState('');
  // The passphrase the listing was opened with: verify and restore use it.
  const [openedWith, setOpenedWith] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    const given = passphrase;
    open.mutate({ folder, passphrase: given }, { onSuccess: () => setOpenedWith(given) });
  }

  function close() {
    setExpanded(false);
    setPassphrase('');
    setOpenedWith('');
    open.reset();
  }

  if (!expanded)
    return (
      <CommandButton
        method="backups.openFolder"
        type="button"
        className="button"
        onClick={() => setExpanded(true)}
        data-testid="backup-open-folder"
      >
        Open backups in a folder…
      </CommandButton>
    );

  const listing = open.data;
  return (
    <section className="backups-folder" aria-labelledby="backups-folder-title" data-testid="backup-folder">
      <h3 className="backups-section__title" id="backups-folder-title">
        Open backups in a folder
      </h3>
      <p className="muted">
        A folder, a removable drive or a share holding backups, with the passphrase they were made with: for a replacement workstation, no
        job is needed.
      </p>
      <form className="backups-folder__form" onSubmit={submit}>
        <label>
          Folder
          <input
            className="input"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/media/usb-backup"
            data-testid="backup-folder-path"
          />
        </label>
        <label>
          Passphrase
          <input
            className="input"
            type="password"
            autoComplete="off"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            data-testid="backup-folder-passphrase"
          />
        </label>
        <CommandButton
          method="backups.openFolder"
          type="submit"
          className="button button--primary"
          disabled={open.isPending || folder.trim() === '' || passphrase === ''}
          data-testid="backup-folder-open"
        >
          {open.isPending ? 'Opening…' : 'Open'}
        </CommandButton>
        <button type="button" className="button" onClick={close} data-testid="backup-folder-close">
          Close
        </button>
      </form>
      {open.error ? <Problem title={`Could not open the folder: ${open.error.message}`} testId="backup-folder-error" /> : null}
      {listing && listing.backups.length === 0 ? (
        <p className="empty" data-testid="backup-folder-empty">
          No backup files (.wrbk) in {listing.folder}.
        </p>
      ) : null}
      {listing && listing.backups.length > 0 ? (
        <div className="table-wrap">
          <table className="table backups-table" aria-label={`Backups in ${listing.folder}, newest first`}>
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col">Holds</th>
                <th scope="col">Size</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listing.backups.map((backup) => (
                <FolderBackupRow key={backup.file} backup={backup} passphrase={openedWith} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
