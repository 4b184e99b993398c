import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase, WrongKeyError } from '../../db';
import {
  BackupDamagedError,
  createBackup,
  deriveBackupKey,
  listBackupFiles,
  openBackupKey,
  readBackupHeader,
  readBackupManifest,
  restoreBackup,
  restoreDatabase,
  verifyBackup,
  WrongPassphraseError,
  type BackupKey,
  type ManifestEntry,
} from './index';
import { logText, makeConsoleDatabase, randomContent, writeFiles } from './test-sources';

const tempDir = useTempDirs();
const PASSPHRASE = 'correct horse battery staple';
const CHUNK = 64 * 1024;
let key: BackupKey;

beforeAll(async () => {
  key = await deriveBackupKey(PASSPHRASE, { N: 2 ** 14 });
});

interface Fixture {
  destination: string;
  sources: string;
  databasePath: string;
  databaseKey: Buffer;
  file: string;
}

/** A console database, a folder of mixed files, and one backup of both with 64 KiB chunks. */
async function backupFixture(rows = 3000): Promise<Fixture> {
  const root = tempDir();
  const destination = join(root, 'backups');
  const sources = join(root, 'site-data');
  const databasePath = join(root, 'watchroom.db');
  const databaseKey = randomBytes(32);
  makeConsoleDatabase(databasePath, databaseKey, rows);
  writeFiles(sources, {
    'logs/probe.log': logText(300_000),
    'video/clip.mp4': randomContent(200_000),
    'config/site.json': JSON.stringify({ site: 'Harbour depot', cameras: 32 }),
    'empty.txt': '',
  });
  mkdirSync(destination);
  const result = await createBackup({
    destination,
    key,
    database: { path: databasePath, key: databaseKey },
    folders: [{ path: sources }],
    chunkSize: CHUNK,
    label: 'Harbour depot',
  });
  return { destination, sources, databasePath, databaseKey, file: result.file };
}

function flipByte(file: string, offset: number): void {
  const bytes = readFileSync(file);
  bytes[offset] = (bytes[offset] ?? 0) ^ 0x40;
  writeFileSync(file, bytes);
}

async function entry(file: string, path: string): Promise<ManifestEntry> {
  const found = (await readBackupManifest(file, key)).entries.find((e) => e.path === path);
  if (!found) throw new Error(`no ${path}`);
  return found;
}

