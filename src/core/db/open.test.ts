import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, DamagedDatabaseError, openDatabase, openLocalCache, WrongKeyError } from './index';

const tempDir = useTempDirs();
const MARKER = 'PLAINTEXT-MARKER-7f3a9c';
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function makeDatabaseWithMarker(path: string, key: Buffer, keepOpen = false) {
  const store = openDatabase(path, key);
  const repos = createRepositories(store);
  // Enough rows to span many pages, so a damaged page in the middle is a realistic test.
  repos.transaction(() => {
    for (let i = 0; i < 400; i += 1) repos.settings.writeMany({ [`${MARKER}-${i}`]: `${MARKER} value ${i}` }, i);
  });
  if (!keepOpen) store.close();
  return store;
}

describe('the encrypted store', () => {
  it('writes no SQLite header and no plaintext to the database file or its WAL', () => {
    const dir = tempDir();
    const path = join(dir, 'watchroom.db');
    const store = makeDatabaseWithMarker(path, randomBytes(32), true);
    // While open, the recent writes live in the WAL: check it before the checkpoint at close.
    expect(existsSync(`${path}-wal`)).toBe(true);
    const wal = readFileSync(`${path}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    expect(wal.includes(Buffer.from(MARKER))).toBe(false);
    store.close();
    const file = readFileSync(path);
    expect(file.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(file.includes(Buffer.from(MARKER))).toBe(false);
    expect(file.includes(Buffer.from('CREATE TABLE'))).toBe(false);
  });

  it('tunes the connection: WAL, synchronous NORMAL, foreign keys, busy timeout', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.schemaVersion).toBeGreaterThanOrEqual(1);
    store.close();
  });

  it('keeps temporary tables and statement journals in memory, never in plaintext files', () => {
    const path = join(tempDir(), 'w.db');
    const key = randomBytes(32);
    makeDatabaseWithMarker(path, key);
    // 2 = MEMORY; SQLite's default (0) writes them to unencrypted files under the temp folder.
    for (const readonly of [false, true]) {
      const store = openDatabase(path, key, { readonly });
      expect(store.sqlite.pragma('temp_store', { simple: true })).toBe(2);
      store.close();
    }
  });

  it('reopens with the right key and finds its data', () => {
    const path = join(tempDir(), 'w.db');
    const key = randomBytes(32);
    makeDatabaseWithMarker(path, key);
    const store = openDatabase(path, key);
    expect(createRepositories(store).settings.readAll()[`${MARKER}-3`]).toBe(`${MARKER} value 3`);
    store.close();
  });

  it('refuses a wrong key with a plain message and leaves the file untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'w.db');
    makeDatabaseWithMarker(path, randomBytes(32));
    const before = sha256(path);
    const filesBefore = readdirSync(dir).sort();
    expect(() => openDatabase(path, randomBytes(32))).toThrow(WrongKeyError);
    expect(() => openDatabase(path, randomBytes(32))).toThrow('wrong key, or not a Watchroom database');
    expect(sha256(path)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
  });

  it('calls a plain SQLite file "not a Watchroom database"', () => {
    const path = join(tempDir(), 'plain.db');
    const plain = new Database(path);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    expect(() => openDatabase(path, randomBytes(32))).toThrow('wrong key, or not a Watchroom database');
  });

  it('reports a damaged file as damaged, not as a wrong key, when the key is the one it was made with', () => {
    const path = join(tempDir(), 'w.db');
    const key = randomBytes(32);
    makeDatabaseWithMarker(path, key);
    const bytes = readFileSync(path);
    bytes.fill(0x41, 200, 1200);
    writeFileSync(path, bytes);
    expect(() => openDatabase(path, key)).toThrow(DamagedDatabaseError);
    expect(() => openDatabase(path, key)).toThrow(/is damaged/);
  });

  it('sets a damaged local cache aside, keeps the old file, and starts a fresh one', () => {
    const dir = tempDir();
    const path = join(dir, 'watchroom.db');
    const key = randomBytes(32);
    makeDatabaseWithMarker(path, key);
    const bytes = readFileSync(path);
    bytes.fill(0x00, 0, 4096);
    writeFileSync(path, bytes);
    const damagedHash = sha256(path);

    const { opened, setAside } = openLocalCache(path, key, new Date('2026-11-23T08:00:00Z'));
    expect(setAside?.reason).toBe('damaged');
    expect(setAside?.movedTo).toMatch(/watchroom\.db\.set-aside-2026-11-23T08-00-00-000Z$/);
    expect(sha256(setAside?.movedTo ?? '')).toBe(damagedHash);
    expect(createRepositories(opened).settings.readAll()).toEqual({});
    opened.close();
  });

  it('does not set a local cache aside for a wrong key', () => {
    const path = join(tempDir(), 'watchroom.db');
    makeDatabaseWithMarker(path, randomBytes(32));
    expect(() => openLocalCache(path, randomBytes(32), new Date())).toThrow(WrongKeyError);
    expect(existsSync(path)).toBe(true);
  });

  it('sets the cache aside when the key store lost its key, and says why', () => {
    const path = join(tempDir(), 'watchroom.db');
    makeDatabaseWithMarker(path, randomBytes(32));
    const { opened, setAside } = openLocalCache(path, randomBytes(32), new Date(), { keyUnavailableReason: 'the OS keyring is locked' });
    expect(setAside).toMatchObject({ reason: 'key-unavailable', detail: 'the OS keyring is locked' });
    expect(existsSync(setAside?.movedTo ?? '')).toBe(true);
    opened.close();
  });
});
