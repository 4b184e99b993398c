// Errors of the archive layer. Each says what happened and what to do, carries the facts a program
// needs (which backup, file, frame or folder) and survives the trip from the worker thread intact.
import { WatchroomError, type ErrorCode } from '../../../shared/contract/errors';

export interface ArchiveErrorDetails {
  /** The backup file concerned. */
  file?: string;
  /** The folder concerned: a backup destination, a source folder or a restore target. */
  folder?: string;
  /** The path inside the backup of the entry concerned. */
  entryPath?: string;
  /** The data frame (chunk) that failed, counted from 0. */
  frameIndex?: number;
  /** What is wrong with a folder, so a program can react without parsing the message. */
  problem?: FolderProblem;
}

export type FolderProblem = 'missing' | 'not_a_folder' | 'read_only' | 'full' | 'not_empty' | 'io';

export abstract class ArchiveError extends WatchroomError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly details: ArchiveErrorDetails,
  ) {
    super(code, message);
  }
}

/** The passphrase (or a key derived from another one) does not open this backup. Nothing was written. */
export class WrongPassphraseError extends ArchiveError {
  constructor(message: string, details: ArchiveErrorDetails = {}) {
    super('forbidden', message, details);
    this.name = 'WrongPassphraseError';
  }
}

/** The backup failed authentication or its checksums: it was damaged or altered. */
export class BackupDamagedError extends ArchiveError {
  constructor(message: string, details: ArchiveErrorDetails = {}) {
    super('unavailable', message, details);
    this.name = 'BackupDamagedError';
  }
}

/** A backup destination or restore target cannot be used (missing, read-only, full, not empty). */
export class FolderError extends ArchiveError {
  constructor(message: string, details: ArchiveErrorDetails = {}) {
    super(details.problem === 'not_empty' ? 'conflict' : 'unavailable', message, details);
    this.name = 'FolderError';
  }
}

/** A source (folder or the console's database) cannot be read, or a request names something absent. */
export class SourceError extends ArchiveError {
  constructor(message: string, details: ArchiveErrorDetails = {}) {
    super('not_found', message, details);
    this.name = 'SourceError';
  }
}

/**
 * The console's own database fails SQLite's check at backup time. Not a passing fault: trying the
 * backup again reads the same damage, so it is reported at once, never retried.
 */
export class DatabaseDamagedError extends SourceError {
  constructor(message: string, details: ArchiveErrorDetails = {}) {
    super(message, details);
    this.name = 'DatabaseDamagedError';
  }
}

/** The request itself is unusable (bad pattern, missing database key, unsupported layout). */
export class ArchiveInputError extends ArchiveError {
  constructor(message: string, details: ArchiveErrorDetails = {}) {
    super('invalid_input', message, details);
    this.name = 'ArchiveInputError';
  }
}

/** The operation was cancelled; whatever it had written was removed. */
export class OperationCancelledError extends ArchiveError {
  constructor(message = 'Cancelled; nothing was kept from this run.', details: ArchiveErrorDetails = {}) {
    super('conflict', message, details);
    this.name = 'OperationCancelledError';
  }
}

const ERROR_CLASSES = {
  WrongPassphraseError,
  BackupDamagedError,
  FolderError,
  SourceError,
  DatabaseDamagedError,
  ArchiveInputError,
  OperationCancelledError,
} as const;

type ArchiveErrorName = keyof typeof ERROR_CLASSES;

function isArchiveErrorName(name: string): name is ArchiveErrorName {
  return Object.hasOwn(ERROR_CLASSES, name);
}

export function wrongPassphrase(file: string): WrongPassphraseError {
  return new WrongPassphraseError(`This passphrase does not open backup ${file}. Nothing was written.`, { file });
}

export function damaged(file: string, what: string, details: Omit<ArchiveErrorDetails, 'file'> = {}): BackupDamagedError {
  const where = [
    details.entryPath === undefined ? null : `file "${details.entryPath}"`,
    details.frameIndex === undefined ? null : `frame ${details.frameIndex}`,
  ].filter((part): part is string => part !== null);
  const location = where.length > 0 ? ` (${where.join(', ')})` : '';
  return new BackupDamagedError(`Backup ${file} is damaged or was altered${location}: ${what}. Use another backup.`, { file, ...details });
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new OperationCancelledError();
}

/** Errors of the file system carry a code such as ENOENT; SQLite's carry SQLITE_FULL and so on. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export type FolderRole = 'backup folder' | 'restore folder';

/**
 * Turns a failure to create or write in a folder into an error a person can act on. Codes that do
 * not describe the folder (a bug, a damaged source) pass through unchanged.
 */
export function folderError(role: FolderRole, folder: string, error: unknown): unknown {
  if (error instanceof ArchiveError) return error;
  const code = errorCode(error);
  const cause = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return new FolderError(`The ${role} ${folder} does not exist. Connect the drive or share it is on, or choose another folder.`, {
        folder,
        problem: 'missing',
      });
    case 'ENOTDIR':
      return new FolderError(`The ${role} ${folder} is not a folder. Choose a folder.`, { folder, problem: 'not_a_folder' });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
      return new FolderError(
        `Watchroom cannot write to the ${role} ${folder}: it is read-only or access is denied. Choose a writable folder, or give Watchroom write access to it.`,
        { folder, problem: 'read_only' },
      );
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return new FolderError(
        `The ${role} ${folder} is full. Free some space on that drive or choose another folder; nothing was kept from this run and earlier backups were not touched.`,
        { folder, problem: 'full' },
      );
    case 'EIO':
    case 'ENXIO':
    case 'ENODEV':
    case 'ESTALE':
    case 'ETIMEDOUT':
      return new FolderError(
        `The drive or share holding the ${role} ${folder} stopped responding (${cause}). Check that it is still connected, then try again.`,
        {
          folder,
          problem: 'io',
        },
      );
    default:
      return error;
  }
}

export interface SerializedError {
  name: string;
  message: string;
  details?: ArchiveErrorDetails;
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ArchiveError) return { name: error.name, message: error.message, details: error.details };
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds an error thrown in the worker so `instanceof` works for the caller. */
export function deserializeError(serialized: SerializedError): Error {
  if (isArchiveErrorName(serialized.name)) return new ERROR_CLASSES[serialized.name](serialized.message, serialized.details ?? {});
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
