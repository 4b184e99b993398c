// The console's database as backup source and restore target. These are the only SQL statements
// of the archive; they act on whole files, not on rows, so they sit here rather than in core/db's
// repositories.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { errorCode, SourceError, throwIfCancelled } from './errors';
import { SQLCIPHER_PAGE_SIZE } from './sqlcipher-pages';

/** A WAL checkpoint races the console's next write; it almost always wins within a few tries. */
const SNAPSHOT_ATTEMPTS = 40;
const SNAPSHOT_RETRY_MS = 25;

export interface HeldSnapshot {
  /**
   * The first pageCount pages of the database file are the snapshot, and nothing can change
   * them until release(): the file can be read page by page, consistent, while the console writes.
   */
  readonly pageCount: number;
  readonly pageSize: number;
  release(): void;
}

export interface LiveDatabase {
  /** The database's size now; the snapshot's may differ by what is written meanwhile. */
  readonly sizeBytes: number;
  hold(signal?: AbortSignal): Promise<HeldSnapshot>;
  close(): void;
}

function walBytes(path: string): number {
  return statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}

interface KeyedOpen {
  readonly?: boolean;
  /** sqlite3mc checks every page's HMAC as it reads it, unless told that has been done already. */
  hmacCheck?: boolean;
}

/** Opens an encrypted database the way core/db does: cipher, legacy=4, key first, one read to tell a wrong key. */
function openKeyed(path: string, key: Buffer, options: KeyedOpen = {}): Database.Database {
  const sqlite = new Database(path, { fileMustExist: true, readonly: options.readonly ?? false });
  try {
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma('legacy=4');
    if (options.hmacCheck === false) sqlite.pragma('hmac_check = 0');
    sqlite.pragma(`key="x'${key.toString('hex')}'"`);
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    // As core's own connection: temp tables and sort spills of a check stay in memory, never in plaintext on disk.
    sqlite.pragma('temp_store = MEMORY');
    return sqlite;
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/**
 * Opens the live database with its key. Read-write only because a WAL checkpoint needs it; it
 * writes no data.
 */
export function openLiveDatabase(path: string, key: Buffer): LiveDatabase {
  let sqlite: Database.Database;
  try {
    sqlite = openKeyed(path, key);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'SQLITE_NOTADB')
      throw new SourceError(`The console database ${path} does not open with the key given, so it cannot be backed up.`, { file: path });
    if (code === 'SQLITE_CANTOPEN')
      throw new SourceError(`The console database ${path} cannot be opened (it is missing or not readable).`, { file: path });
    throw error;
  }
  // A TRUNCATE checkpoint holds back the console's writers while it waits for readers: keep that
  // wait short and try again instead.
  sqlite.pragma('busy_timeout = 250');
  const { bytes } = sqlite.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as {
    bytes: number;
  };
  return {
    sizeBytes: bytes,
    /**
     * A consistent snapshot without a copy. Once a TRUNCATE checkpoint has moved everything into
     * the file and emptied the WAL, a read transaction that starts before the next commit reads the
     * file alone (WAL read mark 0), and SQLite lets no checkpoint write the file while such a
     * reader lives: new commits pile up in the WAL instead. An empty WAL seen after the read began
     * proves it began in time (the WAL cannot be truncated under a reader that uses it); otherwise
     * try again. Without WAL, the read transaction's shared lock freezes the file the same way.
     */
    async hold(signal) {
      for (let attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt += 1) {
        throwIfCancelled(signal);
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
        sqlite.exec('BEGIN');
        const { pageCount, pageSize } = sqlite
          .prepare('SELECT page_count AS pageCount, page_size AS pageSize FROM pragma_page_count(), pragma_page_size()')
          .get() as {
          pageCount: number;
          pageSize: number;
        };
        if (walBytes(path) === 0) return { pageCount, pageSize, release: () => sqlite.exec('COMMIT') };
        sqlite.exec('COMMIT');
        await sleep(SNAPSHOT_RETRY_MS * attempt);
      }
      throw new SourceError(`The console database ${path} was too busy to take a consistent snapshot; try the backup again in a moment.`, {
        file: path,
      });
    },
    close: () => sqlite.close(),
  };
}

/** What a restore wrote to a database file: its length and the CRC-32 of every byte, in order. */
export interface WrittenFile {
  bytes: number;
  crc32: number;
}

/** Why a restored database failed its check: the copy on disk is not what was written, or what was written is wrong. */
export type DatabaseCheckProblem = { ok: false; problem: string; where: 'copy' | 'content' };

/**
 * Checks a restored database file before it is reported good. First it is read back whole and
 * must be exactly what the restore wrote (length and CRC-32): a page changed between the write and
 * this read, lost or written twice fails, and that is the restore drive's fault (`copy`), not the
 * backup's. Recomputing every page's HMAC with the code that had just computed them over those
 * bytes (what this check used to do) cost about five times the CPU of the comparison (0.7 s against
 * 0.15 s for a 340 MiB database) and caught only a page numbered or keyed wrongly by that same code.
 * sqlite3mc's own code checks that instead, where it is cheap: the schema is read with its HMAC
 * check on (page 1 and the schema's pages), as the console will open it. Then SQLite's quick_check
 * of every b-tree page with the HMAC check off (on, it is several times slower), or with `thorough`
 * its integrity_check, which also matches every index against its table (a third slower again: the
 * weekly test restore has the time, an operator waiting on a restore does not, and the pages'
 * content was already proven identical to the backed-up snapshot by the authenticated frames they
 * came from).
 */
export async function checkDatabaseFile(
  path: string,
  key: Buffer,
  written: WrittenFile,
  chunkSize: number,
  thorough = false,
): Promise<{ ok: true } | DatabaseCheckProblem> {
  // An empty or ragged entry passes a comparison with what was written, and quick_check finds an empty file fine.
  if (written.bytes === 0 || written.bytes % SQLCIPHER_PAGE_SIZE !== 0)
    return { ok: false, problem: 'the database is not a whole number of pages', where: 'content' };
  const copy = (problem: string): DatabaseCheckProblem => ({ ok: false, problem, where: 'copy' });
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size !== written.bytes) return copy(`the file holds ${size} bytes where ${written.bytes} were written`);
    const buffer = Buffer.allocUnsafe(chunkSize);
    let crc = 0;
    for (let position = 0; position < size; position += chunkSize) {
      const length = Math.min(chunkSize, size - position);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead !== length) return copy('the file changed while it was checked');
      crc = crc32(buffer.subarray(0, length), crc);
    }
    if (crc !== written.crc32) return copy('the file read back differs from what was written');
  } catch (error) {
    return copy(error instanceof Error ? error.message : String(error));
  } finally {
    await handle.close();
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = openKeyed(path, key, { readonly: true });
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    sqlite.close();
    sqlite = undefined;
    sqlite = openKeyed(path, key, { readonly: true, hmacCheck: false });
    const check = thorough ? 'integrity_check' : 'quick_check';
    const rows = sqlite.pragma(check) as Record<string, string>[];
    const problems = rows.map((row) => row[check]).filter((line) => line !== 'ok');
    return problems.length === 0 ? { ok: true } : { ok: false, problem: problems.slice(0, 3).join('; '), where: 'content' };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error), where: 'content' };
  } finally {
    sqlite?.close();
  }
}
