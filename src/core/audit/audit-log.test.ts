import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, openDatabase } from '../db';
import { createAuditLog } from './index';

const tempDir = useTempDirs();

function auditLogWithEntries(count: number) {
  const path = join(tempDir(), 'w.db');
  const key = randomBytes(32);
  const store = openDatabase(path, key);
  const clock = new FakeClock();
  const audit = createAuditLog(createRepositories(store), clock);
  for (let i = 1; i <= count; i += 1) {
    clock.advance(1000);
    audit.append({ actor: i % 2 ? 'alice' : 'bob', action: 'settings.set', target: `settings:item${i}`, before: { v: i - 1 }, after: { v: i }, result: 'ok' });
  }
  return { store, audit, path, key };
}

/** Tampers with the file the way an attacker with the key would: straight SQL, around the app. */
function tamper(store: ReturnType<typeof openDatabase>, sql: string, ...params: unknown[]) {
  store.sqlite.prepare(sql).run(...params);
}

describe('the hash-chained audit log', () => {
  it('verifies an untouched chain', () => {
    const { audit } = auditLogWithEntries(25);
    expect(audit.verify()).toEqual({ ok: true, checked: 25 });
  });

  it('names exactly the entry whose stored row was edited', () => {
    const { audit, store } = auditLogWithEntries(25);
    tamper(store, `UPDATE audit_log SET after_json = '{"v":999}' WHERE seq = 17`);
    expect(audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 17, reason: 'Entry 17 was changed after it was written' });
  });

  it('names the entry whose hash was recomputed to hide an edit, because the next one no longer chains', () => {
    const { audit, store } = auditLogWithEntries(10);
    tamper(store, `UPDATE audit_log SET prev_hash = ? WHERE seq = 4`, 'f'.repeat(64));
    expect(audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it('names a deleted entry as missing', () => {
    const { audit, store } = auditLogWithEntries(10);
    tamper(store, `DELETE FROM audit_log WHERE seq = 6`);
    expect(audit.verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: expect.stringContaining('missing') });
  });

  it('verifies chains longer than one read page', () => {
    const { audit } = auditLogWithEntries(4500);
    expect(audit.verify()).toEqual({ ok: true, checked: 4500 });
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
    expect(page.entries[0]?.after).toEqual({ host: 'smtp.example', password: '[redacted]', nested: { apiKey: '[redacted]', token: '[redacted]' } });
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

  it('keeps the chain across a reopen', () => {
    const { store, path, key } = auditLogWithEntries(5);
    store.close();
    const reopened = openDatabase(path, key);
    const audit = createAuditLog(createRepositories(reopened), new FakeClock());
    audit.append({ actor: 'alice', action: 'x', target: 'y', result: 'ok' });
    expect(audit.verify()).toEqual({ ok: true, checked: 6 });
    reopened.close();
  });
});
