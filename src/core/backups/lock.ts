import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** One per destination folder: several consoles may back up to the same network share. */
export const LOCK_FILE_NAME = '.watchroom-backup.lock';
/** A holder refreshes its heartbeat this often while it runs. */
export const LOCK_HEARTBEAT_MS = 10_000;
/** A lock whose heartbeat is this old belongs to a run that died (a crash, a power cut, kill -9). */
export const LOCK_STALE_AFTER_MS = 6 * LOCK_HEARTBEAT_MS;

export const LockRecord = z.object({
  holder: z.string(),
  host: z.string(),
  pid: z.number().int(),
  acquiredAt: z.number().int(),
  heartbeatAt: z.number().int(),
  what: z.string(),
});
export type LockRecord = z.infer<typeof LockRecord>;

export interface LockIdentity {
  /** Unique per run: a console and its task. */
  holder: string;
  what: string;
}

/** Whether the process holding a lock on this very machine is gone; another machine's pid says nothing. */
function processGone(record: LockRecord): boolean {
  if (record.host !== hostname()) return false;
  try {
    process.kill(record.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * When a lock may be taken from its holder: its heartbeat stopped long ago, or it is this
 * machine's and its process is gone. A live holder's lock is never taken, however old it is.
 */
export function lockIsStale(record: LockRecord, now: number, holderGone: boolean): boolean {
  return holderGone || now - record.heartbeatAt > LOCK_STALE_AFTER_MS;
}

export class DestinationBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly record: LockRecord,
  ) {
    super(
      `Another backup to ${folder} is running (${record.what}, on ${record.host}, since ${new Date(record.acquiredAt).toISOString()}); this one waits for the next run.`,
    );
    this.name = 'DestinationBusyError';
  }
}

export interface DestinationLock {
  /** Refreshes the heartbeat; call every LOCK_HEARTBEAT_MS while the run lasts. */
  heartbeat(now: number): Promise<void>;
  /** Removes the lock if it is still this run's. */
  release(): Promise<void>;
}

async function readRecord(path: string): Promise<LockRecord | null> {
  try {
    const parsed = LockRecord.safeParse(JSON.parse(await readFile(path, 'utf8')));
    // A lock file nobody can read back is treated as stale: it cannot say who holds it.
    return parsed.success ? parsed.data : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * Takes the destination's lock, created with O_EXCL so two runs never both believe they hold it. A
 * stale lock is removed and the take tried once more; a live one refuses with who holds it.
 */
export async function acquireDestinationLock(folder: string, identity: LockIdentity, now: number): Promise<DestinationLock> {
  const path = join(folder, LOCK_FILE_NAME);
  const record: LockRecord = {
    holder: identity.holder,
    host: hostname(),
    pid: process.pid,
    acquiredAt: now,
    heartbeatAt: now,
    what: identity.what,
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, JSON.stringify(record), { flag: 'wx', mode: 0o600 });
      return holding(path, record);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await readRecord(path);
    if (current !== null && !lockIsStale(current, now, processGone(current))) throw new DestinationBusyError(folder, current);
    await rm(path, { force: true });
  }
  const current = await readRecord(path);
  throw new DestinationBusyError(folder, current ?? { ...record, holder: 'unknown', what: 'another run' });
}

function holding(path: string, record: LockRecord): DestinationLock {
  const stillMine = async () => (await readRecord(path))?.holder === record.holder;
  return {
    async heartbeat(now) {
      if (!(await stillMine())) return;
      await writeFile(path, JSON.stringify({ ...record, heartbeatAt: now }), { mode: 0o600 });
    },
    async release() {
      if (await stillMine()) await rm(path, { force: true });
    },
  };
}
