// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { firstScreenKey, FIRST_BOARD_SCREENFUL } from '../../shared/domain/first-screen';
import { EARLY_PAINT_ATTRIBUTE } from './early-console-shell';
import { buildBoardPaint } from './first-paint';

const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);
const counts = (up: number, down = 0) => ({ up, degraded: 0, down, unknown: 0, paused: 0, maintenance: 0 });

function monitor(id: string, siteId: string, name: string, status: 'up' | 'down', note: string | null = null) {
  return {
    id,
    siteId,
    name,
    kind: 'manual',
    tags: ['video'],
    parentId: null,
    target: 'set by hand',
    state: {
      monitorId: id,
      status,
      verdict: status,
      cause: { kind: 'own' },
      health: 'ok',
      since: NOW - 90_000,
      lastCheckAt: NOW - 5_000,
      lastLatencyMs: null,
      lastError: null,
      certExpiresAt: null,
      flapping: false,
      manualNote: note,
    },
  };
}

const BOARD = {
  at: NOW,
  total: 250,
  sites: [
    { id: 'north', name: 'North depot', address: null, tags: [], maintenance: false, worst: 'up', counts: counts(120) },
    { id: 'south', name: 'South depot', address: null, tags: [], maintenance: false, worst: 'down', counts: counts(129, 1) },
  ],
  monitors: [
    monitor('n1', 'north', 'Gate 1', 'up'),
    monitor('n2', 'north', 'Gate 2', 'up'),
    monitor('s1', 'south', 'Dock 1', 'up'),
    monitor('s2', 'south', 'Dock 2', 'down', 'cable cut'),
  ],
};

function signedIn(changes: { sites?: string[] | null; kind?: 'person' | 'device'; mustEnrolTwoFactor?: boolean } = {}) {
  return {
    state: 'signed-in',
    user: { id: 'u1', username: 'ann', displayName: 'Ann Example', role: 'operator', sites: changes.sites ?? null, totpEnabled: false },
    session: { id: 's1', kind: changes.kind ?? 'person', seat: 'Desk 1' },
    idleLockMinutes: 15,
    mustEnrolTwoFactor: changes.mustEnrolTwoFactor ?? false,
  };
}

function answers(seat: unknown, board: unknown = BOARD): Map<string, unknown> {
  const map = new Map<string, unknown>([[firstScreenKey('auth.state', undefined), { ok: true, value: seat }]]);
  if (board !== null) map.set(firstScreenKey('board.snapshot', { first: FIRST_BOARD_SCREENFUL }), board);
  return map;
}

const paint = (given: Map<string, unknown>) => buildBoardPaint(given, NOW, 16, 800);

describe('the board painted before the console code runs', () => {
  it('paints the first screenful as the board shows it: problems first, at the grid row positions, taking no clicks', () => {
    const painted = paint(answers(signedIn(), { ok: true, value: BOARD }));
    expect(painted).not.toBeNull();
    const shell = painted?.shell as HTMLElement;
    expect(shell.hasAttribute(EARLY_PAINT_ATTRIBUTE)).toBe(true);
    expect(shell.hasAttribute('inert')).toBe(true);
    const rows = [...shell.querySelectorAll<HTMLElement>('[data-testid="monitor-row"]')];
    expect(rows.map((row) => row.dataset.monitorId)).toEqual(['s2', 'n1', 'n2', 's1']);
    expect(rows[0]?.textContent).toContain('note: cable cut');
    expect(rows[0]?.textContent).toContain('for 1 min');
    expect((rows[1]?.parentElement as HTMLElement).style.transform).toBe('translateY(92px)');
    // The sites by worst status, and the counts core made over every monitor, not the first screenful.
    expect([...shell.querySelectorAll<HTMLElement>('[data-testid="site-tile"]')].map((tile) => tile.dataset.siteId)).toEqual([
      'south',
      'north',
    ]);
    expect(shell.querySelector('[data-testid="board-count"]')?.textContent).toContain(
      'Showing the first 4 of 250 monitors; reading the rest…',
    );
    expect(shell.querySelector('[data-testid="account-name"]')?.textContent).toBe('Ann Example');
    expect(shell.querySelector('[data-testid="nav-board"]')?.getAttribute('aria-current')).toBe('page');
  });

  it.each([
    ['signed out', { state: 'signed-out' }],
    ['a locked seat', { ...signedIn(), state: 'locked' }],
    ['a person who must enrol two-factor first', signedIn({ mustEnrolTwoFactor: true })],
    ['a paired wall display', signedIn({ kind: 'device' })],
    ['a person limited to some sites (their own come first)', signedIn({ sites: ['north'] })],
  ])('leaves %s to the console', (_, seat) => {
    expect(paint(answers(seat, { ok: true, value: BOARD }))).toBeNull();
  });

  it('leaves an empty board, a refused board read and a page other than the board to the console', () => {
    expect(paint(answers(signedIn(), { ok: true, value: { ...BOARD, total: 0, monitors: [] } }))).toBeNull();
    expect(paint(answers(signedIn(), { ok: false, error: { code: 'forbidden', message: 'no' } }))).toBeNull();
    expect(paint(answers(signedIn(), null))).toBeNull();
  });
});
