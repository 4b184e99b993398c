import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { AuditExportFile, AuditVerifyResult, RetentionOverview, Settings as RetentionSettings, type Envelope } from '../../shared/contract';
import { createDataRetention } from './retention';
import { createRepositories } from '../db';
import { createSilentLogger } from '../logging';
import { AUDIT_ARCHIVE_FOLDER, createAuditLog, deriveChainKey } from '../audit';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

/**
 * A year of audit log on a real encrypted database: settings changes 400 days ago (kept: the log
 * keeps 2,555 days), three sign-ins 181 days ago (past the 180 days of security events), and
 * settings changes since: the sign-ins sit between entries that stay.
 */
async function signInsBetweenKeptEntries() {
  const dataDir = tempDir();
  const harness = startTestCore(dataDir, { sopFolder: null, clock: new FakeClock(NOW) });
  const call = async (method: string, input?: unknown) => {
    const envelope: Envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value;
  };
  const repos = createRepositories(harness.core.store);
  const archiveFolder = join(dataDir, AUDIT_ARCHIVE_FOLDER);
  // The past is written on a clock of its own: the core's timers stay at now.
  const past = new FakeClock(NOW - 400 * DAY);
  const pastAudit = createAuditLog(repos, past, deriveChainKey(harness.key), archiveFolder);
  const change = (value: number) =>
    pastAudit.append({
      actor: 'u-admin',
      actorName: 'Ada',
      seat: 'desk 1',
      action: 'settings.set',
      target: 'settings',
      after: { value },
      result: 'ok',
    });
  for (let i = 0; i < 3; i += 1) change(i);
  past.advance(219 * DAY);
  const signIns = [0, 1, 2].map(
    (i) =>
      pastAudit.append({ actor: `u-${i}`, actorName: 'Ana', seat: 'desk 3', action: 'auth.signIn', target: `u-${i}`, result: 'ok' }).seq,
  );
  past.advance(81 * DAY);
  change(20);
  await call('settings.set', { healthRefreshSeconds: 30 });
  const clock = new FakeClock(NOW);
  const audit = createAuditLog(repos, clock, deriveChainKey(harness.key), archiveFolder);
  const policySettings = RetentionSettings.parse(await call('settings.get'));
  const retention = createDataRetention({
    repos,
    settings: () => policySettings,
    clock,
    timers: clock,
    logger: createSilentLogger(),
    logFilePath: join(dataDir, 'watchroom.log'),
    audit,
    emit: () => undefined,
  });
  const sql = harness.core.store.sqlite;
  const count = (where: string) => (sql.prepare(`SELECT count(*) AS n FROM audit_log WHERE ${where}`).get() as { n: number }).n;
  const verify = async () => AuditVerifyResult.parse(await call('audit.verify'));
  const overview = async () =>
    new Map(RetentionOverview.parse(await call('retention.overview')).kinds.map((kind) => [kind.kind, kind.nextPruneRows]));
  return { harness, dataDir, archiveFolder, audit, retention, signIns, sql, count, verify, overview, call };
}

