import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, openDatabase } from '../db';
import { createAuditLog, deriveChainKey, type AnchorSet, type ChainAnchor } from './index';

const tempDir = useTempDirs();

const keys = new WeakMap<ReturnType<typeof openDatabase>, Buffer>();
const keyOf = (store: ReturnType<typeof openDatabase>) => keys.get(store)!;

function auditLogWithEntries(count: number) {
  const path = join(tempDir(), 'w.db');
  const key = randomBytes(32);
  const store = openDatabase(path, key);
  const clock = new FakeClock();
  keys.set(store, key);
  const audit = createAuditLog(createRepositories(store), clock, deriveChainKey(key));
  for (let i = 1; i <= count; i += 1) {
    clock.advance(1000);
    audit.append({
      actor: i % 2 ? 'alice' : 'bob',
      action: 'settings.set',
      target: `settings:item${i}`,
      before: { v: i - 1 },
      after: { v: i },
      result: 'ok',
    });
  }
  return { store, audit, path, key };
}

/** Tampers with the file the way an attacker with the key would: straight SQL, around the app. */
function tamper(store: ReturnType<typeof openDatabase>, sql: string, ...params: unknown[]) {
  store.sqlite.prepare(sql).run(...params);
}

describe('the hash-chained audit log', () => {
  it('verifies an untouched chain', async () => {
    const { audit } = auditLogWithEntries(25);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 25, problemCount: 0, problems: [], head: { seq: 25 } });
  });

  it('names exactly the entry whose stored row was edited', async () => {
    const { audit, store } = auditLogWithEntries(25);
    tamper(store, `UPDATE audit_log SET after_json = '{"v":999}' WHERE seq = 17`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      problemCount: 1,
      problems: [{ seq: 17, kind: 'changed', reason: expect.stringContaining('Entry 17 was changed after it was written') }],
    });
  });

  it('names the entry whose link was replaced', async () => {
    const { audit, store } = auditLogWithEntries(10);
    tamper(store, `UPDATE audit_log SET prev_hash = ? WHERE seq = 4`, 'f'.repeat(64));
    expect(await audit.verify()).toMatchObject({
      ok: false,
      problems: [
        { seq: 4, kind: 'unchained' },
        { seq: 4, kind: 'changed' },
      ],
    });
  });

  it('names a deleted entry as missing', async () => {
    const { audit, store } = auditLogWithEntries(10);
    tamper(store, `DELETE FROM audit_log WHERE seq = 6`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      problemCount: 1,
      problems: [{ seq: 6, kind: 'missing', reason: expect.stringContaining('Entry 6 is missing') }],
    });
  });

  it('verifies chains longer than one read page, a page at a time', async () => {
    const { audit, store } = auditLogWithEntries(4500);
    const repos = createRepositories(store);
    const pages: number[] = [];
    const storedPageFrom = repos.audit.storedPageFrom.bind(repos.audit);
    repos.audit.storedPageFrom = (afterSeq, limit) => {
      const page = storedPageFrom(afterSeq, limit);
      pages.push(page.length);
      return page;
    };
    const paged = createAuditLog(repos, new FakeClock(), deriveChainKey(keyOf(store)));
    expect(await paged.verify()).toMatchObject({ ok: true, checked: 4500 });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 4500 });
    expect(pages).toEqual([2000, 2000, 500]);
  });

  it('never stores secrets: passwords, tokens and keys are redacted at any depth', () => {
    const { audit, store } = auditLogWithEntries(0);
    audit.append({
      actor: 'alice',
      action: 'channels.set',
      target: 'channel:mail',
      after: { host: 'smtp.example', password: 'hunter2', nested: { apiKey: 'k-123', token: 'abc' } },
      result: 'ok',
    });
    const page = audit.list({ limit: 10 });
    expect(page.entries[0]?.after).toEqual({
      host: 'smtp.example',
      password: '[redacted]',
      nested: { apiKey: '[redacted]', token: '[redacted]' },
    });
    const raw = store.sqlite.prepare('SELECT after_json FROM audit_log').all();
    expect(JSON.stringify(raw)).not.toMatch(/hunter2|k-123|abc"/);
  });

  it('lists newest first with filters and pages', () => {
    const { audit } = auditLogWithEntries(30);
    const first = audit.list({ actor: 'alice', limit: 10 });
    expect(first.entries.map((e) => e.seq)).toEqual([29, 27, 25, 23, 21, 19, 17, 15, 13, 11]);
    const second = audit.list({ actor: 'alice', limit: 10, beforeSeq: first.nextBeforeSeq ?? 0 });
    expect(second.entries.map((e) => e.seq)).toEqual([9, 7, 5, 3, 1]);
    expect(second.nextBeforeSeq).toBeNull();
    const t0 = Date.UTC(2026, 10, 23, 8, 0, 0);
    expect(audit.list({ from: t0 + 5000, to: t0 + 7000, limit: 10 }).entries.map((e) => e.seq)).toEqual([7, 6, 5]);
    expect(audit.list({ target: 'settings:item3', limit: 10 }).entries.map((e) => e.seq)).toEqual([3]);
  });

  it('keeps the chain across a reopen', async () => {
    const { store, path, key } = auditLogWithEntries(5);
    store.close();
    const reopened = openDatabase(path, key);
    const audit = createAuditLog(createRepositories(reopened), new FakeClock(), deriveChainKey(key));
    audit.append({ actor: 'alice', action: 'x', target: 'y', result: 'ok' });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 6, problemCount: 0 });
    reopened.close();
  });
});

