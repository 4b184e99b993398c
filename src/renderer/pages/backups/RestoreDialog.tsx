import { useMemo, useState, type KeyboardEvent } from 'react';
import { RestoreInput, type BackupRecord, type MethodInput } from '../../../shared/contract';
import { useBackupFiles, useRestoreBackup } from '../../api/backup-queries';
import { useEffectiveSettings } from '../../api/queries';
import { FieldErrorMessage, FormField } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { formatTimestamp } from '../../format/time';
import { isTransportError, type FieldError } from '../../transport/transport';
import { checkWithContract, errorsAsFieldList, placeErrors, type FieldErrors } from '../../forms/form-model';
import { KeyboardDialog } from '../../components/KeyboardDialog';
import { formatSize } from './backup-format';
import { FREE_TEXT_MAX, maxLengthOf } from '../../format/field-limits';
import { useCan } from '../../api/use-can';

type TargetKind = 'folder' | 'database';

/** The word that must be typed, exactly, before the database is replaced. */
const CONFIRM_WORD = 'RESTORE';
/** A long file list is narrowed with the filter rather than scrolled through. */
const SHOWN_FILES = 500;
/** The restore's fields, named as in its target ("path", "only", "confirm") or at the top ("passphrase"). */
const RESTORE_FIELDS = ['path', 'only', 'confirm', 'passphrase'] as const;

interface Placed {
  byField: FieldErrors;
  general: string | null;
}

function placeRestoreErrors(fields: readonly FieldError[], fallback: string | null): Placed {
  const { byField, unplaced } = placeErrors(fields, RESTORE_FIELDS, 'target');
  return { byField, general: fields.length === 0 ? fallback : unplaced.length > 0 ? unplaced.join('; ') : null };
}

/** What the operator chose to restore, kept when the dialog closes (never the passphrase). */
export interface RestoreChoices {
  target: TargetKind;
  path: string;
  pickFiles: boolean;
  picked: ReadonlySet<string>;
  filter: string;
}

const NO_CHOICES: RestoreChoices = { target: 'folder', path: '', pickFiles: false, picked: new Set(), filter: '' };

interface RestoreDialogProps {
  backup: BackupRecord;
  /** The keys the job holds (its current one and those a passphrase change retired): a backup made with another needs its own passphrase. */
  jobKeyIds: readonly string[];
  /** The choices of the last restore asked of this backup: a restore refused in its task (a wrong passphrase) is asked again without picking the files again. */
  remembered?: RestoreChoices;
  onClose(choices: RestoreChoices): void;
}

/**
 * Restore a backup: its files (all, or those picked) into a new folder, or the console's database
 * in place, which only goes ahead once RESTORE is typed. Started, the restore shows among the
 * running tasks, with its progress and Cancel.
 */
