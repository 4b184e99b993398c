// The console's database as backup source and restore target. These are the only SQL statements
// of the archive; they act on whole files, not on rows, so they sit here rather than in core/db's
// repositories.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { openForDirectReading, pageAlignedBuffer } from './direct-io';
import { errorCode, OperationCancelledError, SourceError, throwIfCancelled } from './errors';
import { PageError, SQLCIPHER_PAGE_SIZE, SQLCIPHER_SALT_BYTES, SqlcipherPageReader } from './sqlcipher-pages';

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
  /**
   * SQLite's quick_check of the held snapshot: its problems, none when it passed. Synchronous and
   * about a second per GiB; a cancel meanwhile is bounded by the worker's stop (CANCEL_GRACE_MS).
   */
  quickCheck(): string[];
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
  // A second, read-only connection runs the snapshot's quick_check with sqlite3mc's HMAC check off
  // (on, it is several times slower): the backup authenticates every page of the snapshot itself.
  // hmac_check is taken when the key is set, so it needs a connection of its own.
  let checker: Database.Database;
  try {
    checker = openKeyed(path, key, { readonly: true, hmacCheck: false });
  } catch (error) {
    sqlite.close();
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
        checker.exec('BEGIN');
        checker.prepare('SELECT count(*) FROM sqlite_master').get();
        // Both read transactions began before any commit after the checkpoint: both read the file alone.
        if (walBytes(path) === 0)
          return {
            pageCount,
            pageSize,
            quickCheck: () => {
              try {
                return problemsOf(checker, 'quick_check');
              } catch (error) {
                const message = error instanceof Error ? error.message : String(error);
                // Damage bad enough stops the check itself rather than giving it a line to report.
                const code = errorCode(error);
                if (code?.startsWith('SQLITE_CORRUPT') === true || code === 'SQLITE_NOTADB') return [message];
                throw new SourceError(
                  `The console's database could not be checked (${message}); this backup was not kept, and earlier backups are untouched.`,
                  { file: path },
                );
              }
            },
            release: () => {
              // A read transaction has nothing to commit; after a check stopped by damage, COMMIT fails.
              if (checker.inTransaction) checker.exec('ROLLBACK');
              sqlite.exec('COMMIT');
            },
          };
        checker.exec('ROLLBACK');
        sqlite.exec('COMMIT');
        await sleep(SNAPSHOT_RETRY_MS * attempt);
      }
      throw new SourceError(`The console database ${path} was too busy to take a consistent snapshot; try the backup again in a moment.`, {
        file: path,
      });
    },
    close: () => {
      checker.close();
      sqlite.close();
    },
  };
}

/** What quick_check or integrity_check reports, its "ok" line left out; at most the first three problems. */
function problemsOf(sqlite: Database.Database, check: 'quick_check' | 'integrity_check'): string[] {
  const rows = sqlite.pragma(check) as Record<string, string>[];
  return rows
    .map((row) => row[check] ?? '')
    .filter((line) => line !== 'ok')
    .slice(0, 3);
}

/** What a restore wrote to a database file: its length and the CRC-32 of every byte, in order. */
export interface WrittenFile {
  bytes: number;
  crc32: number;
}

/**
 * Why a restored database failed its check: the copy on disk is not what was written (`copy`: the
 * drive), this restore wrote a page wrongly though it reads back as written (`written`: this
 * computer, not the backup), or what was written is wrong (`content`: the backup's database).
 */
export type DatabaseCheckProblem = { ok: false; problem: string; where: 'copy' | 'written' | 'content' };

/**
 * How deeply a restored database is checked once it reads back as written. `page sample`: the
 * backup's manifest records that its source passed quick_check when it was taken, so only what this
 * restore did is checked (see checkDatabaseFile). `quick_check`: a backup made before sources were
 * checked. `integrity_check`: the weekly test restore.
 */
export type RestoredDatabaseCheck = 'page sample' | 'quick_check' | 'integrity_check';

/** The restored pages whose HMAC is checked in a `page sample` check (numbered from 1): the first, every 64th after it, the last. */
const SAMPLE_EVERY_PAGES = 64;
const isSampled = (pageNumber: number, pageCount: number) => (pageNumber - 1) % SAMPLE_EVERY_PAGES === 0 || pageNumber === pageCount;

/**
 * Checks a restored database file before it is reported good. First it is read back whole, direct
 * from the drive where the system allows (neither this read nor the direct write before it fills the
 * page cache, whose new pages cost more CPU on one core than the copy), and must be exactly what the
 * restore wrote (length and CRC-32): a page changed between the write and this read, lost or written
 * twice fails, and that is the restore drive's fault (`copy`), not the backup's. Then the schema is
 * read with sqlite3mc's HMAC check on (page 1 and the schema's pages), as the console will open it.
 *
 * What follows depends on `depth`. The pages' content is proven identical to the backed-up snapshot
 * by the authenticated frames it came from; what is left to prove is that the snapshot was sound and
 * that this restore encrypted, numbered and keyed its pages right. When the backup proved its source
 * sound (`page sample`), the HMAC of a sample of pages is checked here against the new key: a
 * numbering or keying mistake of the writer is systematic and shows on those pages. Otherwise
 * SQLite's quick_check of every b-tree page with the HMAC check off, or with `integrity_check` also
 * every index against its table (a third slower again: the weekly test restore has the time).
 */