/** What the chain held before it was keyed: SHA-256 over the JSON of the values, which anyone can recompute. */
function plainSha256(row: Record<string, unknown>): string {
  const material = JSON.stringify([
    row.prev_hash,
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
  return createHash('sha256').update(material).digest('hex');
}

/** An attacker with the rows but not the key: edit one entry, then recompute every later link with plain SHA-256. */
function rechainWithoutKey(store: ReturnType<typeof openDatabase>, fromSeq: number, options: { markUnkeyed: boolean; toSeq?: number }) {
  const rows = store.sqlite
    .prepare('SELECT * FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq')
    .all(fromSeq, options.toSeq ?? Number.MAX_SAFE_INTEGER) as Record<string, unknown>[];
  let prev =
    (store.sqlite.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(fromSeq - 1) as { hash: string } | undefined)?.hash ??
    '0'.repeat(64);
  for (const row of rows) {
    const rewritten = { ...row, prev_hash: prev };
    const hash = plainSha256(rewritten);
    store.sqlite
      .prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, chain = ? WHERE seq = ?')
      .run(prev, hash, options.markUnkeyed ? 'sha256' : row.chain, row.seq);
    prev = hash;
  }
}

function logAnchor(seq: number, hash: string, at: number): ChainAnchor {
  return { seq, hash, at, source: 'log', where: '/data/watchroom.log' };
}

const anchorSet = (...anchors: ChainAnchor[]): AnchorSet => ({ anchors, resetAt: null, notes: [] });

describe('what the chain hashes: exactly the values SQLite stores and reads back', () => {
  it('keeps verifying after hostile values are appended straight to the log, not only through the contract', async () => {
    const { audit, store } = auditLogWithEntries(2);
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 9, 0, 0) + 0.5);
    const direct = createAuditLog(createRepositories(store), clock, deriveChainKey(keyOf(store)));
    const hostile = [
      { actor: '\ud800', action: 'monitors.delete', target: 'monitor:\udfff', before: { id: '\ud800x' }, detail: 'bad \udc00 tail' },
      { actor: 'nul\u0000inside', action: 'a\u0000b', target: '\u0000', after: { text: 'x\u0000y' } },
      { actor: 42 as never, action: -0 as never, target: 1e300 as never, before: { big: 2n ** 70n }, after: { zero: -0, huge: 2 ** 60 } },
      { actor: 'emoji 🚨', action: 'x', target: '😀'.repeat(3), before: '\ud83d', after: [undefined, () => 1] },
      { actor: 'empty', action: '', target: '', before: null, after: { toJSON: () => '\udbff' } },
    ];
    for (const entry of hostile) {
      direct.append({ result: 'ok', ...entry });
      clock.advance(0.25);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    direct.append({ actor: 'x', action: 'y', target: 'z', before: cyclic, result: 'error' });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 8, problemCount: 0 });
    // What was stored is what is shown: the replacement character, not a broken one.
    const entries = direct.list({ limit: 10 }).entries;
    expect(entries.find((e) => e.seq === 3)).toMatchObject({ actor: '\ufffd', target: 'monitor:\ufffd', detail: 'bad \ufffd tail' });
    // The driver binds a JavaScript number as a REAL: a text column keeps "42.0", and that is what is hashed.
    expect(entries.find((e) => e.seq === 5)).toMatchObject({ actor: '42.0', action: '0.0', after: { zero: 0, huge: 2 ** 60 } });
    expect(entries.find((e) => e.seq === 3)?.at).toBe(Date.UTC(2026, 10, 23, 9, 0, 0));
  });

  it('keeps verifying hostile names, seats and authorizers, and tells text moved between those columns', async () => {
    const { audit, store } = auditLogWithEntries(1);
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 9, 0, 0));
    const direct = createAuditLog(createRepositories(store), clock, deriveChainKey(keyOf(store)));
    const people = [
      { actorName: 'Ann\ud800', seat: 'Desk\u0000 2', authorizedBy: { id: '\udfff', displayName: 'Sam \u202eepuS' } },
      { actorName: 'Ann","seat":"Desk 9', seat: 'x', authorizedBy: null },
      { actorName: 'Ann', seat: '","seat":"Desk 9x', authorizedBy: { id: '', displayName: '' } },
      { actorName: 'null', seat: '', authorizedBy: { id: 'null', displayName: 'null' } },
      { actorName: '🚨'.repeat(500), seat: 'x'.repeat(10_000), authorizedBy: null },
    ];
    for (const person of people) direct.append({ actor: 'user-ann', action: 'alerts.claim', target: 'alert:1', result: 'ok', ...person });
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 6 });
    const entries = direct.list({ limit: 10 }).entries;
    expect(entries.find((e) => e.seq === 2)).toMatchObject({
      actorName: 'Ann\ufffd',
      seat: 'Desk\u0000 2',
      authorizedBy: { id: '\ufffd', displayName: 'Sam \u202eepuS' },
    });
    expect(entries.find((e) => e.seq === 5)).toMatchObject({
      actorName: 'null',
      seat: '',
      authorizedBy: { id: 'null', displayName: 'null' },
    });

    // The same characters split differently between name and seat, a NULL for the text "null", an authorizer removed: each is a change.
    tamper(store, `UPDATE audit_log SET actor_name = 'Ann', seat = '","seat":"Desk 9x' WHERE seq = 3`);
    tamper(store, `UPDATE audit_log SET seat = NULL WHERE seq = 5`);
    tamper(store, `UPDATE audit_log SET authorized_by_id = NULL, authorized_by_name = NULL WHERE seq = 2`);
    expect(await audit.verify()).toMatchObject({
      problems: [
        { seq: 2, kind: 'changed' },
        { seq: 3, kind: 'changed' },
        { seq: 5, kind: 'changed' },
      ],
    });
  });

  it('notices a change SQLite would round away in a JavaScript number: integers are hashed with every digit', async () => {
    const { audit, store } = auditLogWithEntries(3);
    store.sqlite.prepare('UPDATE audit_log SET at = ? WHERE seq = 2').run(2n ** 62n);
    const hashAfterFirst = (store.sqlite.prepare('SELECT at FROM audit_log WHERE seq = 2').safeIntegers(true).get() as { at: bigint }).at;
    expect(hashAfterFirst).toBe(2n ** 62n);
    expect(await audit.verify()).toMatchObject({ problems: [{ seq: 2, kind: 'changed' }] });
  });

  it('tells NULL from the text "null", and text from a blob of the same bytes', async () => {
    const { audit, store } = auditLogWithEntries(3);
    tamper(store, `UPDATE audit_log SET detail = 'null' WHERE seq = 1`);
    tamper(store, `UPDATE audit_log SET actor = CAST(actor AS BLOB) WHERE seq = 2`);
    expect(await audit.verify()).toMatchObject({
      problemCount: 2,
      problems: [
        { seq: 1, kind: 'changed' },
        { seq: 2, kind: 'changed' },
      ],
    });
  });
});

