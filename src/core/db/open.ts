import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type WatchroomDb = BetterSQLite3Database<typeof schema>;

export class WrongKeyError extends Error {
  constructor(readonly path: string) {
    super('wrong key, or not a Watchroom database');
    this.name = 'WrongKeyError';
  }
}

export class DamagedDatabaseError extends Error {
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(
      `The database at ${path} is damaged (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Restore it from a backup, or let Watchroom set it aside and start a fresh cache.',
    );
    this.name = 'DamagedDatabaseError';
  }
}

export interface OpenDatabaseOptions {
  /** Folder of drizzle-kit's SQL migrations; defaults to the one shipped beside this code. */
  migrationsFolder?: string;
  readonly?: boolean;
}

export interface OpenedDatabase {
  readonly db: WatchroomDb;
  readonly path: string;
  /** Number of migrations applied to this file, i.e. its schema version. */
  readonly schemaVersion: number;
  /** The cipher in use as reported by the driver; every Watchroom database is keyed at open. */
  readonly cipher: string;
  /** A trivial read, timed by callers that report database latency. */
  ping(): void;
  sizeBytes(): number;
  close(): void;
  /** The driver handle, for repositories in this folder only. */
  readonly sqlite: Database.Database;
}

export const DB_KEY_BYTES = 32;
export const DEFAULT_MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * The sidecar file holds an HMAC of the key (never the key): it tells "this key is the one the
 * file was made with" apart from "wrong key", so a damaged first page is reported as damage.
 */
function keyIdPath(path: string): string {
  return `${path}.keyid`;
}
export function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('watchroom database key id').digest('hex').slice(0, 32);
}

function isNotADatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB';
}
function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * Opens (or creates) an encrypted Watchroom database: the key is set before any other statement,
 * one read right after tells a wrong key at once, then the connection is tuned and migrated.
 */
export function openDatabase(path: string, key: Buffer, options: OpenDatabaseOptions = {}): OpenedDatabase {
  if (key.length !== DB_KEY_BYTES) throw new Error(`A database key is ${DB_KEY_BYTES} bytes, got ${key.length}`);
  const sqlite = new Database(path, { readonly: options.readonly ?? false });
  try {
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma('legacy=4');
    sqlite.pragma(`key="x'${key.toString('hex')}'"`);
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      if (!isNotADatabase(error)) throw error;
      const recordedKeyId = existsSync(keyIdPath(path)) ? readFileSync(keyIdPath(path), 'utf8').trim() : null;
      if (recordedKeyId === keyIdOf(key)) throw new DamagedDatabaseError(path, error);
      throw new WrongKeyError(path);
    }
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      // Bounds the WAL file left behind after checkpoints.
      sqlite.pragma('journal_size_limit = 67108864');
      // Checkpoints normally run in a worker (startCheckpointer); this is the safety net (80 MB).
      sqlite.pragma('wal_autocheckpoint = 20000');
    }
    sqlite.pragma('foreign_keys = ON');
    // Temp tables, sorts and statement journals otherwise go to plaintext files: this cipher
    // encrypts the database and its WAL only, never SQLite's temporary files.
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('busy_timeout = 5000');
    const db = drizzle({ client: sqlite, schema });
    if (!options.readonly) migrate(db, { migrationsFolder: options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER });
    if (path !== ':memory:' && !options.readonly && !existsSync(keyIdPath(path))) {
      writeFileSync(keyIdPath(path), `${keyIdOf(key)}\n`, { mode: 0o600 });
    }
    const schemaVersion = (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    const cipher = String(sqlite.pragma('cipher', { simple: true }));
    const ping = sqlite.prepare('SELECT 1');
    return {
      db,
      sqlite,
      path,
      schemaVersion,
      cipher,
      ping: () => void ping.get(),
      sizeBytes: () => {
        const row = sqlite.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as {
          bytes: number;
        };
        return row.bytes;
      },
      close: () => sqlite.close(),
    };
  } catch (error) {
    sqlite.close();
    if (error instanceof WrongKeyError || error instanceof DamagedDatabaseError) throw error;
    if (isCorrupt(error)) throw new DamagedDatabaseError(path, error);
    throw error;
  }
}
