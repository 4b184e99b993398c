import { BackupJobInput, BackupJobUpdate, RetentionPolicy, type BackupJob, type MethodInput } from '../../../shared/contract';
import { parseCron } from '../../../shared/domain/cron';
import { DEFAULT_RETENTION } from '../../../shared/domain/retention';
import { isTransportError, TransportError, type FieldError } from '../../transport/transport';
import { checkWithContract, linesOf, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';

/** DESIGN.md's default schedules, offered as presets; anything else is a cron line typed by hand. */
export const SCHEDULE_PRESETS = [
  { id: 'daily', label: 'Daily at 02:00', cron: '0 2 * * *' },
  { id: 'weekly', label: 'Weekly, Sunday at 03:00', cron: '0 3 * * 0' },
  { id: 'monthly', label: 'Monthly, on the 1st at 04:00', cron: '0 4 1 * *' },
] as const;
export type ScheduleChoice = (typeof SCHEDULE_PRESETS)[number]['id'] | 'custom';

export const RETENTION_FIELDS = [
  { key: 'keepLast', label: 'Keep the last' },
  { key: 'daily', label: 'Daily' },
  { key: 'weekly', label: 'Weekly' },
  { key: 'monthly', label: 'Monthly' },
  { key: 'yearly', label: 'Yearly' },
] as const satisfies readonly { key: keyof RetentionPolicy; label: string }[];
type RetentionKey = (typeof RETENTION_FIELDS)[number]['key'];

/** One folder source as typed: globs one per line. `key` is stable while the form is open, so errors and focus follow the folder. */
export interface FolderDraft {
  key: string;
  path: string;
  include: string;
  exclude: string;
}

/** The job form's values exactly as the inputs hold them. */
export interface JobDraft extends Record<RetentionKey, string> {
  name: string;
  /** The console's own database as a source: always first among the sources sent. */
  database: boolean;
  folders: readonly FolderDraft[];
  destination: string;
  schedule: ScheduleChoice;
  /** The cron line when the schedule is custom. */
  cron: string;
  compressionLevel: string;
  overdueAfterHours: string;
  /** The channel told of each run ('' tells nobody but the alert rules), and of which outcomes. */
  notifyChannelId: string;
  notifyOnSuccess: boolean;
  notifyOnFailure: boolean;
  /** Days until the key rotation reminder; 0 never reminds. */
  keyRotationDays: string;
  /** Whether a passphrase is sent: always for a new job; for a saved one only to change its key. */
  newPassphrase: boolean;
  passphrase: string;
  passphraseConfirm: string;
}

let lastFolderKey = 0;

export function newFolder(): FolderDraft {
  lastFolderKey += 1;
  return { key: `folder-${lastFolderKey}`, path: '', include: '', exclude: '' };
}

function retentionDraft(policy: RetentionPolicy): Record<RetentionKey, string> {
  return {
    keepLast: String(policy.keepLast),
    daily: String(policy.daily),
    weekly: String(policy.weekly),
    monthly: String(policy.monthly),
    yearly: String(policy.yearly),
  };
}

export function emptyJobDraft(): JobDraft {
  return {
    name: '',
    database: true,
    folders: [],
    destination: '',
    schedule: 'daily',
    cron: '',
    ...retentionDraft(DEFAULT_RETENTION),
    compressionLevel: '3',
    overdueAfterHours: '26',
    notifyChannelId: '',
    notifyOnSuccess: true,
    notifyOnFailure: true,
    keyRotationDays: '90',
    newPassphrase: true,
    passphrase: '',
    passphraseConfirm: '',
  };
}

/** The preset a saved cron line is, or custom. */
function scheduleChoiceOf(cron: string): ScheduleChoice {
  const normalized = cron.trim().split(/\s+/).join(' ');
  return SCHEDULE_PRESETS.find((preset) => preset.cron === normalized)?.id ?? 'custom';
}

export function draftFromJob(job: BackupJob): JobDraft {
  return {
    ...emptyJobDraft(),
    name: job.name,
    database: job.sources.some((source) => source.kind === 'database'),
    folders: job.sources.flatMap((source) =>
      source.kind === 'folder'
        ? [{ ...newFolder(), path: source.path, include: source.include.join('\n'), exclude: source.exclude.join('\n') }]
        : [],
    ),
    destination: job.destination,
    schedule: scheduleChoiceOf(job.schedule),
    cron: job.schedule,
    ...retentionDraft(job.retention),
    compressionLevel: String(job.compressionLevel),
    overdueAfterHours: String(job.overdueAfterHours),
    notifyChannelId: job.notify?.channelId ?? '',
    notifyOnSuccess: job.notify?.onSuccess ?? true,
    notifyOnFailure: job.notify?.onFailure ?? true,
    keyRotationDays: String(job.keyRotationDays),
    newPassphrase: false,
  };
}

export function cronOf(draft: Pick<JobDraft, 'schedule' | 'cron'>): string {
  return SCHEDULE_PRESETS.find((preset) => preset.id === draft.schedule)?.cron ?? draft.cron;
}

function readRetention(draft: JobDraft, errors: FieldErrors): Record<RetentionKey, number | undefined> {
  const read = (key: RetentionKey) => readWholeNumber(`retention.${key}`, draft[key], errors);
  return { keepLast: read('keepLast'), daily: read('daily'), weekly: read('weekly'), monthly: read('monthly'), yearly: read('yearly') };
}

/** The policy typed, for a dry run; null while one of its numbers is not a valid count. */
export function retentionOf(draft: JobDraft): RetentionPolicy | null {
  const errors: FieldErrors = {};
  const parsed = RetentionPolicy.safeParse(readRetention(draft, errors));
  return parsed.success && Object.keys(errors).length === 0 ? parsed.data : null;
}

const folderField = (folder: FolderDraft, part: 'path' | 'include' | 'exclude') => `folders.${folder.key}.${part}`;

/** Where the form shows each thing: contract paths, except folders, which are named by their stable key. */
export function jobFormFields(draft: JobDraft): readonly string[] {
  return [
    'name',
    'sources',
    ...draft.folders.flatMap((folder) => [folderField(folder, 'path'), folderField(folder, 'include'), folderField(folder, 'exclude')]),
    'destination',
    'schedule',
    ...RETENTION_FIELDS.map(({ key }) => `retention.${key}`),
    'compressionLevel',
    'overdueAfterHours',
    'notify',
    'keyRotationDays',
    ...(draft.newPassphrase ? ['passphrase', 'passphraseConfirm'] : []),
  ];
}

const SOURCE_PATH = /^sources\.(\d+)(\..*)?$/;

/**
 * A contract path ("sources.1.path", "job.sources.1.include.0") as the form names it: the sources
 * sent are the database (when ticked) then the folders in order, so index 1 is a folder's key.
 * An update's "job." is dropped here, as every field is named without it.
 */
function formPathOf(contractPath: string, draft: Pick<JobDraft, 'database' | 'folders'>): string {
  const path = contractPath.startsWith('job.') ? contractPath.slice('job.'.length) : contractPath;
  const match = SOURCE_PATH.exec(path);
  if (match === null) return path;
  const index = Number(match[1]);
  const offset = draft.database ? 1 : 0;
  if (index < offset) return 'sources';
  const folder = draft.folders[index - offset];
  return folder === undefined ? path : `folders.${folder.key}${match[2] ?? ''}`;
}

function withFormPaths(errors: FieldErrors, draft: JobDraft): FieldErrors {
  const placed: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) placed[formPathOf(path, draft)] ??= message;
  return placed;
}

