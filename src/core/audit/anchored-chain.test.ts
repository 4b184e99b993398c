import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { AuditVerifyResult, type BackupJob, type BackupsChanged, type Envelope } from '../../shared/contract';
import type { OpenedDatabase } from '../db';
import { createLogger, LOG_FILE_NAME } from '../logging';
import { ANCHOR_INTERVAL_MS, mergeAnchorSets, readLogAnchors, startAnchoring } from './index';

const tempDir = useTempDirs();
const HASH = /^[0-9a-f]{64}$/;

/** A core that logs to its data folder, as serve and the desktop app do, on a fake clock. */
function startLoggingCore(dataDir: string, options: { key?: Buffer; clock?: FakeClock } = {}) {
  const harness = startTestCore(dataDir, { sopFolder: null, logger: createLogger(dataDir, 'info'), ...options });
  harness.core.start();
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope: Envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  // Parsed as the renderer parses it: what core answers must fit the contract.
  const verify = async () => AuditVerifyResult.parse(await ok<unknown>('audit.verify'));
  const commands = async (count: number) => {
    for (let i = 0; i < count; i += 1) await ok('settings.set', { healthRefreshSeconds: (i % 50) + 1 });
  };
  return { ...harness, dataDir, ok, verify, commands };
}

function loggedAnchors(dataDir: string) {
  return readFileSync(join(dataDir, LOG_FILE_NAME), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { auditAnchor?: { seq: number; hash: string; at: number; reset?: boolean; mac: string } })
    .flatMap((line) => (line.auditAnchor ? [line.auditAnchor] : []));
}

/** Someone with the rows but not the chain key: rewrites every entry from `fromSeq` on with plain SHA-256. */
function rechainWithPlainSha256(store: OpenedDatabase, fromSeq: number) {
  const rows = store.sqlite.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(fromSeq) as Record<string, unknown>[];
  let prev =
    (store.sqlite.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(fromSeq - 1) as { hash: string } | undefined)?.hash ??
    '0'.repeat(64);
  for (const row of rows) {
    const material = JSON.stringify([
      prev,
      row.seq,
      row.at,
      row.actor,
      row.action,
      row.target,
      row.before_json,
      row.after_json,
      row.result,
      row.detail,
    ]);
    const hash = createHash('sha256').update(material).digest('hex');
    store.sqlite.prepare(`UPDATE audit_log SET prev_hash = ?, hash = ?, chain = 'sha256' WHERE seq = ?`).run(prev, hash, row.seq);
    prev = hash;
  }
}