export function RestoreDialog({ backup, jobKeyIds, remembered = NO_CHOICES, onClose: close }: RestoreDialogProps) {
  const { timeZone } = useEffectiveSettings();
  const restore = useRestoreBackup();
  // Files are a supervisor's to restore; replacing the console's database is an admin's.
  const canRestoreDatabase = useCan('backups.restore', { permission: 'backups.restoreDatabase', doing: 'restore the console’s database' });
  const [target, setTarget] = useState<TargetKind>(remembered.target);
  const [path, setPath] = useState(remembered.path);
  const [pickFiles, setPickFiles] = useState(remembered.pickFiles);
  const [picked, setPicked] = useState<ReadonlySet<string>>(remembered.picked);
  const [filter, setFilter] = useState(remembered.filter);
  const onClose = () => close({ target, path, pickFiles, picked, filter });
  const [confirm, setConfirm] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [placed, setPlaced] = useState<Placed>({ byField: {}, general: null });
  const files = useBackupFiles(backup.id, target === 'folder' && pickFiles);

  const shownFiles = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (files.data ?? []).filter((file) => file.path.toLowerCase().includes(needle));
  }, [files.data, filter]);

  /** An edited field's refusal no longer applies. */
  const edited = (field: (typeof RESTORE_FIELDS)[number]) =>
    setPlaced(({ byField: { [field]: _cleared, ...rest } }) => ({ byField: rest, general: null }));

  const togglePicked = (filePath: string) => {
    setPicked((previous) => {
      const next = new Set(previous);
      if (!next.delete(filePath)) next.add(filePath);
      return next;
    });
    edited('only');
  };
  const pickAllShown = () => {
    setPicked((previous) => new Set([...previous, ...shownFiles.slice(0, SHOWN_FILES).map((file) => file.path)]));
    edited('only');
  };

  const canSubmit = target === 'database' ? confirm === CONFIRM_WORD : path.trim() !== '' && (!pickFiles || picked.size > 0);

  const submit = () => {
    const candidate: MethodInput<'backups.restore'> = {
      backupId: backup.id,
      ...(passphrase === '' ? {} : { passphrase }),
      target:
        target === 'database'
          ? { kind: 'database', confirm: CONFIRM_WORD }
          : // In the backup's own order, so the same choice always sends the same list.
            {
              kind: 'folder',
              path: path.trim(),
              ...(pickFiles ? { only: (files.data ?? []).filter((file) => picked.has(file.path)).map((file) => file.path) } : {}),
            },
    };
    const checked = checkWithContract(RestoreInput, candidate, {});
    if (!checked.ok) {
      setPlaced(placeRestoreErrors(errorsAsFieldList(checked.errors), null));
      return;
    }
    restore.mutate(candidate, {
      onSuccess: onClose,
      onError: (error) => setPlaced(placeRestoreErrors(isTransportError(error) ? error.fields : [], error.message)),
    });
  };

  // Enter in the filter narrows the list; it must not start a restore.
  const keepEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const otherKey = !jobKeyIds.includes(backup.keyId);
  const { byField } = placed;

  return (
    <KeyboardDialog
      title="Restore a backup"
      testIdPrefix="backup-restore"
      subject={
        <p>
          <span className="mono">{backup.fileName}</span>{' '}
          <span className="muted">
            — {formatTimestamp(backup.createdAt, timeZone)}, {formatSize(backup.sizeBytes)}
          </span>
        </p>
      }
      submitLabel={target === 'database' ? 'Replace the database' : 'Restore the files'}
      canSubmit={canSubmit}
      pending={restore.isPending}
      error={placed.general}
      onSubmit={submit}
      onCancel={onClose}
    >
      <fieldset className="backup-restore__choice">
        <legend className="form-row__label">What to restore</legend>
        <label className="check">
          <input
            type="radio"
            name="restore-target"
            checked={target === 'folder'}
            onChange={() => setTarget('folder')}
            data-testid="backup-restore-kind-folder"
          />
          Files to a new folder
        </label>
        <label className="check" title={canRestoreDatabase.control.title}>
          <input
            type="radio"
            name="restore-target"
            checked={target === 'database'}
            onChange={() => setTarget('database')}
            data-testid="backup-restore-kind-database"
            {...canRestoreDatabase.control}
          />
          The console database, in place
        </label>
        {canRestoreDatabase.note}
      </fieldset>

      {target === 'folder' ? (
        <>
          <FormField
            field="target.path"
            id="backup-restore-path"
            label="Restore into"
            hint="A new, empty folder: nothing there is overwritten."
            error={byField.path}
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                value={path}
                onChange={(e) => {
                  setPath(e.target.value);
                  edited('path');
                }}
                placeholder="/mnt/restore/2026-11-24"
                autoComplete="off"
                spellCheck={false}
                maxLength={maxLengthOf(RestoreInput, 'target.path')}
                data-testid="backup-restore-path"
              />
            )}
          </FormField>
          <fieldset className="backup-restore__choice">
            <legend className="form-row__label">Which files</legend>
            <label className="check">
              <input
                type="radio"
                name="restore-files"
                checked={!pickFiles}
                onChange={() => setPickFiles(false)}
                data-testid="backup-restore-all"
              />
              All files
            </label>
            <label className="check">
              <input
                type="radio"
                name="restore-files"
                checked={pickFiles}
                onChange={() => setPickFiles(true)}
                data-testid="backup-restore-pick"
              />
              Choose files
            </label>
          </fieldset>
          {pickFiles ? (
            <div className={`backup-restore__files${byField.only ? ' form-row--invalid' : ''}`} data-testid="backup-restore-files">
              {files.isError ? <Problem title={`Could not read what the backup holds: ${files.error.message}`} /> : null}
              {files.isPending ? (
                <p className="loading" role="status">
                  Reading the backup’s list of files…
                </p>
              ) : null}
              {files.data ? (
                <>
                  <div className="input-group">
                    <label className="visually-hidden" htmlFor="backup-restore-filter">
                      Filter the files
                    </label>
                    <input
                      id="backup-restore-filter"
                      className="input input--search"
                      type="search"
                      value={filter}
                      onChange={(e) => setFilter(e.target.value)}
                      onKeyDown={keepEnter}
                      placeholder="Filter, e.g. camera-3"
                      autoComplete="off"
                      maxLength={FREE_TEXT_MAX}
                      data-testid="backup-restore-filter"
                    />
                    <button
                      type="button"
                      className="button button--small"
                      disabled={shownFiles.length === 0}
                      onClick={pickAllShown}
                      data-testid="backup-restore-pick-shown"
                    >
                      Choose all shown
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={picked.size === 0}
                      onClick={() => {
                        setPicked(new Set());
                        edited('only');
                      }}
                    >
                      Clear
                    </button>
                  </div>
                  <p className="muted" role="status" data-testid="backup-restore-picked">
                    {picked.size} of {files.data.length} chosen
                    {shownFiles.length > SHOWN_FILES
                      ? ` · showing the first ${SHOWN_FILES} of ${shownFiles.length}: narrow the filter`
                      : ''}
                  </p>
                  <ul className="backup-files" aria-label="Files in the backup">
                    {shownFiles.slice(0, SHOWN_FILES).map((file) => (
                      <li key={file.path}>
                        <label className="check">
                          <input
                            type="checkbox"
                            checked={picked.has(file.path)}
                            onChange={() => togglePicked(file.path)}
                            data-testid="backup-restore-file"
                            data-path={file.path}
                          />
                          <span className="mono backup-files__path">{file.path}</span>
                          <span className="muted nowrap">
                            {file.kind === 'database' ? 'the console database, ' : ''}
                            {formatSize(file.size)}
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {byField.only ? <FieldErrorMessage field="target.only" message={byField.only} /> : null}
            </div>
          ) : null}
        </>
      ) : (
        <>
          <div className="backup-warning" data-testid="backup-restore-database-explained">
            <p>
              <strong>This replaces the console’s database with the one in this backup.</strong> Changes made since the backup was taken are
              lost.
            </p>
            <ol className="backup-restore__steps">
              <li>A safety backup of the current database is taken first, so this can be undone.</li>
              <li>The restored copy is checked before it replaces the current one; if the check fails, nothing is replaced.</li>
              <li>The console reconnects when it is done.</li>
            </ol>
          </div>
          <FormField
            field="target.confirm"
            id="backup-restore-confirm"
            label={`Type ${CONFIRM_WORD} to replace the database`}
            error={byField.confirm}
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                value={confirm}
                onChange={(e) => {
                  setConfirm(e.target.value);
                  edited('confirm');
                }}
                autoComplete="off"
                spellCheck={false}
                maxLength={CONFIRM_WORD.length + 20}
                data-testid="backup-restore-confirm"
              />
            )}
          </FormField>
        </>
      )}

      <FormField
        field="passphrase"
        id="backup-restore-passphrase"
        label="Passphrase (optional)"
        hint={
          otherKey
            ? 'This backup was made with another key than the job’s: give the passphrase it was made with.'
            : 'Only for a backup made with another key (e.g. from another workstation). A wrong one is refused and nothing is written.'
        }
        error={byField.passphrase}
      >
        {(a) => (
          <input
            {...a}
            className="input"
            type="password"
            autoComplete="off"
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.target.value);
              edited('passphrase');
            }}
            maxLength={maxLengthOf(RestoreInput, 'passphrase')}
            data-testid="backup-restore-passphrase"
          />
        )}
      </FormField>
    </KeyboardDialog>
  );
}
