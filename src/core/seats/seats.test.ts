import { describe, expect, it } from 'vitest';
import { startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { RegisteredSeat, Seat } from '../../shared/contract';

const tempDir = useTempDirs();

describe('seats: the consoles registered with a hub', () => {
  it('registers a seat with a credential shown once and kept only as a hash; the seat list shows it, never the credential', async () => {
    const hub = await startPeopleCore(tempDir());
    const registered = await hub.adminDesk.value<RegisteredSeat>('seats.register', { name: 'Desk 3' });
    expect(registered.credential.length).toBeGreaterThanOrEqual(40);
    expect(registered.seat).toMatchObject({ name: 'Desk 3', createdBy: 'Ada Admin', online: false, lastSeenAt: null, revokedAt: null });

    expect(hub.core.seats.authenticate(registered.seatId, registered.credential)).toEqual({
      ok: true,
      seat: { id: registered.seatId, name: 'Desk 3' },
    });
    expect(hub.core.seats.authenticate(registered.seatId, `${registered.credential}x`)).toMatchObject({ ok: false });
    expect(hub.core.seats.authenticate('no-such-seat', registered.credential)).toMatchObject({ ok: false });

    const stored = JSON.stringify(hub.core.store.sqlite.prepare('SELECT * FROM seats').all());
    const audit = JSON.stringify(await hub.audit());
    expect(stored).not.toContain(registered.credential);
    expect(audit).not.toContain(registered.credential);
    expect((await hub.audit()).find((entry) => entry.action === 'seats.register')).toMatchObject({
      target: `seat:${registered.seatId}`,
      after: { name: 'Desk 3' },
      actorName: 'Ada Admin',
    });
    expect(await hub.adminDesk.value<Seat[]>('seats.list')).toEqual([registered.seat]);
  });

  it('revokes a seat: its credential is refused from then on with a reason, and the name may be given to a new seat', async () => {
    const hub = await startPeopleCore(tempDir());
    const registered = await hub.adminDesk.value<RegisteredSeat>('seats.register', { name: 'Desk 3' });
    expect(await hub.adminDesk.call('seats.register', { name: 'desk 3' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    hub.clock.advance(60_000);
    const revoked = await hub.adminDesk.value<Seat>('seats.revoke', { seatId: registered.seatId });
    expect(revoked).toMatchObject({ revokedAt: hub.clock.now(), online: false });
    expect(hub.core.seats.authenticate(registered.seatId, registered.credential)).toEqual({
      ok: false,
      reason: 'The seat Desk 3 was revoked by an admin: it may no longer connect',
      refusal: 'revoked',
    });
    expect(hub.core.seats.isActive(registered.seatId)).toBe(false);
    expect(await hub.adminDesk.call('seats.revoke', { seatId: registered.seatId })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await hub.adminDesk.call('seats.register', { name: 'Desk 3' })).toMatchObject({ ok: true });
  });

  it('lets only an admin register, list or revoke seats', async () => {
    const hub = await startPeopleCore(tempDir());
    await hub.person('sam', 'supervisor', 'Sam Super');
    const desk = hub.seat('desk-2');
    await desk.signIn('sam', 'sam has a long passphrase');
    expect(await desk.call('seats.register', { name: 'Desk 3' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await desk.call('seats.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
