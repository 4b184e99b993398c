import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { startPeopleCore, TEST_PASSWORD_PARAMETERS } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AuditEntry, Site } from '../../shared/contract';
import { LOCAL_OPERATOR, type Actor, type ForwardedCommand } from './index';

const tempDir = useTempDirs();
type Core = ReturnType<typeof startTestCore>['core'];

/** The audit head, read inside the command's transaction: stands in for the change feed's head. */
function auditHead(core: Core): () => number {
  const statement = core.store.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck();
  return () => statement.get() as number;
}

function forwardedBy(core: Core, seatId: string, issuedAt: number, id = randomUUID()): ForwardedCommand {
  return { id, seatId, issuedAt, changeSeq: auditHead(core) };
}

async function sitesOf(core: Core): Promise<Site[]> {
  const envelope = await core.dispatcher.call('sites.list', undefined, { actor: LOCAL_OPERATOR });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as Site[];
}

async function auditOf(core: Core): Promise<AuditEntry[]> {
  const envelope = await core.dispatcher.call('audit.list', { limit: 500 }, { actor: LOCAL_OPERATOR });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.value as { entries: AuditEntry[] }).entries;
}

describe('forwarded commands (hub.command): applied exactly once per id', () => {
  it('applies a command once, and a resend of its id answers the first receipt without running it again', async () => {
    const hub = await startPeopleCore(tempDir());
    const actor = hub.adminDesk.actor();
    const forwarded = forwardedBy(hub.core, 'seat-1', hub.clock.now() - 60_000);
    const first = await hub.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, { actor, forwarded });
    hub.clock.advance(5_000);
    const again = await hub.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, { actor, forwarded });

    expect(first).toMatchObject({ kind: 'receipt', receipt: { id: forwarded.id, outcome: 'applied', value: { name: 'Depot' } } });
    expect(again).toEqual(first);
    expect((await sitesOf(hub.core)).map((site) => site.name)).toEqual(['Depot']);
    // The receipt's seq was read inside the command's transaction: it covers the command's own writes.
    const created = (await auditOf(hub.core)).filter((entry) => entry.action === 'sites.create');
    expect(created).toHaveLength(1);
    expect(first.kind === 'receipt' && first.receipt.outcome === 'applied' && first.receipt.seq).toBe(created[0]!.seq);
  });

  it('applies a command once when the same id arrives twice at the same moment', async () => {
    const hub = await startPeopleCore(tempDir());
    const actor = hub.adminDesk.actor();
    const forwarded = forwardedBy(hub.core, 'seat-1', hub.clock.now());
    const answers = await Promise.all([
      hub.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, { actor, forwarded }),
      hub.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, { actor, forwarded: { ...forwarded } }),
    ]);
    expect(answers[1]).toEqual(answers[0]);
    expect((await sitesOf(hub.core)).map((site) => site.name)).toEqual(['Depot']);
  });

  it('runs nothing when the receipt is already there as its transaction starts (another hub node answered it): the check is in the transaction', async () => {
    const hub = await startPeopleCore(tempDir());
    const ctx = { actor: hub.adminDesk.actor(), forwarded: forwardedBy(hub.core, 'seat-1', hub.clock.now()) };
    // Past callOnce's lookup and its in-process sharing: only the database stands between the two.
    const [first, second] = await Promise.all([
      hub.core.dispatcher.call('sites.create', { name: 'Depot' }, ctx),
      hub.core.dispatcher.call('sites.create', { name: 'Depot' }, ctx),
    ]);
    expect([first.ok, second.ok]).toEqual([true, false]);
    expect((await sitesOf(hub.core)).map((site) => site.name)).toEqual(['Depot']);
    expect(await hub.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, ctx)).toMatchObject({
      kind: 'receipt',
      receipt: { outcome: 'applied', value: { name: 'Depot' } },
    });
  });

  it('answers the stored receipt after the hub stopped between the commit and the answer (the answer was lost)', async () => {
    const dataDir = tempDir();
    const clock = new FakeClock();
    const first = startTestCore(dataDir, { clock, passwordParameters: TEST_PASSWORD_PARAMETERS, sopFolder: null });
    const forwarded = forwardedBy(first.core, 'seat-1', clock.now());
    const lost = await first.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, { actor: LOCAL_OPERATOR, forwarded });
    first.core.close();

    const restarted = startTestCore(dataDir, { clock, key: first.key, passwordParameters: TEST_PASSWORD_PARAMETERS, sopFolder: null });
    clock.advance(60_000);
    const resent = await restarted.core.dispatcher.callOnce(
      'sites.create',
      { name: 'Depot' },
      { actor: LOCAL_OPERATOR, forwarded: { ...forwarded, changeSeq: auditHead(restarted.core) } },
    );
    expect(resent).toEqual(lost);
    expect((await sitesOf(restarted.core)).map((site) => site.name)).toEqual(['Depot']);
    restarted.core.close();
  });

  it('keeps rejections as receipts: a resend gets the same refusal even after the reason for it is gone', async () => {
    const hub = await startPeopleCore(tempDir());
    const ops = hub.seat('desk-2');
    await hub.person('otto', 'operator', 'Otto Operator');
    await ops.signIn('otto', 'otto has a long passphrase');
    const forwarded = forwardedBy(hub.core, 'seat-2', hub.clock.now());
    const refused = await hub.core.dispatcher.callOnce('settings.set', { consoleName: 'Otto' }, { actor: ops.actor(), forwarded });
    expect(refused).toMatchObject({ kind: 'receipt', receipt: { outcome: 'rejected', error: { code: 'forbidden' } } });

    // Otto becomes an admin; the refused command stays refused (final, never retried).
    const otto = (await hub.adminDesk.value<{ id: string; username: string }[]>('users.list')).find((user) => user.username === 'otto')!;
    await hub.adminDesk.value('users.update', { id: otto.id, role: 'admin' });
    const resent = await hub.core.dispatcher.callOnce('settings.set', { consoleName: 'Otto' }, { actor: ops.actor(), forwarded });
    expect(resent).toEqual(refused);

    const invalid = forwardedBy(hub.core, 'seat-2', hub.clock.now());
    const badInput = await hub.core.dispatcher.callOnce('sites.create', { name: '' }, { actor: hub.adminDesk.actor(), forwarded: invalid });
    expect(badInput).toMatchObject({ kind: 'receipt', receipt: { outcome: 'rejected', error: { code: 'invalid_input' } } });
    expect(
      await hub.core.dispatcher.callOnce('sites.create', { name: 'Fixed' }, { actor: hub.adminDesk.actor(), forwarded: invalid }),
    ).toEqual(badInput);
    expect(await sitesOf(hub.core)).toEqual([]);
  });

  it('refuses a query sent as a command, and never answers one seat with the receipt of another seat’s command', async () => {
    const hub = await startPeopleCore(tempDir());
    const actor: Actor = hub.adminDesk.actor();
    const query = await hub.core.dispatcher.callOnce('sites.list', undefined, { actor, forwarded: forwardedBy(hub.core, 'seat-1', 0) });
    expect(query).toMatchObject({ kind: 'receipt', receipt: { outcome: 'rejected', error: { code: 'invalid_input' } } });

    const forwarded = forwardedBy(hub.core, 'seat-1', hub.clock.now());
    await hub.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, { actor, forwarded });
    const stolen = await hub.core.dispatcher.callOnce(
      'sites.create',
      { name: 'Other' },
      { actor, forwarded: { ...forwarded, seatId: 'seat-9' } },
    );
    expect(stolen).toMatchObject({ kind: 'receipt', receipt: { outcome: 'rejected', error: { code: 'conflict' } } });
    expect((await sitesOf(hub.core)).map((site) => site.name)).toEqual(['Depot']);
  });

  it('records in the audit log the seat, the person, when the command was issued and when the hub applied it, under the chain', async () => {
    const hub = await startPeopleCore(tempDir());
    const issuedAt = hub.clock.now() - 3 * 60_000;
    const forwarded = forwardedBy(hub.core, 'seat-1', issuedAt);
    await hub.core.dispatcher.callOnce('sites.create', { name: 'Depot' }, { actor: hub.adminDesk.actor(), forwarded });
    const entry = (await auditOf(hub.core)).find((candidate) => candidate.action === 'sites.create')!;
    expect(entry).toMatchObject({ actorName: 'Ada Admin', seat: 'admin-desk', issuedAt, at: hub.clock.now() });
    expect(await hub.core.dispatcher.call('audit.verify', {}, { actor: LOCAL_OPERATOR })).toMatchObject({ ok: true, value: { ok: true } });

    // The issue time is covered by the entry's hash: changed afterwards, the chain says so.
    hub.core.store.sqlite.prepare('UPDATE audit_log SET issued_at = issued_at - 1 WHERE seq = ?').run(entry.seq);
    expect(await hub.core.dispatcher.call('audit.verify', {}, { actor: LOCAL_OPERATOR })).toMatchObject({ ok: true, value: { ok: false } });
  });
});