describe('the anchored audit chain', () => {
  it('writes the head into the log at start, once an hour and at a clean stop', async () => {
    const dataDir = tempDir();
    const { core, clock, commands } = startLoggingCore(dataDir);
    expect(loggedAnchors(dataDir)).toEqual([{ seq: 0, hash: '0'.repeat(64), at: clock.now(), mac: expect.stringMatching(HASH) }]);
    await commands(3);
    clock.advance(ANCHOR_INTERVAL_MS - 1);
    expect(loggedAnchors(dataDir)).toHaveLength(1);
    clock.advance(1);
    await commands(2);
    clock.advance(ANCHOR_INTERVAL_MS);
    expect(loggedAnchors(dataDir).map((a) => a.seq)).toEqual([0, 3, 5]);
    expect(loggedAnchors(dataDir)[2]).toEqual({
      seq: 5,
      hash: expect.stringMatching(HASH),
      at: Date.UTC(2026, 10, 23, 10, 0, 0),
      mac: expect.stringMatching(HASH),
    });
    await commands(1);
    core.close();
    // A clean stop anchors what came since the last hour.
    expect(loggedAnchors(dataDir).map((a) => a.seq)).toEqual([0, 3, 5, 6]);
  });

  it('reports the last 10 entries deleted, with the log anchor that shows it', async () => {
    const { core, clock, commands, verify } = startLoggingCore(tempDir());
    await commands(30);
    clock.advance(ANCHOR_INTERVAL_MS);
    expect(await verify()).toMatchObject({
      ok: true,
      checked: 30,
      anchorsChecked: 2,
      newestAnchor: { source: 'log', seq: 30, at: Date.UTC(2026, 10, 23, 9, 0, 0) },
    });
    const hash30 = (core.store.sqlite.prepare('SELECT hash FROM audit_log WHERE seq = 30').get() as { hash: string }).hash;
    core.store.sqlite.prepare('DELETE FROM audit_log WHERE seq > 20').run();
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 20,
      problemCount: 1,
      problems: [
        {
          seq: 30,
          kind: 'anchor',
          reason: `The log at 2026-11-23T09:00:00Z recorded entry 30 with hash ${hash30.slice(0, 16)}…; the database ends at entry 20: the entries after it were deleted.`,
        },
      ],
    });
    core.close();
  });

  it('still reports the truncation after a restart, although the new start logs the shorter head', async () => {
    const dataDir = tempDir();
    const first = startLoggingCore(dataDir);
    await first.commands(30);
    first.clock.advance(ANCHOR_INTERVAL_MS);
    first.core.store.sqlite.prepare('DELETE FROM audit_log WHERE seq > 20').run();
    first.core.close();
    const second = startLoggingCore(dataDir, { key: first.key, clock: first.clock });
    await second.commands(3);
    const result = await second.verify();
    expect(result).toMatchObject({
      ok: false,
      problemCount: 1,
      problems: [{ seq: 30, kind: 'anchor', reason: expect.stringContaining('the database ends at entry 23') }],
    });
    second.core.close();
  });

  it('reports every row deleted', async () => {
    const { core, clock, commands, verify } = startLoggingCore(tempDir());
    await commands(12);
    clock.advance(ANCHOR_INTERVAL_MS);
    core.store.sqlite.prepare('DELETE FROM audit_log').run();
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 0,
      head: null,
      problems: [{ seq: 12, kind: 'anchor', reason: expect.stringContaining('the database ends at entry 0') }],
    });
    core.close();
  });

  it('reports an edited entry whose later hashes were all recomputed with plain SHA-256', async () => {
    const { core, clock, commands, verify } = startLoggingCore(tempDir());
    await commands(12);
    clock.advance(ANCHOR_INTERVAL_MS);
    core.store.sqlite.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 4`).run();
    rechainWithPlainSha256(core.store, 1);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { seq: 12, kind: 'unkeyed', reason: expect.stringContaining('No entry is keyed') },
        {
          seq: 12,
          kind: 'anchor',
          reason: expect.stringMatching(
            /^The log at 2026-11-23T09:00:00Z recorded entry 12 with hash [0-9a-f]{16}…; the database's entry 12 has hash/,
          ),
        },
      ]),
    );
    core.close();
  });

  it('writes the head into every backup manifest and compares with the newest backup of each job', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0));
    // The silent logger: the backup is the only anchor.
    const harness = startTestCore(tempDir(), { clock, sopFolder: null });
    harness.core.start();
    const ok = async <T>(method: string, input?: unknown): Promise<T> => {
      const envelope = await harness.call(method, input);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value as T;
    };
    const ended = new Promise<NonNullable<BackupsChanged['ended']>>((resolve) =>
      harness.core.dispatcher.subscribe((message) => {
        if (message.event === 'backups.changed' && message.payload.ended) resolve(message.payload.ended);
      }),
    );
    const source = join(tempDir(), 'site-notes');
    mkdirSync(source);
    writeFileSync(join(source, 'gate.txt'), 'gate opened 21:40\n');
    const destination = tempDir();
    for (let i = 0; i < 4; i += 1) await ok('settings.set', { healthRefreshSeconds: i + 1 });
    const job = await ok<BackupJob>('backups.createJob', {
      name: 'Nightly',
      sources: [{ kind: 'folder', path: source }],
      destination,
      schedule: '0 2 * * *',
      passphrase: 'correct horse battery staple',
    });
    await ok('backups.runNow', { jobId: job.id });
    expect(await ended).toMatchObject({ ok: true });
    // The head when the backup ran: the job's creation and the run, entries 5 and 6.
    expect(await ok<AuditVerifyResult>('audit.verify')).toMatchObject({
      ok: true,
      newestAnchor: { source: 'backup', seq: 6, where: expect.stringContaining(destination) },
    });

    harness.core.store.sqlite.prepare('DELETE FROM audit_log WHERE seq > 3').run();
    expect(AuditVerifyResult.parse(await ok('audit.verify'))).toMatchObject({
      ok: false,
      problems: [
        {
          seq: 6,
          kind: 'anchor',
          reason: expect.stringMatching(
            /^The backup .*\.wrbk \(made 2026-11-23T01:00:00Z\) recorded entry 6 with hash .*; the database ends at entry 3/,
          ),
        },
      ],
    });

    // A destination that is not there is said, not silently skipped.
    rmSync(destination, { recursive: true });
    expect(await ok<AuditVerifyResult>('audit.verify')).toMatchObject({
      anchorsChecked: 0,
      notes: [expect.stringContaining(`The backups of "Nightly" in ${destination} could not be read`)],
    });
    harness.core.close();
  });
});

describe('reading anchors', () => {
  it('compares nothing from before a restored database started (its chain went back on purpose), unless that line is forged', async () => {
    const dataDir = tempDir();
    const log = join(dataDir, LOG_FILE_NAME);
    const chainKey = randomBytes(32);
    const clock = new FakeClock(2000);
    const line = (anchor: object) =>
      appendFileSync(log, `${JSON.stringify({ level: 30, msg: 'audit chain head', auditAnchor: anchor })}\n`);
    line({ seq: 40, hash: 'a'.repeat(64), at: 1000 });
    appendFileSync(log, '{"level":30,"msg":"something else"}\nnot json at all\n');
    // What core writes when it starts on a restored database.
    startAnchoring({
      head: () => ({ seq: 12, hash: 'b'.repeat(64) }),
      chainKey,
      logger: createLogger(dataDir, 'warn'),
      clock,
      timers: clock,
      reset: true,
    });
    line({ seq: 15, hash: 'c'.repeat(64), at: 3000 });
    line({ seq: 'forged', hash: 'd', at: 4000 });
    // Someone without the key adds a reset of their own to retire the anchors before it.
    line({ seq: 3, hash: 'e'.repeat(64), at: 3500, reset: true, mac: 'f'.repeat(64) });

    const fromLog = await readLogAnchors(log, chainKey);
    expect(fromLog).toEqual({
      anchors: [
        { seq: 12, hash: 'b'.repeat(64), at: 2000, source: 'log', where: log },
        { seq: 15, hash: 'c'.repeat(64), at: 3000, source: 'log', where: log },
        { seq: 3, hash: 'e'.repeat(64), at: 3500, source: 'log', where: log },
      ],
      resetAt: 2000,
      notes: [
        expect.stringMatching(
          /^The log says core started on a restored database at 1970-01-01T00:00:03.500Z, but that line was not written with this console's key/,
        ),
      ],
    });
    const olderBackup = { seq: 40, hash: 'a'.repeat(64), at: 1500, source: 'backup' as const, where: '/backups/old.wrbk' };
    const newerBackup = { ...olderBackup, seq: 16, at: 2500, where: '/backups/new.wrbk' };
    expect(mergeAnchorSets(fromLog, { anchors: [olderBackup, newerBackup], resetAt: null, notes: [] }).anchors.map((a) => a.where)).toEqual(
      [log, log, log, '/backups/new.wrbk'],
    );
    // Under another key even the genuine reset does not count.
    expect((await readLogAnchors(log, randomBytes(32))).resetAt).toBeNull();
    expect(await readLogAnchors(join(tempDir(), 'no-such.log'), chainKey)).toEqual({ anchors: [], resetAt: null, notes: [] });
  });
});

describe('a database restored from another console', () => {
  it('is taken over with one entry keyed here; earlier entries are checked for order and links, and later ones fully', async () => {
    // Console A writes entries under its own key.
    const first = startLoggingCore(tempDir());
    await first.commands(5);
    const { sqlite } = first.core.store;
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('journal_mode = DELETE');
    // What a restore on console B leaves for the next start: A's database, encrypted with B's key.
    const keyB = randomBytes(32);
    sqlite.pragma(`rekey="x'${keyB.toString('hex')}'"`);
    first.core.close();
    const dataDirB = tempDir();
    copyFileSync(join(first.dataDir, 'watchroom.db'), join(dataDirB, 'watchroom.db.restored'));
    writeFileSync(join(dataDirB, 'watchroom.db.restore-pending'), JSON.stringify({ from: 'nightly-20261123T010000Z-ab12cd34.wrbk' }));

    const second = startLoggingCore(dataDirB, { key: keyB });
    await second.commands(2);
    const result = await second.verify();
    expect(result).toMatchObject({
      ok: true,
      checked: 8,
      notes: [expect.stringContaining('5 entries before entry 6 were keyed by the console this database was restored from')],
    });
    expect(await second.ok('audit.list', { action: 'audit.chain-adopted' })).toMatchObject({
      entries: [{ seq: 6, after: { restoredFrom: 'nightly-20261123T010000Z-ab12cd34.wrbk', keyedElsewhereUpTo: 5, keyedHereFrom: 6 } }],
    });
    const store = second.core.store.sqlite;
    store.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    store.prepare(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 7`).run();
    expect(await second.verify()).toMatchObject({
      ok: false,
      problems: [
        { seq: 2, kind: 'missing' },
        { seq: 7, kind: 'changed' },
      ],
    });
    second.core.close();
  });
});
