import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { AuditVerifyResult, type Envelope } from '../../shared/contract';
import { createRepositories } from '../db';
import { createLogger } from '../logging';
import { AUDIT_ARCHIVE_FOLDER, createAuditLog, deriveChainKey, type AuditRetention } from './index';

const tempDir = useTempDirs();
const DAY = 86_400_000;
const T0 = Date.UTC(2018, 2, 5, 9, 0, 0);
const EIGHT_YEARS_LATER = T0 + 8 * 365 * DAY;
/** Security events as the Security page reads them (core/people's list; audit sits below people). */
const SECURITY_ACTIONS = ['auth.signIn'];

/**
 * Eight years of audit log on a real encrypted database, with the log file (and its anchors) in the
 * data folder: entries written eight years ago, sign-ins 200 days ago, and settings changes now.
 */
async function eightYearsOfAudit() {
  const dataDir = tempDir();
  const call = async (harness: ReturnType<typeof startTestCore>, method: string, input?: unknown) => {
    const envelope: Envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value;
  };
  const atStart = (clock: FakeClock, key?: Buffer) => {
    const harness = startTestCore(dataDir, { sopFolder: null, logger: createLogger(dataDir, 'info'), clock, ...(key ? { key } : {}) });
    harness.core.start();
    return harness;
  };
  const old = atStart(new FakeClock(T0));
  for (let i = 0; i < 30; i += 1) await call(old, 'settings.set', { healthRefreshSeconds: i + 1 });
  old.core.close();

  const clock = new FakeClock(EIGHT_YEARS_LATER - 200 * DAY);
  const signIns = atStart(clock, old.key);
  const chainKey = deriveChainKey(old.key);
  const repos = createRepositories(signIns.core.store);
  const audit = createAuditLog(repos, clock, chainKey, join(dataDir, AUDIT_ARCHIVE_FOLDER));
  for (let i = 0; i < 5; i += 1)
    audit.append({ actor: 'u-1', actorName: 'Ana', seat: 'desk', action: 'auth.signIn', target: 'u-1', result: 'ok' });
  signIns.core.close();

  const now = new FakeClock(EIGHT_YEARS_LATER);
  const current = atStart(now, old.key);
  for (let i = 0; i < 3; i += 1) await call(current, 'settings.set', { healthRefreshSeconds: i + 40 });
  const currentRepos = createRepositories(current.core.store);
  const currentAudit = createAuditLog(currentRepos, now, chainKey, join(dataDir, AUDIT_ARCHIVE_FOLDER));
  const policy = (securityDays: number): AuditRetention => ({
    cutoff: now.now() - 2555 * DAY,
    securityActions: SECURITY_ACTIONS,
    securityCutoff: now.now() - securityDays * DAY,
  });
  // Parsed as the renderer parses it: what core answers must fit the contract.
  const verify = async () => AuditVerifyResult.parse(await call(current, 'audit.verify'));
  const archiveFolder = join(dataDir, AUDIT_ARCHIVE_FOLDER);
  const archives = () => (existsSync(archiveFolder) ? readdirSync(archiveFolder) : []);
  const entries = () => (current.core.store.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  const firstSeq = () => (current.core.store.sqlite.prepare('SELECT min(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
  return { dataDir, current, audit: currentAudit, policy, verify, archiveFolder, archives, entries, firstSeq };
}

describe('audit pruning into archives (issue 15)', () => {
  it('archives the stretch past retention before deleting it, and verification walks across the archive', async () => {
    const setup = await eightYearsOfAudit();
    const before = await setup.verify();
    expect(before.ok).toBe(true);
    const total = setup.entries();

    const planned = setup.audit.prunable(setup.policy(180));
    const pruned = setup.audit.prune(setup.policy(180));
    // The eight-year-old entries and the sign-ins older than 180 days go, from entry 1 on.
    expect(pruned).toEqual({ ...planned, archive: expect.stringMatching(/\.wra$/) });
    expect(pruned?.firstSeq).toBe(1);
    expect(setup.archives()).toEqual([pruned?.archive]);
    expect(setup.firstSeq()).toBe(pruned!.lastSeq + 1);
    const removed = pruned!.lastSeq - pruned!.firstSeq + 1;
    // One entry added: the prune's own, naming the archived range.
    expect(setup.entries()).toBe(total - removed + 1);
    const signInsLeft = setup.current.core.store.sqlite
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.signIn'")
      .get() as {
      n: number;
    };
    expect(signInsLeft.n).toBe(0);

    const after = await setup.verify();
    expect(after).toMatchObject({ ok: true, problemCount: 0, checked: total + 1 });
    // The log's anchors of eight years ago point into the archived stretch and are still compared.
    expect(after.anchorsChecked).toBeGreaterThan(0);
    // Nothing more to prune until time moves on.
    expect(setup.audit.prunable(setup.policy(180))).toBeNull();
    setup.current.core.close();
  });

  it('keeps security events younger than their 180 days, and everything after them', async () => {
    const setup = await eightYearsOfAudit();
    // With a 365-day security policy the sign-ins of 200 days ago are kept: the stretch stops before them.
    const firstSignIn = setup.current.core.store.sqlite
      .prepare("SELECT min(seq) AS seq FROM audit_log WHERE action = 'auth.signIn'")
      .get() as {
      seq: number;
    };
    const pruned = setup.audit.prune(setup.policy(365));
    expect(pruned).toMatchObject({ firstSeq: 1, lastSeq: firstSignIn.seq - 1 });
    const signIns = setup.current.core.store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.signIn'").get() as {
      n: number;
    };
    expect(signIns.n).toBe(5);
    expect((await setup.verify()).ok).toBe(true);
    setup.current.core.close();
  });

  it('names a tampered archive, never as an altered entry', async () => {
    const setup = await eightYearsOfAudit();
    const pruned = setup.audit.prune(setup.policy(180))!;
    const file = join(setup.archiveFolder, pruned.archive);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10]! ^= 0x01;
    writeFileSync(file, bytes);

    const result = await setup.verify();
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ seq: 1, kind: 'archive', reason: expect.stringContaining('failed authentication') });
    expect(result.problems[0]?.reason).toContain(`entries 1 to ${pruned.lastSeq}`);
    expect(result.problems.filter((problem) => problem.kind !== 'archive')).toEqual([]);
    setup.current.core.close();
  });

  it('names a missing archive, never as an altered or deleted entry', async () => {
    const setup = await eightYearsOfAudit();
    const pruned = setup.audit.prune(setup.policy(180))!;
    rmSync(join(setup.archiveFolder, pruned.archive));

    const result = await setup.verify();
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ seq: 1, kind: 'archive' });
    expect(result.problems[0]?.reason).toContain(`pruned into the archive ${pruned.archive}, which is missing`);
    // No entry is called altered, and the anchors into the archived stretch are not reported again.
    expect(result.problems.filter((problem) => problem.kind === 'changed' || problem.kind === 'unchained')).toEqual([]);
    setup.current.core.close();
  });

  it('leaves the rows when core dies between writing the archive and deleting, and the next prune writes it again', async () => {
    const setup = await eightYearsOfAudit();
    const total = setup.entries();
    const { sqlite } = setup.current.core.store;
    // The delete fails as a crash right after the archive's fsync would leave it: archive written, rows not deleted.
    sqlite.exec("CREATE TEMP TRIGGER killed BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'killed'); END");
    expect(() => setup.audit.prune(setup.policy(180))).toThrow('killed');
    expect(setup.entries()).toBe(total);
    expect(setup.firstSeq()).toBe(1);
    expect(setup.archives()).toHaveLength(1);
    expect((await setup.verify()).ok).toBe(true);

    sqlite.exec('DROP TRIGGER killed');
    const pruned = setup.audit.prune(setup.policy(180))!;
    expect(setup.archives()).toEqual([pruned.archive]);
    expect(await setup.verify()).toMatchObject({ ok: true, problemCount: 0 });
    setup.current.core.close();
  });
});