describe('security events past their retention behind kept entries (issue 15)', () => {
  it('prunes a sign-in 181 days old between kept entries into a tombstone, exactly as the dry run said, and the chain still verifies', async () => {
    const setup = await signInsBetweenKeptEntries();
    expect((await setup.verify()).ok).toBe(true);
    const exportedBefore = AuditExportFile.parse(await setup.call('audit.export', { from: 0, to: NOW, format: 'jsonl' }));
    const total = setup.count('1 = 1');
    const dryRun = await setup.overview();
    expect(dryRun.get('security-events')).toBe(3);
    // Nothing at the chain's start is past the log's 2,555 days: only the security events go.
    expect(dryRun.get('audit-log')).toBe(0);

    const pruned = setup.retention.pruneAudit(NOW);
    expect(pruned).toEqual({ removed: null, securityEvents: dryRun.get('security-events') });
    expect(setup.count("action = 'auth.signIn'")).toBe(0);
    // The rows stay as tombstones (the next entry still chains from them), plus the prune's own entry.
    expect(setup.count('1 = 1')).toBe(total + 1);
    const tombstones = setup.sql
      .prepare(
        "SELECT seq, actor, target, actor_name AS actorName, seat, before_json AS b, after_json AS a FROM audit_log WHERE chain = 'tombstone'",
      )
      .all();
    expect(tombstones).toEqual(setup.signIns.map((seq) => ({ seq, actor: '', target: '', actorName: null, seat: null, b: null, a: null })));
    // Their content is gone: not kept in an archive either.
    expect(existsSync(setup.archiveFolder) ? readdirSync(setup.archiveFolder) : []).toEqual([]);

    const verified = await setup.verify();
    expect(verified).toMatchObject({ ok: true, problemCount: 0, checked: total + 1 });
    expect(verified.notes).toContain(
      '3 security events were pruned past their retention: each keeps only its place in the chain (seq, time, hash) and a mark only this console can make.',
    );
    expect((await setup.overview()).get('security-events')).toBe(0);
    // A file exported before the prune still checks in the console: a tombstoned entry is matched by its keyed hash, not called different.
    expect(await setup.call('audit.checkExport', { fileName: 'before.jsonl', text: exportedBefore.text })).toMatchObject({
      ok: true,
      comparedWithConsole: exportedBefore.entries - 3,
    });
    expect(setup.retention.pruneAudit(NOW)).toEqual({ removed: null, securityEvents: 0 });
    setup.harness.core.close();
  });

  it('reports an entry blanked out by someone without the key, and content written into a tombstone, as altered', async () => {
    const setup = await signInsBetweenKeptEntries();
    setup.retention.pruneAudit(NOW);
    // A kept settings change blanked out to look like a pruned security event, with a mark made up.
    const victim = setup.signIns[0]! - 1;
    setup.sql
      .prepare(
        "UPDATE audit_log SET actor = '', action = 'audit.pruned-security-event', target = '', before_json = NULL, after_json = NULL, " +
          "detail = ?, chain = 'tombstone', actor_name = NULL, seat = NULL WHERE seq = ?",
      )
      .run('ab'.repeat(32), victim);
    // And a real tombstone given a seat again.
    setup.sql.prepare("UPDATE audit_log SET seat = 'desk 9' WHERE seq = ?").run(setup.signIns[1]);

    const result = await setup.verify();
    expect(result).toMatchObject({ ok: false, problemCount: 2 });
    expect(result.problems).toEqual([
      {
        seq: victim,
        kind: 'changed',
        reason: `Entry ${victim} was blanked out as a pruned security event, but its tombstone mark is not this console's: it was removed by someone without the key.`,
      },
      {
        seq: setup.signIns[1],
        kind: 'changed',
        reason: `Entry ${setup.signIns[1]} is a pruned security event that holds content again: it was written into it after it was pruned.`,
      },
    ]);
    setup.harness.core.close();
  });

  it('exports a period whose start was pruned into archives, tombstones included, and the standalone verifier passes it and names an edited row', async () => {
    const setup = await signInsBetweenKeptEntries();
    setup.retention.pruneAudit(NOW);
    // A log kept 300 days: the changes of 400 days ago and the tombstones after them leave the database for an archive.
    const pruned = setup.audit.prune({ cutoff: NOW - 300 * DAY, securityActions: ['auth.signIn'], securityCutoff: NOW - 180 * DAY });
    expect(pruned).toMatchObject({ firstSeq: 1, lastSeq: setup.signIns.at(-1) });
    expect(setup.count('seq <= 3')).toBe(0);
    expect((await setup.verify()).ok).toBe(true);

    const file = AuditExportFile.parse(await setup.call('audit.export', { from: 0, to: NOW, format: 'jsonl' }));
    expect(file).toMatchObject({ firstSeq: 1, entries: setup.count('1 = 1') + 3 + 3 - 1 });
    const dir = tempDir();
    const verifier = (text: string) => {
      const path = join(dir, 'export.jsonl');
      writeFileSync(path, text);
      const run = spawnSync('node_modules/.bin/tsx', ['scripts/audit-verify.ts', path], { encoding: 'utf8' });
      return { status: run.status, out: `${run.stdout}${run.stderr}` };
    };
    const intact = verifier(file.text);
    expect(intact.status).toBe(0);
    expect(intact.out).toContain(`entries 1 to ${file.lastSeq}`);
    expect(intact.out).toContain(
      `3 are pruned security events (past their retention, only seq, time and hashes kept): ${setup.signIns.join(', ')}.`,
    );

    // Entry 2 came back from the archive; edited in the file, it is named.
    const edited = file.text.replace('{\\"value\\":1}', '{\\"value\\":9}');
    expect(edited).not.toBe(file.text);
    const broken = verifier(edited);
    expect(broken.status).toBe(1);
    expect(broken.out).toContain('1 break; the first: Entry 2 (line 3) was changed');
    setup.harness.core.close();
  });
});