export async function checkDatabaseFile(
  path: string,
  key: Buffer,
  written: WrittenFile,
  chunkSize: number,
  depth: RestoredDatabaseCheck,
  signal?: AbortSignal,
): Promise<{ ok: true; check: RestoredDatabaseCheck } | DatabaseCheckProblem> {
  // An empty or ragged entry passes a comparison with what was written, and quick_check finds an empty file fine.
  if (written.bytes === 0 || written.bytes % SQLCIPHER_PAGE_SIZE !== 0)
    return { ok: false, problem: 'the database is not a whole number of pages', where: 'content' };
  const copy = (problem: string): DatabaseCheckProblem => ({ ok: false, problem, where: 'copy' });
  const pageCount = written.bytes / SQLCIPHER_PAGE_SIZE;
  let samplePages: SqlcipherPageReader | null = null;
  let wronglyWritten: string | null = null;
  const handle = await open(path, 'r');
  let direct: FileHandle | null = null;
  try {
    const { size } = await handle.stat();
    if (size !== written.bytes) return copy(`the file holds ${size} bytes where ${written.bytes} were written`);
    const aligned = pageAlignedBuffer(chunkSize);
    direct = aligned ? await openForDirectReading(path, handle) : null;
    let reader = direct ?? handle;
    let buffer = direct && aligned ? aligned : Buffer.allocUnsafe(chunkSize);
    let crc = 0;
    for (let position = 0; position < size; position += chunkSize) {
      // Read back at drive speed, not from the page cache: a cancel is heard between chunks.
      throwIfCancelled(signal);
      const length = Math.min(chunkSize, size - position);
      let { bytesRead } = await reader.read(buffer, 0, length, position).catch((error: unknown) => {
        // A filesystem that took O_DIRECT at open but refuses its reads: read buffered, not blame the drive.
        if (reader === handle || errorCode(error) !== 'EINVAL') throw error;
        reader = handle;
        buffer = Buffer.allocUnsafe(chunkSize);
        return handle.read(buffer, 0, length, position);
      });
      // Some network and FUSE filesystems end a direct read short: the rest is read buffered, as the
      // backup reader does (frames.ts), before the file is said to have changed.
      if (bytesRead < length && reader !== handle)
        bytesRead += (await handle.read(buffer, bytesRead, length - bytesRead, position + bytesRead)).bytesRead;
      if (bytesRead !== length) return copy('the file changed while it was checked');
      const chunk = buffer.subarray(0, length);
      crc = crc32(chunk, crc);
      if (depth !== 'page sample' || wronglyWritten !== null) continue;
      samplePages ??= new SqlcipherPageReader(key, Buffer.from(chunk.subarray(0, SQLCIPHER_SALT_BYTES)));
      for (let offset = 0; offset < length; offset += SQLCIPHER_PAGE_SIZE) {
        const pageNumber = (position + offset) / SQLCIPHER_PAGE_SIZE + 1;
        if (!isSampled(pageNumber, pageCount)) continue;
        try {
          samplePages.authenticate(chunk.subarray(offset, offset + SQLCIPHER_PAGE_SIZE), pageNumber);
        } catch (error) {
          if (!(error instanceof PageError)) throw error;
          wronglyWritten = error.message;
          break;
        }
      }
    }
    if (crc !== written.crc32) return copy('the file read back differs from what was written');
  } catch (error) {
    if (error instanceof OperationCancelledError) throw error;
    return copy(error instanceof Error ? error.message : String(error));
  } finally {
    await direct?.close();
    await handle.close();
  }
  // Read back as written, so a page that fails its HMAC was written wrong by this restore: neither
  // the drive's fault nor the backup's, whose frames all authenticated.
  if (wronglyWritten !== null) return { ok: false, problem: wronglyWritten, where: 'written' };
  let sqlite: Database.Database | undefined;
  try {
    sqlite = openKeyed(path, key, { readonly: true });
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    sqlite.close();
    sqlite = undefined;
    if (depth === 'page sample') return { ok: true, check: depth };
    sqlite = openKeyed(path, key, { readonly: true, hmacCheck: false });
    const problems = problemsOf(sqlite, depth);
    return problems.length === 0 ? { ok: true, check: depth } : { ok: false, problem: problems.join('; '), where: 'content' };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error), where: 'content' };
  } finally {
    sqlite?.close();
  }
}
