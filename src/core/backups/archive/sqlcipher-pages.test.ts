import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../../db';
import { checkDatabaseFile, openLiveDatabase } from './database-snapshot';
import { OperationCancelledError } from './errors';
import { PageError, SQLCIPHER_PAGE_SIZE, SqlcipherPageReader, SqlcipherPageWriter } from './sqlcipher-pages';
import { addProbeResults, makeConsoleDatabase } from './test-sources';

const tempDir = useTempDirs();
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** A console database, closed, so the file holds every page (its WAL is checkpointed away). */
function databaseFile(rows: number): { path: string; key: Buffer } {
  const path = join(tempDir(), 'live.db');
  const key = randomBytes(32);
  makeConsoleDatabase(path, key, rows);
  return { path, key };
}

describe('SQLCipher pages', () => {
  it('a held snapshot keeps the file unchanged while the console commits, and it stays encrypted', async () => {
    const { path, key } = databaseFile(500);
    const console = openDatabase(path, key);
    addProbeResults(console.sqlite, 100, 500);
    const live = openLiveDatabase(path, key);
    const held = await live.hold();
    const frozen = readFileSync(path);
    expect(frozen.length).toBe(held.pageCount * SQLCIPHER_PAGE_SIZE);
    expect(frozen.includes(SQLITE_HEADER)).toBe(false);
    for (let batch = 0; batch < 5; batch += 1) {
      addProbeResults(console.sqlite, 1000, 600 + batch * 1000);
      console.sqlite.pragma('wal_checkpoint(PASSIVE)');
    }
    expect(readFileSync(path).equals(frozen)).toBe(true);
    held.release();
    live.close();
    console.sqlite.pragma('wal_checkpoint(PASSIVE)');
    expect(readFileSync(path).equals(frozen)).toBe(false);
    console.close();
  });

  it('decrypt to the plain page image and encrypt again under another key, a chunk at a time', () => {
    const { path, key } = databaseFile(5000);
    const encrypted = readFileSync(path);
    const reader = new SqlcipherPageReader(key, encrypted.subarray(0, 16));
    const chunk = 16 * SQLCIPHER_PAGE_SIZE;
    const plain: Buffer[] = [];
    for (let offset = 0; offset < encrypted.length; offset += chunk)
      plain.push(reader.decrypt(encrypted.subarray(offset, offset + chunk), offset / SQLCIPHER_PAGE_SIZE + 1));
    const image = Buffer.concat(plain);
    expect(image.subarray(0, 16).equals(SQLITE_HEADER)).toBe(true);
    // Every page's reserve (IV and HMAC of the old key) is zeroed.
    for (let offset = 0; offset < image.length; offset += SQLCIPHER_PAGE_SIZE) {
      expect(image.subarray(offset + SQLCIPHER_PAGE_SIZE - 80, offset + SQLCIPHER_PAGE_SIZE).every((byte) => byte === 0)).toBe(true);
    }

    const newKey = randomBytes(32);
    const writer = new SqlcipherPageWriter(newKey);
    const restored = join(tempDir(), 'restored.db');
    const parts: Buffer[] = [];
    for (let offset = 0; offset < image.length; offset += chunk)
      parts.push(writer.encrypt(image.subarray(offset, offset + chunk), offset / SQLCIPHER_PAGE_SIZE + 1));
    writeFileSync(restored, Buffer.concat(parts));
    expect(readFileSync(restored).includes(SQLITE_HEADER)).toBe(false);
    const store = openDatabase(restored, newKey, { readonly: true });
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((store.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get() as { n: number }).n).toBe(5000);
    store.close();
  });

  it('name the page that fails its HMAC, and refuse a wrong key at page 1', () => {
    const { path, key } = databaseFile(2000);
    const encrypted = readFileSync(path);
    encrypted[3 * SQLCIPHER_PAGE_SIZE + 100] = (encrypted[3 * SQLCIPHER_PAGE_SIZE + 100] ?? 0) ^ 1;
    const reader = new SqlcipherPageReader(key, encrypted.subarray(0, 16));
    expect(() => reader.decrypt(encrypted.subarray(0, 8 * SQLCIPHER_PAGE_SIZE), 1)).toThrow(expect.objectContaining({ pageNumber: 4 }));
    const wrong = new SqlcipherPageReader(randomBytes(32), encrypted.subarray(0, 16));
    expect(() => wrong.decrypt(encrypted.subarray(0, SQLCIPHER_PAGE_SIZE), 1)).toThrow(PageError);
  });

  it('refuse an image that is not a SQLCipher-shaped database', () => {
    const writer = new SqlcipherPageWriter(randomBytes(32));
    const page = Buffer.alloc(SQLCIPHER_PAGE_SIZE);
    SQLITE_HEADER.copy(page);
    page.writeUInt16BE(4096, 16);
    page.writeUInt8(0, 20);
    expect(() => writer.encrypt(page, 1)).toThrow(/unsupported page layout/);
    expect(() => writer.encrypt(Buffer.alloc(100), 2)).toThrow(/whole number of pages/);
  });

  it('the check of a restored file passes it as written, and fails it read back changed, even on a page no table uses, or under another key', async () => {
    const { path, key } = databaseFile(3000);
    const bytes = readFileSync(path);
    const written = { bytes: bytes.length, crc32: crc32(bytes) };
    expect(await checkDatabaseFile(path, key, written, 64 * 1024, 'quick_check')).toEqual({ ok: true, check: 'quick_check' });
    expect(await checkDatabaseFile(path, randomBytes(32), written, 64 * 1024, 'quick_check')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not a database/),
    });
    const lastPage = bytes.length / SQLCIPHER_PAGE_SIZE;
    bytes[(lastPage - 1) * SQLCIPHER_PAGE_SIZE + 10] = (bytes[(lastPage - 1) * SQLCIPHER_PAGE_SIZE + 10] ?? 0) ^ 1;
    writeFileSync(path, bytes);
    expect(await checkDatabaseFile(path, key, written, 64 * 1024, 'quick_check')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/differs from what was written/),
      where: 'copy',
    });
    writeFileSync(path, bytes.subarray(0, bytes.length - SQLCIPHER_PAGE_SIZE));
    expect(await checkDatabaseFile(path, key, written, 64 * 1024, 'quick_check')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(new RegExp(`holds ${bytes.length - SQLCIPHER_PAGE_SIZE} bytes where ${bytes.length} were written`)),
      where: 'copy',
    });
  });

  it('the check of a restored file fails a page written with a wrong HMAC (a restore bug), as the console opening it would', async () => {
    const { path, key } = databaseFile(100);
    const bytes = readFileSync(path);
    // The last byte of page 1's HMAC: the page still decrypts, and the bytes are exactly what was written.
    bytes[SQLCIPHER_PAGE_SIZE - 1] = (bytes[SQLCIPHER_PAGE_SIZE - 1] ?? 0) ^ 1;
    writeFileSync(path, bytes);
    expect(await checkDatabaseFile(path, key, { bytes: bytes.length, crc32: crc32(bytes) }, 64 * 1024, 'quick_check')).toMatchObject({
      ok: false,
      where: 'content',
    });
  });

  it('the check of a restored file from a checked source fails a sample page keyed wrongly (a restore bug), though it reads back as written', async () => {
    const { path, key } = databaseFile(3000);
    const bytes = readFileSync(path);
    const pageCount = bytes.length / SQLCIPHER_PAGE_SIZE;
    expect(pageCount).toBeGreaterThan(65);
    expect(await checkDatabaseFile(path, key, { bytes: bytes.length, crc32: crc32(bytes) }, 64 * 1024, 'page sample')).toEqual({
      ok: true,
      check: 'page sample',
    });
    // Page 65 (a sampled one, no schema page) encrypted under another key.
    const offset = 64 * SQLCIPHER_PAGE_SIZE;
    const plain = new SqlcipherPageReader(key, bytes.subarray(0, 16)).decrypt(bytes.subarray(offset, offset + SQLCIPHER_PAGE_SIZE), 65);
    new SqlcipherPageWriter(randomBytes(32)).encrypt(plain, 65).copy(bytes, offset);
    writeFileSync(path, bytes);
    expect(await checkDatabaseFile(path, key, { bytes: bytes.length, crc32: crc32(bytes) }, 64 * 1024, 'page sample')).toEqual({
      ok: false,
      problem: 'page 65 fails its HMAC (wrong key, or the page is damaged)',
      // Written wrongly by this restore: neither the drive (it reads back as written) nor the backup is at fault.
      where: 'written',
    });
  });

  it('the check of a restored file stops at a cancel, between the chunks it reads back', async () => {
    const { path, key } = databaseFile(100);
    const bytes = readFileSync(path);
    const cancelled = AbortSignal.abort();
    await expect(
      checkDatabaseFile(path, key, { bytes: bytes.length, crc32: crc32(bytes) }, 64 * 1024, 'page sample', cancelled),
    ).rejects.toBeInstanceOf(OperationCancelledError);
  });

  it('the check fails an empty database entry, which SQLite alone would find fine', async () => {
    const { path, key } = databaseFile(10);
    writeFileSync(path, Buffer.alloc(0));
    expect(await checkDatabaseFile(path, key, { bytes: 0, crc32: 0 }, 64 * 1024, 'quick_check')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not a whole number of pages/),
      where: 'content',
    });
  });
});