describe('verification reports every problem, not only the first', () => {
  it('counts every broken and missing entry and names the first twenty, so one false alarm hides nothing', async () => {
    const { audit, store } = auditLogWithEntries(100);
    tamper(store, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`);
    tamper(store, `DELETE FROM audit_log WHERE seq BETWEEN 10 AND 14`);
    tamper(store, `UPDATE audit_log SET after_json = '{}' WHERE seq BETWEEN 40 AND 69`);
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(95);
    expect(result.problemCount).toBe(1 + 5 + 30);
    expect(result.problems).toHaveLength(20);
    expect(result.problems.slice(0, 3)).toEqual([
      { seq: 3, kind: 'changed', reason: 'Entry 3 was changed after it was written (its hash does not match its content).' },
      { seq: 10, kind: 'missing', reason: 'Entries 10 to 14 are missing (5 entries): they were deleted.' },
      { seq: 40, kind: 'changed', reason: expect.stringContaining('Entry 40 was changed') },
    ]);
  });
});

describe('the keyed chain', () => {
  it('reports an edit hidden by recomputing every later hash with plain SHA-256', async () => {
    const { audit, store } = auditLogWithEntries(12);
    tamper(store, `UPDATE audit_log SET after_json = '{"v":0}' WHERE seq = 5`);
    rechainWithoutKey(store, 5, { markUnkeyed: false });
    expect(await audit.verify()).toMatchObject({
      ok: false,
      problemCount: 8,
      problems: expect.arrayContaining([{ seq: 5, kind: 'changed', reason: expect.any(String) }]),
    });
  });

  it('reports entries relabelled as unkeyed, and a chain rewritten unkeyed from the start', async () => {
    const { audit, store } = auditLogWithEntries(12);
    tamper(store, `UPDATE audit_log SET after_json = '{"v":0}' WHERE seq = 5`);
    rechainWithoutKey(store, 5, { markUnkeyed: true });
    expect(await audit.verify()).toMatchObject({
      ok: false,
      problemCount: 8,
      problems: expect.arrayContaining([{ seq: 5, kind: 'unkeyed', reason: expect.stringContaining('keyed since entry 1') }]),
    });

    rechainWithoutKey(store, 1, { markUnkeyed: true });
    expect(await audit.verify()).toMatchObject({
      ok: false,
      problemCount: 1,
      problems: [{ seq: 12, kind: 'unkeyed', reason: expect.stringContaining('No entry is keyed') }],
    });
  });

  it('does not verify under another database key: a copy of the rows cannot be re-chained', async () => {
    const { store } = auditLogWithEntries(5);
    const other = createAuditLog(createRepositories(store), new FakeClock(), deriveChainKey(randomBytes(32)));
    expect(await other.verify()).toMatchObject({ ok: false, problemCount: 5 });
  });

  it('seals a chain written before keying with one keyed entry, so its old entries cannot be rewritten unnoticed', async () => {
    const { audit, store } = auditLogWithEntries(6);
    // The database as an older version left it: plain SHA-256 entries only.
    rechainWithoutKey(store, 1, { markUnkeyed: true });
    audit.sealUnkeyedChain();
    audit.sealUnkeyedChain();
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true, checked: 7 });
    expect(audit.list({ limit: 1 }).entries[0]).toMatchObject({
      seq: 7,
      actor: 'system',
      action: 'audit.chain-keyed',
      after: { unkeyedEntries: 6, keyedFrom: 7 },
    });

    tamper(store, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`);
    rechainWithoutKey(store, 2, { markUnkeyed: true, toSeq: 6 });
    expect(await audit.verify()).toMatchObject({ ok: false, problemCount: 1, problems: [{ seq: 7, kind: 'unchained' }] });
  });
});

