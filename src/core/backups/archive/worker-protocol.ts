// What the thread that asks and the worker thread that runs an archive operation say to each other.
// Functions (signal, progress callback, clock) cannot cross threads: they stay with the caller.
import type { SerializedError } from './errors';
import type { BackupKey } from './keys';
import type { OperationProgress } from './progress';
import type { RestoreDatabaseOptions, RestoreDatabaseResult, RestoreOptions, RestoreResult } from './restore';
import type { VerifyOptions, VerifyResult } from './read-backup';
import type { BackupResult, CreateBackupOptions } from './write-backup';

type Portable<T> = Omit<T, 'signal' | 'onProgress' | 'now' | 'clock'>;

export interface ArchiveOperations {
  backup: { input: Portable<CreateBackupOptions>; result: BackupResult };
  verify: { input: Portable<VerifyOptions>; result: VerifyResult };
  restore: { input: Portable<RestoreOptions>; result: RestoreResult };
  restoreDatabase: { input: Portable<RestoreDatabaseOptions>; result: RestoreDatabaseResult };
}

export type ArchiveOperation = keyof ArchiveOperations;

/** `startedAt` stands in for the caller's clock: a backup is dated when it was asked for. */
export type ArchiveJob = {
  [K in ArchiveOperation]: { operation: K; input: ArchiveOperations[K]['input']; startedAt: number };
}[ArchiveOperation];

export type WorkerMessage =
  | { type: 'progress'; progress: OperationProgress }
  | { type: 'done'; result: ArchiveOperations[ArchiveOperation]['result'] }
  | { type: 'failed'; error: SerializedError };

export type ParentMessage = { type: 'cancel' };

/** Buffers arrive in a worker as plain Uint8Arrays; make them Buffers again without a copy. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function reviveKey(key: BackupKey): BackupKey {
  return { ...key, key: asBuffer(key.key) };
}