describe('a backup of files and the database', () => {
  it('round-trips: verify, restore the files, restore the database under a new key', async () => {
    const fixture = await backupFixture();
    const listed = await listBackupFiles(fixture.destination);
    expect(listed.map((b) => b.file)).toEqual([fixture.file]);
    expect(listed[0]?.name).toMatch(/^harbour-depot-\d{8}T\d{6}Z-[0-9a-f]{8}\.wrbk$/);

    const verified = await verifyBackup({ file: fixture.file, key });
    expect(verified.entries).toBe(5);

    const manifest = await readBackupManifest(fixture.file, key);
    const database = manifest.entries.find((e) => e.kind === 'database');
    expect(database?.path).toBe('database/watchroom.db');
    expect(database && database.size / database.storedBytes).toBeGreaterThan(2);
    expect(manifest.keyId).toBe(key.keyId);

    const target = join(tempDir(), 'restored');
    const newKey = randomBytes(32);
    const restored = await restoreBackup({ file: fixture.file, key, target, databaseKey: newKey });
    expect(restored.entries).toHaveLength(5);
    for (const relative of ['logs/probe.log', 'video/clip.mp4', 'config/site.json', 'empty.txt']) {
      const original = join(fixture.sources, relative);
      const copy = join(target, 'site-data', relative);
      expect(readFileSync(copy).equals(readFileSync(original))).toBe(true);
      expect(Math.abs(statSync(copy).mtimeMs - statSync(original).mtimeMs)).toBeLessThan(1);
    }
    expect(readdirSync(target).sort()).toEqual(['database', 'site-data']);

    const reopened = openDatabase(join(target, 'database', 'watchroom.db'), newKey);
    expect((reopened.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get() as { n: number }).n).toBe(3000);
    reopened.close();

    const alone = join(tempDir(), 'alone.db');
    const result = await restoreDatabase({ file: fixture.file, key, target: alone, databaseKey: newKey });
    expect(result.integrity).toBe('ok');
    const store = openDatabase(alone, newKey);
    expect((store.sqlite.prepare('SELECT count(*) AS n FROM probe_results WHERE ok = 0').get() as { n: number }).n).toBe(273);
    expect(store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
    // The key of the live database is in neither the backup nor the restored file.
    expect(() => openDatabase(alone, fixture.databaseKey, { readonly: true })).toThrow(WrongKeyError);
  });

  it('restores the database only to a new file', async () => {
    const fixture = await backupFixture(100);
    const existing = join(tempDir(), 'watchroom.db');
    writeFileSync(existing, 'the current database');
    await expect(restoreDatabase({ file: fixture.file, key, target: existing, databaseKey: randomBytes(32) })).rejects.toThrow(
      /already exists/,
    );
    expect(readFileSync(existing, 'utf8')).toBe('the current database');
    expect(readdirSync(dirname(existing))).toEqual(['watchroom.db']);
  });

  it('restores only the chosen files', async () => {
    const fixture = await backupFixture(100);
    const target = join(tempDir(), 'some');
    await restoreBackup({ file: fixture.file, key, target, only: ['site-data/config/site.json', 'site-data/video/'] });
    expect(readFileSync(join(target, 'site-data', 'config', 'site.json'), 'utf8')).toContain('Harbour depot');
    expect(existsSync(join(target, 'site-data', 'video', 'clip.mp4'))).toBe(true);
    expect(existsSync(join(target, 'site-data', 'logs'))).toBe(false);
    await expect(restoreBackup({ file: fixture.file, key, target: join(tempDir(), 'none'), only: ['site-data/vid'] })).rejects.toThrow(
      /holds no "site-data\/vid"/,
    );
  });

  it('refuses to restore the database without a key for it, or into a folder that is not empty', async () => {
    const fixture = await backupFixture(100);
    const target = join(tempDir(), 'no-key');
    await expect(restoreBackup({ file: fixture.file, key, target })).rejects.toThrow(/give a 32-byte key/);
    expect(existsSync(target)).toBe(false);
    const busy = tempDir();
    writeFileSync(join(busy, 'precious.txt'), 'keep me');
    await expect(restoreBackup({ file: fixture.file, key, target: busy, only: ['site-data/empty.txt'] })).rejects.toThrow(/is not empty/);
    expect(readdirSync(busy)).toEqual(['precious.txt']);
  });
});

describe("files' modes and times", () => {
  it("records each file's mode and modification time and restores both", async () => {
    const root = tempDir();
    const sources = join(root, 'gate-scripts');
    writeFiles(sources, { 'open-gate.sh': '#!/bin/sh\necho open\n', 'secrets/panel.key': 'k', 'README.txt': 'read me' });
    const modes: Record<string, number> = { 'open-gate.sh': 0o755, 'secrets/panel.key': 0o600, 'README.txt': 0o444 };
    for (const [relative, mode] of Object.entries(modes)) {
      chmodSync(join(sources, relative), mode);
      utimesSync(join(sources, relative), 1_700_000_000.25, 1_700_000_000.25);
    }
    const destination = join(root, 'backups');
    mkdirSync(destination);
    const { file } = await createBackup({ destination, key, folders: [{ path: sources }], chunkSize: CHUNK, label: 'Gate' });
    expect((await entry(file, 'gate-scripts/open-gate.sh')).mode).toBe(0o755);

    const target = join(tempDir(), 'restored');
    await restoreBackup({ file, key, target });
    for (const [relative, mode] of Object.entries(modes)) {
      const restored = statSync(join(target, 'gate-scripts', relative));
      expect(restored.mode & 0o777).toBe(mode);
      expect(Math.abs(restored.mtimeMs - 1_700_000_000_250)).toBeLessThan(1);
    }
  });

  it('restores a backup made before modes were recorded, with the files private to the console user as before', async () => {
    const fixture = fileURLToPath(new URL('../../../../test/fixtures/backups/before-modes.wrbk', import.meta.url));
    const oldKey = await openBackupKey('made before modes were recorded', await readBackupHeader(fixture));
    const [script] = (await readBackupManifest(fixture, oldKey)).entries;
    expect(script).toMatchObject({ path: 'gate-scripts/open-gate.sh' });
    expect(script).not.toHaveProperty('mode');
    const target = join(tempDir(), 'restored');
    await restoreBackup({ file: fixture, key: oldKey, target });
    const restored = join(target, 'gate-scripts', 'open-gate.sh');
    expect(readFileSync(restored, 'utf8')).toBe('#!/bin/sh\necho open\n');
    expect(statSync(restored).mode & 0o777).toBe(0o600);
    expect(statSync(restored).mtimeMs).toBe(1_700_000_000_000);
  });
});

describe('chunk sizes', () => {
  it('round-trip with chunks larger than the read buffer', async () => {
    const root = tempDir();
    const folder = join(root, 'big');
    writeFiles(folder, { 'video.bin': randomContent(9 * 1024 * 1024), 'log.txt': logText(5 * 1024 * 1024) });
    const destination = join(root, 'backups');
    mkdirSync(destination);
    const { file } = await createBackup({ destination, key, folders: [{ path: folder }], chunkSize: 8 * 1024 * 1024 });
    expect((await verifyBackup({ file, key })).dataFrames).toBe(3);
    const target = join(root, 'restored');
    await restoreBackup({ file, key, target });
    expect(readFileSync(join(target, 'big', 'video.bin')).equals(readFileSync(join(folder, 'video.bin')))).toBe(true);
    await expect(createBackup({ destination, key, folders: [{ path: folder }], chunkSize: 100_000 })).rejects.toThrow(/power of two/);
  });
});

describe('without page-aligned memory', () => {
  it('restores every byte buffered when the system gives none (an address-space limit), instead of failing', async () => {
    const root = tempDir();
    const folder = join(root, 'big');
    // Large enough for a direct write, so the restore asks for aligned memory.
    writeFiles(folder, { 'video.bin': randomContent(9 * 1024 * 1024), 'log.txt': logText(100_000) });
    const destination = join(root, 'backups');
    mkdirSync(destination);
    const { file } = await createBackup({ destination, key, folders: [{ path: folder }], chunkSize: CHUNK });
    const { Memory } = WebAssembly;
    // What V8 throws when it cannot reserve a WebAssembly memory's address space (`ulimit -v`).
    WebAssembly.Memory = class {
      constructor() {
        throw new RangeError('WebAssembly.Memory(): could not allocate memory');
      }
    } as unknown as typeof WebAssembly.Memory;
    try {
      expect((await verifyBackup({ file, key })).dataFrames).toBeGreaterThan(0);
      const target = join(root, 'restored');
      await restoreBackup({ file, key, target });
      for (const name of ['video.bin', 'log.txt'])
        expect(readFileSync(join(target, 'big', name)).equals(readFileSync(join(folder, name)))).toBe(true);
    } finally {
      WebAssembly.Memory = Memory;
    }
  });
});

describe('the passphrase', () => {
  it('is refused when wrong, clearly and before anything is written', async () => {
    const fixture = await backupFixture(100);
    const info = await readBackupHeader(fixture.file);
    await expect(openBackupKey('wrong horse', info)).rejects.toThrow(`This passphrase does not open backup ${fixture.file}`);
    await expect(openBackupKey('wrong horse', info)).rejects.toBeInstanceOf(WrongPassphraseError);
    const opened = await openBackupKey(PASSPHRASE, info);
    expect(opened.keyId).toBe(key.keyId);

    const otherKey = await deriveBackupKey('wrong horse', { N: 2 ** 14 });
    const target = join(tempDir(), 'never');
    await expect(restoreBackup({ file: fixture.file, key: otherKey, target, databaseKey: randomBytes(32) })).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
    await expect(
      restoreDatabase({ file: fixture.file, key: otherKey, target: `${target}.db`, databaseKey: randomBytes(32) }),
    ).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dirname(target))).toEqual([]);
  });
});