describe('a chain taken over after a restore from another console', () => {
  it('checks entries keyed elsewhere for links only, but never on the word of a forged takeover entry', async () => {
    const { store } = auditLogWithEntries(4);
    const here = createAuditLog(createRepositories(store), new FakeClock(), deriveChainKey(randomBytes(32)));
    here.adoptChainKeyedElsewhere('nightly.wrbk');
    expect(await here.verify()).toMatchObject({
      ok: true,
      checked: 5,
      notes: [expect.stringContaining('4 entries before entry 5 were keyed by the console')],
    });
    here.adoptChainKeyedElsewhere('nightly.wrbk');
    expect(await here.verify()).toMatchObject({ checked: 5 });

    // Someone without the key relabels the last real entry as a takeover, to have everything before it waved through.
    const { audit, store: other } = auditLogWithEntries(4);
    tamper(other, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`);
    tamper(other, `UPDATE audit_log SET action = 'audit.chain-adopted' WHERE seq = 4`);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      notes: [],
      problems: [
        { seq: 2, kind: 'changed' },
        { seq: 4, kind: 'changed' },
      ],
    });
  });
});

describe('anchors: the head recorded outside the rows', () => {
  it('reports the last 10 entries deleted, naming the anchor and where the database ends', async () => {
    const { audit, store } = auditLogWithEntries(30);
    const head = audit.head();
    tamper(store, `DELETE FROM audit_log WHERE seq > 20`);
    const result = await audit.verify(anchorSet(logAnchor(head.seq, head.hash, Date.UTC(2026, 10, 23, 9, 0, 0))));
    expect(result).toMatchObject({ ok: false, checked: 20, problemCount: 1, anchorsChecked: 1 });
    expect(result.problems[0]).toEqual({
      seq: 30,
      kind: 'anchor',
      reason: `The log at 2026-11-23T09:00:00Z recorded entry 30 with hash ${head.hash.slice(0, 16)}…; the database ends at entry 20: the entries after it were deleted.`,
    });
  });

  it('reports every row deleted', async () => {
    const { audit, store } = auditLogWithEntries(8);
    const head = audit.head();
    tamper(store, `DELETE FROM audit_log`);
    expect(await audit.verify(anchorSet(logAnchor(head.seq, head.hash, 0)))).toMatchObject({
      ok: false,
      checked: 0,
      head: null,
      problems: [{ seq: 8, kind: 'anchor', reason: expect.stringContaining('the database ends at entry 0') }],
    });
  });

  it('reports a chain replaced up to its head, even when every link verifies', async () => {
    const { audit, store } = auditLogWithEntries(8);
    const head = audit.head();
    tamper(store, `UPDATE audit_log SET after_json = '{"v":0}' WHERE seq = 3`);
    rechainWithoutKey(store, 1, { markUnkeyed: true });
    const result = await audit.verify(anchorSet(logAnchor(head.seq, head.hash, 0), logAnchor(head.seq, head.hash, 3_600_000)));
    expect(result.problems).toContainEqual({
      seq: 8,
      kind: 'anchor',
      reason: expect.stringMatching(/^The log at 1970-01-01T01:00:00Z recorded entry 8 .*the database's entry 8 has hash/),
    });
    // The same head logged twice is one anchor, one problem.
    expect(result.problems.filter((p) => p.kind === 'anchor')).toHaveLength(1);
  });

  it('accepts a chain that has grown past its anchor', async () => {
    const { audit } = auditLogWithEntries(5);
    const head = audit.head();
    audit.append({ actor: 'alice', action: 'x', target: 'y', result: 'ok' });
    expect(await audit.verify(anchorSet(logAnchor(head.seq, head.hash, 0), logAnchor(0, '0'.repeat(64), 0)))).toMatchObject({
      ok: true,
      checked: 6,
      anchorsChecked: 2,
    });
  });
});
