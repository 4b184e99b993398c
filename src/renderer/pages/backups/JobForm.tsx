import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { BackupJob, RetentionPolicy } from '../../../shared/contract';
import { parseCron } from '../../../shared/domain/cron';
import { useCreateBackupJob, useRetentionPreview, useUpdateBackupJob } from '../../api/backup-queries';
import { useChannels } from '../../api/alert-config-queries';
import { useEffectiveSettings } from '../../api/queries';
import { FieldErrorMessage, FormErrors, FormField } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { timeZoneLabel } from '../../format/time';
import { NumberInput } from '../../forms/NumberInput';
import { describeCron } from '../../forms/cron-words';
import { useDraftForm } from '../../forms/use-draft-form';
import {
  cronOf,
  draftFromJob,
  emptyJobDraft,
  jobFormFields,
  newFolder,
  refusalWithFormPaths,
  RETENTION_FIELDS,
  retentionOf,
  SCHEDULE_PRESETS,
  validateJobDraft,
  type FolderDraft,
  type JobDraft,
  type ScheduleChoice,
} from './job-form-model';
import { RetentionPreviewList } from './RetentionPreviewList';
import { listTextMaxLengthOf, maxLengthOf } from '../../format/field-limits';
import { BackupJobInput } from '../../../shared/contract';
import { FormFooter } from '../../forms/FormFooter';

interface JobFormProps {
  /** null: a new job. */
  job: BackupJob | null;
  onSaved(job: BackupJob): void;
  onCancel(): void;
}

/** The dry run of the policy as typed, asked for with a button: a saved job only, since core reads its backups. */
function RetentionDryRun({ jobId, policy }: { jobId: string; policy: RetentionPolicy }) {
  const preview = useRetentionPreview({ jobId, retention: policy });
  if (preview.isError) return <Problem title={`Could not work out the dry run: ${preview.error.message}`} />;
  if (preview.isPending)
    return (
      <p className="loading" role="status">
        Asking core which backups this policy keeps…
      </p>
    );
  return <RetentionPreviewList preview={preview.data} />;
}

/**
 * Create or edit a backup job. The passphrase lives only in this form's state: a refusal keeps
 * everything typed, and a successful save closes the form, which drops it.
 */