describe('damage and tampering', () => {
  it('names the backup, the file and the frame of a flipped byte in a data frame', async () => {
    const fixture = await backupFixture();
    const log = await entry(fixture.file, 'site-data/logs/probe.log');
    expect(log.frameCount).toBeGreaterThan(2);
    // Somewhere inside the second frame of the log: past the first frame's bytes.
    const firstFrameBytes = readFileSync(fixture.file).readUInt32BE(log.offset) + 32;
    flipByte(fixture.file, log.offset + firstFrameBytes + 40);
    const failure = verifyBackup({ file: fixture.file, key });
    await expect(failure).rejects.toBeInstanceOf(BackupDamagedError);
    await expect(verifyBackup({ file: fixture.file, key })).rejects.toThrow(
      `Backup ${fixture.file} is damaged or was altered (file "site-data/logs/probe.log", frame ${log.firstFrame + 1})`,
    );
    const error = await verifyBackup({ file: fixture.file, key }).catch((e: unknown) => e);
    expect(error).toMatchObject({ details: { file: fixture.file, entryPath: 'site-data/logs/probe.log', frameIndex: log.firstFrame + 1 } });

    // A restore of that file fails the same way and leaves nothing behind.
    const target = join(tempDir(), 'bad');
    await expect(restoreBackup({ file: fixture.file, key, target, only: ['site-data/logs/probe.log'] })).rejects.toThrow(/frame/);
    expect(existsSync(target)).toBe(false);
    // The undamaged entries still restore.
    await restoreBackup({ file: fixture.file, key, target, only: ['site-data/config/site.json'] });
  });

  it('a damaged file fails a whole restore as damaged, not as cancelled, while the database restores beside it, and keeps nothing', async () => {
    // A database big enough to be mid-way when the file fails: the other lanes are stopped, not waited for.
    const fixture = await backupFixture(20_000);
    const log = await entry(fixture.file, 'site-data/logs/probe.log');
    flipByte(fixture.file, log.offset + 40);
    const target = join(tempDir(), 'restored');
    const error = await restoreBackup({ file: fixture.file, key, target, databaseKey: randomBytes(32) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupDamagedError);
    expect(error).toMatchObject({ details: { entryPath: 'site-data/logs/probe.log', frameIndex: log.firstFrame } });
    expect(existsSync(target)).toBe(false);

    // Into a folder that was there already: it is left as it was, empty.
    mkdirSync(target);
    await expect(restoreBackup({ file: fixture.file, key, target, databaseKey: randomBytes(32) })).rejects.toBeInstanceOf(
      BackupDamagedError,
    );
    expect(readdirSync(target)).toEqual([]);
  });

  it('restores every file of a folder where files that compress and files that do not alternate', async () => {
    const root = tempDir();
    const sources = join(root, 'mixed');
    const files: Record<string, string | Buffer> = {};
    for (let index = 0; index < 24; index += 1)
      files[`shots/${String(index).padStart(2, '0')}.${index % 2 === 0 ? 'log' : 'jpg'}`] =
        index % 2 === 0 ? logText(20_000 + index) : randomContent(20_000 + index);
    writeFiles(sources, files);
    const destination = join(root, 'backups');
    mkdirSync(destination);
    const { file } = await createBackup({ destination, key, folders: [{ path: sources }], chunkSize: CHUNK, label: 'mixed' });
    const target = join(root, 'restored');
    const restored = await restoreBackup({ file, key, target });
    expect(restored.entries.map((restoredEntry) => restoredEntry.path)).toEqual(Object.keys(files).map((path) => `mixed/${path}`));
    for (const path of Object.keys(files))
      expect(readFileSync(join(target, 'mixed', path)).equals(readFileSync(join(sources, path)))).toBe(true);
  });

  it('refuses a backup whose header was changed, by accident or on purpose', async () => {
    const fixture = await backupFixture(100);
    const info = await readBackupHeader(fixture.file);
    const headerStart = 12;
    flipByte(fixture.file, headerStart + 20);
    await expect(readBackupHeader(fixture.file)).rejects.toThrow(/header does not match its checksum/);
    await expect(verifyBackup({ file: fixture.file, key })).rejects.toBeInstanceOf(BackupDamagedError);

    // A forged header with a correct checksum (here: another creation date) fails authentication.
    const second = await backupFixture(100);
    const bytes = readFileSync(second.file);
    const jsonLength = bytes.readUInt32BE(8);
    const json = bytes.subarray(12, 12 + jsonLength).toString('utf8');
    const forged = json.replace(/"createdAt":"(\d{4})/, (_m, year: string) => `"createdAt":"${Number(year) - 1}`);
    expect(forged).not.toBe(json);
    const forgedJson = Buffer.from(forged);
    bytes.set(forgedJson, 12);
    bytes.set(createHash('sha256').update(forgedJson).digest(), 12 + jsonLength);
    writeFileSync(second.file, bytes);
    expect((await readBackupHeader(second.file)).header.createdAt).not.toBe(info.header.createdAt);
    await expect(verifyBackup({ file: second.file, key })).rejects.toThrow(/manifest or header failed authentication/);
  });

  it('says a backup from a newer Watchroom needs an update, rather than calling it damaged', async () => {
    const fixture = await backupFixture(100);
    const bytes = readFileSync(fixture.file);
    const jsonLength = bytes.readUInt32BE(8);
    const json = Buffer.from(
      bytes
        .subarray(12, 12 + jsonLength)
        .toString('utf8')
        .replace('"version":1', '"version":2'),
    );
    bytes.set(json, 12);
    bytes.set(createHash('sha256').update(json).digest(), 12 + jsonLength);
    writeFileSync(fixture.file, bytes);
    await expect(readBackupHeader(fixture.file)).rejects.toThrow(/format version 2; this Watchroom reads version 1\. Update Watchroom/);
  });

  it('refuses a backup whose manifest or trailer was changed', async () => {
    const fixture = await backupFixture(100);
    const size = statSync(fixture.file).size;
    flipByte(fixture.file, size - 24 - 30);
    await expect(verifyBackup({ file: fixture.file, key })).rejects.toThrow(/manifest or header failed authentication/);
    await expect(
      restoreBackup({ file: fixture.file, key, target: join(tempDir(), 'x'), databaseKey: randomBytes(32) }),
    ).rejects.toBeInstanceOf(BackupDamagedError);

    const second = await backupFixture(100);
    const secondSize = statSync(second.file).size;
    flipByte(second.file, secondSize - 3);
    await expect(verifyBackup({ file: second.file, key })).rejects.toBeInstanceOf(BackupDamagedError);
  });

  it('refuses a backup whose frames were swapped', async () => {
    const fixture = await backupFixture(100);
    const clip = await entry(fixture.file, 'site-data/video/clip.mp4');
    // Random bytes are stored uncompressed, so the clip's first two frames have the same length.
    const bytes = readFileSync(fixture.file);
    const frameBytes = bytes.readUInt32BE(clip.offset) + 32;
    expect(bytes.readUInt32BE(clip.offset + frameBytes) + 32).toBe(frameBytes);
    const first = Buffer.from(bytes.subarray(clip.offset, clip.offset + frameBytes));
    bytes.copy(bytes, clip.offset, clip.offset + frameBytes, clip.offset + 2 * frameBytes);
    first.copy(bytes, clip.offset + frameBytes);
    writeFileSync(fixture.file, bytes);
    await expect(verifyBackup({ file: fixture.file, key })).rejects.toThrow(`(file "site-data/video/clip.mp4", frame ${clip.firstFrame})`);
  });

  it('refuses a frame moved in from another backup made with the same key', async () => {
    const one = await backupFixture(100);
    const two = await backupFixture(100);
    const config = await entry(one.file, 'site-data/config/site.json');
    const otherConfig = await entry(two.file, 'site-data/config/site.json');
    expect(otherConfig.storedBytes).toBe(config.storedBytes);
    const target = readFileSync(one.file);
    readFileSync(two.file).copy(target, config.offset, otherConfig.offset, otherConfig.offset + otherConfig.storedBytes);
    writeFileSync(one.file, target);
    await expect(verifyBackup({ file: one.file, key })).rejects.toThrow(/file "site-data\/config\/site.json", frame/);
  });
});