/** Core's refusal with its field paths named as the form names them, for the draft that was sent. */
export function refusalWithFormPaths(error: Error, sent: JobDraft): Error {
  if (!isTransportError(error)) return error;
  const fields: FieldError[] = error.fields.map((field) => ({ ...field, path: formPathOf(field.path, sent) }));
  return new TransportError(error.code, error.message, fields);
}

/** What Save sends: a new job, or the change to a saved one. */
export type JobCommand =
  | { method: 'backups.createJob'; input: MethodInput<'backups.createJob'> }
  | { method: 'backups.updateJob'; input: MethodInput<'backups.updateJob'> };

/** Checks the draft with the contract's own schema (create or update), after the form's own checks. */
export function validateJobDraft(draft: JobDraft, jobId: string | null): DraftValidation<JobCommand> {
  const errors: FieldErrors = {};
  if (draft.schedule === 'custom') {
    const parsed = parseCron(draft.cron);
    if (!parsed.ok) errors.schedule = parsed.message;
  }
  if (draft.newPassphrase && draft.passphraseConfirm !== draft.passphrase)
    errors.passphraseConfirm = 'The two passphrases differ: type the same one twice';
  const job = {
    name: draft.name,
    sources: [
      ...(draft.database ? [{ kind: 'database' }] : []),
      ...draft.folders.map((folder) => ({
        kind: 'folder',
        path: folder.path,
        include: linesOf(folder.include),
        exclude: linesOf(folder.exclude),
      })),
    ],
    destination: draft.destination,
    schedule: cronOf(draft),
    retention: readRetention(draft, errors),
    compressionLevel: readWholeNumber('compressionLevel', draft.compressionLevel, errors),
    overdueAfterHours: readWholeNumber('overdueAfterHours', draft.overdueAfterHours, errors),
    notify:
      draft.notifyChannelId === ''
        ? null
        : { channelId: draft.notifyChannelId, onSuccess: draft.notifyOnSuccess, onFailure: draft.notifyOnFailure },
    keyRotationDays: readWholeNumber('keyRotationDays', draft.keyRotationDays, errors),
    ...(draft.newPassphrase ? { passphrase: draft.passphrase } : {}),
  };
  if (jobId === null) {
    const checked = checkWithContract(BackupJobInput, job, errors);
    return checked.ok
      ? { ok: true, input: { method: 'backups.createJob', input: checked.input } }
      : { ok: false, errors: withFormPaths(checked.errors, draft) };
  }
  const checked = checkWithContract(BackupJobUpdate, { id: jobId, job }, errors);
  return checked.ok
    ? { ok: true, input: { method: 'backups.updateJob', input: checked.input } }
    : { ok: false, errors: withFormPaths(checked.errors, draft) };
}