export function JobForm({ job, onSaved, onCancel }: JobFormProps) {
  const { timeZone } = useEffectiveSettings();
  const channels = useChannels();
  const create = useCreateBackupJob();
  const update = useUpdateBackupJob();
  const form = useDraftForm({
    initial: () => (job === null ? emptyJobDraft() : draftFromJob(job)),
    validate: (draft: JobDraft) => validateJobDraft(draft, job?.id ?? null),
    shownFields: jobFormFields,
    nestedUnder: 'job',
    idPrefix: 'backup-job',
  });
  const { draft, fieldProps, fieldId } = form;
  // A dry run speaks for the policy it was asked with: editing the policy takes it away.
  const [dryRunPolicy, setDryRunPolicy] = useState<RetentionPolicy | null>(null);
  const edit = (patch: Partial<JobDraft>, field: string) => {
    form.edit(patch, field);
    if (field.startsWith('retention.')) setDryRunPolicy(null);
  };
  // A folder just added gets the focus, on its path, once it is on screen.
  const focusAfterRender = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfterRender.current === null) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  }, [draft.folders]);

  const pending = create.isPending || update.isPending;
  const title = job === null ? 'New backup job' : `Edit “${job.name}”`;
  const typedPolicy = retentionOf(draft);

  const editFolder = (folder: FolderDraft, part: 'path' | 'include' | 'exclude', value: string) =>
    edit(
      { folders: draft.folders.map((each) => (each.key === folder.key ? { ...each, [part]: value } : each)) },
      `folders.${folder.key}.${part}`,
    );
  const addFolder = () => {
    const folder = newFolder();
    focusAfterRender.current = fieldId(`folders.${folder.key}.path`);
    edit({ folders: [...draft.folders, folder] }, 'sources');
  };
  const removeFolder = (folder: FolderDraft) => edit({ folders: draft.folders.filter((each) => each.key !== folder.key) }, 'sources');
  const chooseSchedule = (schedule: ScheduleChoice) =>
    // A custom line starts from the preset it replaces, which is easier to change than to type.
    edit(schedule === 'custom' && draft.cron.trim() === '' ? { schedule, cron: cronOf(draft) } : { schedule }, 'schedule');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const command = form.inputToSend();
    if (command === null) return;
    const sent = draft;
    const onError = (error: Error) => form.showServerError(refusalWithFormPaths(error, sent));
    if (command.method === 'backups.createJob') create.mutate(command.input, { onSuccess: onSaved, onError });
    else update.mutate(command.input, { onSuccess: onSaved, onError });
  };

  const custom = draft.schedule === 'custom';
  const cronInWords = custom && parseCron(draft.cron).ok ? `${describeCron(draft.cron)}.` : null;
  const sourcesError = form.errorFor('sources');
  const passphraseFields = (
    <>
      <FormField
        {...fieldProps('passphrase')}
        label={job === null ? 'Passphrase' : 'New passphrase'}
        hint="At least 12 characters. Without it no backup of this job can be restored: keep it somewhere safe, away from this workstation."
      >
        {(a) => (
          <input
            {...a}
            className="input"
            type="password"
            autoComplete="new-password"
            value={draft.passphrase}
            onChange={(e) => edit({ passphrase: e.target.value }, 'passphrase')}
            maxLength={maxLengthOf(BackupJobInput, 'passphrase')}
            data-testid="backup-job-passphrase"
          />
        )}
      </FormField>
      <FormField {...fieldProps('passphraseConfirm')} label="Type it again">
        {(a) => (
          <input
            {...a}
            className="input"
            type="password"
            autoComplete="new-password"
            value={draft.passphraseConfirm}
            onChange={(e) => edit({ passphraseConfirm: e.target.value }, 'passphraseConfirm')}
            maxLength={maxLengthOf(BackupJobInput, 'passphrase')}
            data-testid="backup-job-passphrase-confirm"
          />
        )}
      </FormField>
    </>
  );

  return (
    <form className="panel entity-form backup-job-form" onSubmit={submit} noValidate aria-label={title} data-testid="backup-job-form">
      <h3 className="panel__title">{title}</h3>
      <FormErrors title="Not saved:" messages={form.formErrors} testId="backup-job-form-errors" />

      <fieldset className="form-section">
        <legend className="form-section__title">What to back up</legend>
        <FormField {...fieldProps('name')} label="Name" className="form-row--wide">
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.name}
              maxLength={120}
              onChange={(e) => edit({ name: e.target.value }, 'name')}
              autoComplete="off"
              autoFocus
              data-testid="backup-job-name"
            />
          )}
        </FormField>
        <div className={`form-row form-row--wide${sourcesError ? ' form-row--invalid' : ''}`}>
          <label className="check">
            <input
              id={fieldId('sources')}
              type="checkbox"
              checked={draft.database}
              onChange={(e) => edit({ database: e.target.checked }, 'sources')}
              data-testid="backup-job-database"
            />
            The console’s database
          </label>
          <p className="form-row__hint">One consistent snapshot, taken while the console keeps running.</p>
          {sourcesError ? <FieldErrorMessage field="sources" message={sourcesError} /> : null}
        </div>
        <ul className="backup-folders form-row--wide" aria-label="Folders">
          {draft.folders.map((folder, index) => (
            <li key={folder.key} className="backup-folder" data-testid="backup-job-folder">
              <div className="backup-folder__head">
                <h4 className="backup-folder__title">Folder {index + 1}</h4>
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  onClick={() => removeFolder(folder)}
                  aria-label={`Remove folder ${index + 1}`}
                  data-testid="backup-job-folder-remove"
                >
                  Remove
                </button>
              </div>
              <FormField
                {...fieldProps(`folders.${folder.key}.path`)}
                label="Folder path"
                hint="The full path, e.g. /srv/recordings or D:\Exports."
                className="form-row--wide"
              >
                {(a) => (
                  <input
                    {...a}
                    className="input mono"
                    value={folder.path}
                    onChange={(e) => editFolder(folder, 'path', e.target.value)}
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={maxLengthOf(BackupJobInput, 'sources.path')}
                    data-testid="backup-job-folder-path"
                  />
                )}
              </FormField>
              <FormField
                {...fieldProps(`folders.${folder.key}.include`)}
                label="Include"
                hint="One pattern a line, relative to the folder (**, *, ?). Empty: everything."
              >
                {(a) => (
                  <textarea
                    {...a}
                    className="input mono"
                    rows={3}
                    value={folder.include}
                    onChange={(e) => editFolder(folder, 'include', e.target.value)}
                    spellCheck={false}
                    maxLength={listTextMaxLengthOf(BackupJobInput, 'sources.include')}
                    data-testid="backup-job-folder-include"
                  />
                )}
              </FormField>
              <FormField
                {...fieldProps(`folders.${folder.key}.exclude`)}
                label="Exclude"
                hint="One pattern a line; an exclude wins over an include."
              >
                {(a) => (
                  <textarea
                    {...a}
                    className="input mono"
                    rows={3}
                    value={folder.exclude}
                    onChange={(e) => editFolder(folder, 'exclude', e.target.value)}
                    spellCheck={false}
                    maxLength={listTextMaxLengthOf(BackupJobInput, 'sources.exclude')}
                    data-testid="backup-job-folder-exclude"
                  />
                )}
              </FormField>
            </li>
          ))}
        </ul>
        <div className="form-row--wide">
          <button type="button" className="button" onClick={addFolder} data-testid="backup-job-folder-add">
            Add a folder
          </button>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend className="form-section__title">Where and when</legend>
        <FormField
          {...fieldProps('destination')}
          label="Destination folder"
          hint="A local disk, a removable drive or a mounted network share, e.g. /mnt/backup or \\nas\share. One folder holds backups of one passphrase at a time: another job writing to the same folder must use the same passphrase."
          className="form-row--wide"
        >
          {(a) => (
            <input
              {...a}
              className="input mono"
              value={draft.destination}
              onChange={(e) => edit({ destination: e.target.value }, 'destination')}
              autoComplete="off"
              spellCheck={false}
              maxLength={maxLengthOf(BackupJobInput, 'destination')}
              data-testid="backup-job-destination"
            />
          )}
        </FormField>
        {/* With a custom line, the line is what an error is about: it takes the field's id and its error. */}
        <FormField
          field="schedule"
          id={custom ? `${fieldId('schedule')}-preset` : fieldId('schedule')}
          label={`Schedule (${timeZoneLabel(timeZone)})`}
          hint="A run missed while the computer was off starts at the next start-up."
          error={custom ? undefined : form.errorFor('schedule')}
        >
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.schedule}
              onChange={(e) => chooseSchedule(e.target.value as ScheduleChoice)}
              data-testid="backup-job-schedule"
            >
              {SCHEDULE_PRESETS.map((preset) => (
                <option key={preset.id} value={preset.id}>
                  {preset.label}
                </option>
              ))}
              <option value="custom">Custom: a cron line</option>
            </select>
          )}
        </FormField>
        {custom ? (
          <FormField
            {...fieldProps('schedule')}
            label="Cron line"
            hint={cronInWords ?? 'minute hour day month weekday, e.g. 30 1 * * 1-5 = weekdays at 01:30.'}
          >
            {(a) => (
              <input
                {...a}
                className="input mono"
                value={draft.cron}
                placeholder="0 2 * * *"
                onChange={(e) => edit({ cron: e.target.value }, 'schedule')}
                autoComplete="off"
                spellCheck={false}
                maxLength={maxLengthOf(BackupJobInput, 'schedule')}
                data-testid="backup-job-cron"
              />
            )}
          </FormField>
        ) : null}
      </fieldset>

      <fieldset className="form-section form-section--numbers">
        <legend className="form-section__title">Which backups to keep</legend>
        <p className="form-row__hint form-row--wide">
          The newest backups, plus the newest of each of the last so many days, weeks, months and years. A backup that failed verification
          keeps no place.
        </p>
        {RETENTION_FIELDS.map(({ key, label }) => (
          <FormField key={key} {...fieldProps(`retention.${key}`)} label={label}>
            {(a) => (
              <NumberInput
                attributes={a}
                value={draft[key]}
                onChange={(value) => edit({ [key]: value }, `retention.${key}`)}
                testId={`backup-job-retention-${key}`}
              />
            )}
          </FormField>
        ))}
        <div className="form-row form-row--wide">
          {job === null ? (
            <p className="form-row__hint">Once the job is saved, a dry run shows which of its backups a policy would delete.</p>
          ) : (
            <>
              <span className="form-actions">
                <button
                  type="button"
                  className="button"
                  disabled={typedPolicy === null}
                  onClick={() => setDryRunPolicy(typedPolicy)}
                  data-testid="backup-job-retention-preview"
                >
                  Preview what would be deleted
                </button>
              </span>
              {dryRunPolicy !== null ? <RetentionDryRun jobId={job.id} policy={dryRunPolicy} /> : null}
            </>
          )}
        </div>
      </fieldset>

      <fieldset className="form-section form-section--numbers">
        <legend className="form-section__title">Compression and alerts</legend>
        <FormField
          {...fieldProps('compressionLevel')}
          label="Compression level"
          hint="1 is fastest, 19 smallest. 3 suits a database; above 9 is much slower for little gain."
        >
          {(a) => (
            <NumberInput
              attributes={a}
              value={draft.compressionLevel}
              onChange={(value) => edit({ compressionLevel: value }, 'compressionLevel')}
              testId="backup-job-compression"
            />
          )}
        </FormField>
        <FormField
          {...fieldProps('overdueAfterHours')}
          label="Overdue after (hours)"
          hint="“Backup overdue” is raised when no good backup is this old. 26 lets a daily job run late."
        >
          {(a) => (
            <NumberInput
              attributes={a}
              value={draft.overdueAfterHours}
              onChange={(value) => edit({ overdueAfterHours: value }, 'overdueAfterHours')}
              testId="backup-job-overdue"
            />
          )}
        </FormField>
      </fieldset>

      <fieldset className="form-section">
        <legend className="form-section__title">Tell a channel</legend>
        <FormField
          {...fieldProps('notify')}
          label="Channel"
          hint="“Backup Completed: <job>” or “Backup Failed: <job>” with the sizes or the error. A failed scheduled run is tried again after 5, 15 and 45 minutes before it fails."
        >
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.notifyChannelId}
              onChange={(e) => edit({ notifyChannelId: e.target.value }, 'notify')}
              data-testid="backup-job-notify-channel"
            >
              <option value="">Nobody (the alert rules still raise a failure)</option>
              {(channels.data ?? []).map((channel) => (
                <option key={channel.id} value={channel.id}>
                  {channel.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {draft.notifyChannelId !== '' ? (
          <div className="form-row">
            <label className="check">
              <input
                type="checkbox"
                checked={draft.notifyOnSuccess}
                onChange={(e) => edit({ notifyOnSuccess: e.target.checked }, 'notify')}
                data-testid="backup-job-notify-success"
              />
              When a backup completes
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.notifyOnFailure}
                onChange={(e) => edit({ notifyOnFailure: e.target.checked }, 'notify')}
                data-testid="backup-job-notify-failure"
              />
              When a backup fails
            </label>
          </div>
        ) : null}
      </fieldset>

      <fieldset className="form-section">
        <legend className="form-section__title">Encryption</legend>
        <FormField
          {...fieldProps('keyRotationDays')}
          label="Remind to change the passphrase after (days)"
          hint="The Backups page reminds the admin when the key is this old; 0 never reminds. Older backups stay readable after a change."
        >
          {(a) => (
            <NumberInput
              attributes={a}
              value={draft.keyRotationDays}
              onChange={(value) => edit({ keyRotationDays: value }, 'keyRotationDays')}
              testId="backup-job-key-rotation-days"
            />
          )}
        </FormField>
        {job === null ? (
          passphraseFields
        ) : (
          <>
            <div className="form-row form-row--wide">
              <label className="check">
                <input
                  type="checkbox"
                  checked={draft.newPassphrase}
                  // Unticked, nothing typed is kept: it would not be sent.
                  onChange={(e) => edit({ newPassphrase: e.target.checked, passphrase: '', passphraseConfirm: '' }, 'passphrase')}
                  data-testid="backup-job-change-passphrase"
                />
                Change passphrase
              </label>
              <p className="form-row__hint" data-testid="backup-job-key-rule">
                The backups keep their passphrase unless you change it here. One folder holds backups of one passphrase at a time, so a
                change applies to every job writing to this folder.
              </p>
            </div>
            {draft.newPassphrase ? (
              <>
                <p className="backup-warning form-row--wide" role="note" data-testid="backup-job-passphrase-warning">
                  <span aria-hidden="true">⚠ </span>
                  New backups get a new key, for every job writing to this folder. Older backups keep their old key: this console still
                  verifies and restores them without asking, but restoring one anywhere else needs the old passphrase, so keep it as long as
                  you keep them.
                </p>
                {passphraseFields}
              </>
            ) : null}
          </>
        )}
      </fieldset>

      <FormFooter
        method={job === null ? 'backups.createJob' : 'backups.updateJob'}
        saveLabel={job === null ? 'Add the job' : 'Save changes'}
        pending={pending}
        saveTestId="backup-job-save"
        onCancel={onCancel}
        cancelTestId="backup-job-cancel"
      />
    </form>
  );
}
