import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { FakeTargets } from '../../../test/support/fake-targets';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { BoardSnapshot } from '../../shared/contract';
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
});
