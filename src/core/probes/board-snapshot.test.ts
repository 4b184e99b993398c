import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { BoardSnapshot } from '../../shared/contract';
import { firstInBoardOrder } from '../../shared/domain/board-order';
import { ownSitesOf } from '../../shared/domain/own-sites';
import { LOCAL_OPERATOR, type Actor } from '../service';

const tempDir = useTempDirs();

/** Two sites, listed Zeta before Alpha, with six manual monitors each (unknown until set by hand). */
async function fleet() {
  const clock = new FakeClock();
  const harness = startTestCore(tempDir(), { clock, runProbe: new FakeTargets(clock).runner });
  const sites = [
    { id: 'z', name: 'Zeta depot' },
    { id: 'a', name: 'Alpha depot' },
  ];
  const monitors = sites.flatMap((site) =>
    Array.from({ length: 6 }, (_, n) => ({
      id: `${site.id}${n + 1}`,
      siteId: site.id,
      name: `Camera ${n + 1}`,
      probe: { kind: 'manual' },
    })),
  );
  expect(
    await harness.call('config.import', { text: JSON.stringify({ format: 'watchroom-config', version: 1, sites, monitors }) }),
  ).toMatchObject({
    ok: true,
  });
  for (const [id, status] of [
    ['z2', 'down'],
    ['a5', 'down'],
    ['z1', 'degraded'],
  ] as const) {
    expect(await harness.call('monitors.setManualState', { id, status, note: 'camera test' })).toMatchObject({ ok: true });
  }
  const board = async (input?: unknown) => ((await harness.call('board.snapshot', input)) as { ok: true; value: BoardSnapshot }).value;
  const boardFor = async (actor: Actor, input?: unknown) =>
    ((await harness.core.dispatcher.call('board.snapshot', input, { actor })) as { ok: true; value: BoardSnapshot }).value;
  return { board, boardFor, call: harness.call, close: () => harness.core.close() };
}

describe('board.snapshot: the first screenful of the board, then the whole', () => {
  it('sends the first monitors in the board order, problems first, with every site counted over all monitors', async () => {
    const { board, close } = await fleet();
    const first = await board({ first: 5 });
    // Down, then degraded, then unknown; within a status by site name, then by name with numbers read as numbers.
    expect(first.monitors.map((m) => m.id)).toEqual(['a5', 'z2', 'z1', 'a1', 'a2']);
    expect(first.total).toBe(12);
    expect(first.sites.find((site) => site.id === 'z')).toMatchObject({ worst: 'down', counts: { down: 1, degraded: 1, unknown: 4 } });
    expect(first.sites.find((site) => site.id === 'a')).toMatchObject({ worst: 'down', counts: { down: 1, unknown: 5 } });
    close();
  });

  it("sends a person limited to some sites their own sites' monitors first, problems first within them", async () => {
    const { boardFor, close } = await fleet();
    const zetaOperator: Actor = { ...LOCAL_OPERATOR, id: 'u-zoe', displayName: 'Zoe', role: 'operator', access: 'signed-in', sites: ['z'] };
    const first = await boardFor(zetaOperator, { first: 5 });
    // Zeta's down and degraded cameras, then its others; Alpha's down camera waits behind them.
    expect(first.monitors.map((m) => m.id)).toEqual(['z2', 'z1', 'z3', 'z4', 'z5']);
    expect((await boardFor(zetaOperator, { first: 8 })).monitors.map((m) => m.id).slice(5)).toEqual(['z6', 'a5', 'a1']);
    close();
  });

  it('sends every monitor without `first`, or when `first` reaches them all', async () => {
    const { board, close } = await fleet();
    const whole = await board();
    expect(whole.monitors).toHaveLength(12);
    expect(whole.total).toBe(12);
    expect((await board({ first: 50 })).monitors).toHaveLength(12);
    close();
  });

  it('refuses a `first` that is not a positive count, or an unknown key', async () => {
    const { call, close } = await fleet();
    expect(await call('board.snapshot', { first: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('board.snapshot', { frist: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    close();
  });

  it('picks, orders and counts the first screenful as ordering the whole board does, on a varied fleet and for anyone', async () => {
    const clock = new FakeClock();
    const harness = startTestCore(tempDir(), { clock, runProbe: new FakeTargets(clock).runner });
    // Sites listed out of name order, two of them with the same name; monitor names repeated within
    // a site, differing only in case, or in numbers read as numbers.
    const sites = ['Harbour', 'alpha yard', 'Depot', 'Alpha Yard', 'north gate'].map((name, s) => ({ id: `s${s}`, name }));
    const names = ['Camera 2', 'Camera 10', 'camera 2', 'Door', 'door', 'Camera 02', 'Lift', 'Camera 2'];
    const monitors = Array.from({ length: 240 }, (_, m) => ({
      id: `m${(m * 37) % 240}`,
      siteId: `s${(m * 7) % sites.length}`,
      name: names[(m * 5) % names.length]!,
      probe: { kind: 'manual' },
    }));
    const imported = await harness.call('config.import', {
      text: JSON.stringify({ format: 'watchroom-config', version: 1, sites, monitors }),
    });
    expect(imported).toMatchObject({ ok: true });
    const statuses = ['down', 'up', 'degraded', 'up', 'up'] as const;
    for (let m = 0; m < 200; m += 3) {
      const set = await harness.call('monitors.setManualState', { id: `m${m}`, status: statuses[m % statuses.length], note: 'fleet' });
      expect(set).toMatchObject({ ok: true });
    }
    for (const id of ['m5', 'm6', 'm99']) expect(await harness.call('monitors.delete', { id })).toMatchObject({ ok: true });
    const limited: Actor = { ...LOCAL_OPERATOR, id: 'u-li', displayName: 'Li', role: 'operator', access: 'signed-in', sites: ['s3', 's1'] };
    const boardFor = async (actor: Actor, input?: unknown) =>
      ((await harness.core.dispatcher.call('board.snapshot', input, { actor })) as { ok: true; value: BoardSnapshot }).value;

    for (const actor of [LOCAL_OPERATOR, limited]) {
      const whole = await boardFor(actor);
      expect(whole.total).toBe(237);
      for (const first of [1, 9, 40, 100, 236, 237, 500]) {
        const screenful = await boardFor(actor, { first });
        const ordered = firstInBoardOrder(
          whole.monitors,
          (monitor) => ({ siteId: monitor.siteId, name: monitor.name, status: monitor.state.status }),
          whole.sites,
          first,
          ownSitesOf(actor.sites),
        );
        expect(screenful.monitors).toEqual(first >= whole.total ? whole.monitors : ordered);
        expect({ sites: screenful.sites, total: screenful.total }).toEqual({ sites: whole.sites, total: whole.total });
      }
    }
    harness.core.close();
  });
});
