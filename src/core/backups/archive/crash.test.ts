import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../../db';
import { createBackup, deriveBackupKey, listBackupFiles, removeStalePartials, verifyBackup, type BackupKey } from './index';
import { logText, makeConsoleDatabase, randomContent, writeFiles } from './test-sources';

const tempDir = useTempDirs();
const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

type KillPoint = (phase: string, bytesDone: number) => boolean;

interface Sources {
  destination: string;
  folder: string;
  databasePath: string;
  databaseKey: Buffer;
  key: BackupKey;
}

/** Runs a backup in a child process and kills it with SIGKILL at the first report `killAt` picks. */
function backupThenKill(sources: Sources, killAt: KillPoint): Promise<{ killed: boolean; lastReport: string }> {
  const args = {
    destination: sources.destination,
    folder: sources.folder,
    databasePath: sources.databasePath,
    databaseKeyHex: sources.databaseKey.toString('hex'),
    keyHex: sources.key.key.toString('hex'),
    keyId: sources.key.keyId,
    kdf: sources.key.kdf,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastReport = '';
    let stderr = '';
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^progress (\w+) (\d+)$/.exec(line);
        if (!match) continue;
        lastReport = line;
        if (child.exitCode === null && !child.killed && killAt(match[1] ?? '', Number(match[2]))) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, lastReport });
      else if (code === 0) resolve({ killed: false, lastReport });
      else reject(new Error(`the backup child failed (${code}): ${stderr}`));
    });
  });
}

describe('kill -9 during a backup', () => {
  it('never leaves a backup that lists as complete, and never damages earlier ones', async () => {
    const root = tempDir();
    const destination = join(root, 'backups');
    mkdirSync(destination);
    const folder = join(root, 'recordings');
    writeFiles(folder, {
      'logs/site.log': logText(30_000_000),
      'video/a.mp4': randomContent(60_000_000),
      'video/b.mp4': randomContent(60_000_000),
    });
    const databasePath = join(root, 'watchroom.db');
    const databaseKey = randomBytes(32);
    makeConsoleDatabase(databasePath, databaseKey, 100_000);
    const key = await deriveBackupKey('kill it', { N: 2 ** 14 });
    const sources: Sources = { destination, folder, databasePath, databaseKey, key };

    const earlierFolder = join(root, 'small');
    writeFiles(earlierFolder, { 'note.txt': 'an earlier backup' });
    const earlier = await createBackup({
      destination,
      key,
      folders: [{ path: earlierFolder }],
      database: { path: databasePath, key: databaseKey },
    });
    const total = 150_000_000;
    const fraction = (from: number, to: number) => Math.floor(total * (from + Math.random() * (to - from)));
    const killPoints: { name: string; at: KillPoint }[] = [
      { name: 'while it takes the database snapshot', at: (phase) => phase === 'snapshot' },
      ...[fraction(0.02, 0.2), fraction(0.25, 0.45), fraction(0.5, 0.7), fraction(0.72, 0.9)].map((bytes) => ({
        name: `after ${bytes} bytes`,
        at: (phase: string, done: number) => phase === 'archiving' && done >= bytes,
      })),
      { name: 'while finishing (manifest, fsync, rename)', at: (phase) => phase === 'finishing' },
    ];

    let leftovers = 0;
    for (const point of killPoints) {
      const run = await backupThenKill(sources, point.at);
      expect(run.killed, `killed ${point.name} (last report: ${run.lastReport})`).toBe(true);
      const listed = await listBackupFiles(destination);
      expect(
        listed.map((b) => b.name),
        point.name,
      ).toEqual([earlier.name]);
      await verifyBackup({ file: earlier.file, key });
      leftovers += (await removeStalePartials(destination)).length;
      expect(readdirSync(destination), point.name).toEqual([earlier.name]);
    }

    // The kills did land mid-run: they left partial files behind (now cleaned).
    expect(leftovers).toBeGreaterThanOrEqual(killPoints.length);

    // The killed readers of the live database left it as it was.
    const live = openDatabase(databasePath, databaseKey, { readonly: true });
    expect(live.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((live.sqlite.prepare('SELECT count(*) AS n FROM probe_results').get() as { n: number }).n).toBe(100_000);
    live.close();

    // After all that, the next run completes and verifies.
    const next = await backupThenKill(sources, () => false);
    expect(next.killed).toBe(false);
    const listed = await listBackupFiles(destination);
    expect(listed).toHaveLength(2);
    for (const backup of listed) await verifyBackup({ file: backup.file, key });
  }, 180_000);
});
