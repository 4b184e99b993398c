// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { firstScreenKey, FIRST_ALERTS_SCREENFUL, FIRST_BOARD_SCREENFUL } from '../../shared/domain/first-screen';
import { buildWallPaint, EARLY_WALL_ATTRIBUTE } from './first-paint-wall';

const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);
const counts = (up: number, down = 0, degraded = 0) => ({ up, degraded, down, unknown: 0, paused: 0, maintenance: 0 });

const BOARD = {
  at: NOW,
  total: 300,
  sites: [
    { id: 'north', name: 'North depot', address: null, tags: [], maintenance: false, worst: 'up', counts: counts(120) },
    { id: 'south', name: 'South depot', address: null, tags: [], maintenance: false, worst: 'down', counts: counts(128, 2) },
    { id: 'east', name: 'East depot', address: null, tags: [], maintenance: false, worst: 'degraded', counts: counts(49, 0, 1) },
  ],
  monitors: [],
};

function signedIn(changes: { kind?: 'person' | 'device'; mustEnrolTwoFactor?: boolean; sites?: string[] | null } = {}) {
  return {
    state: 'signed-in',
    user: { id: 'u1', username: 'wall', displayName: 'Wall 1', role: 'viewer', sites: changes.sites ?? null, totpEnabled: false },
    session: { id: 's1', kind: changes.kind ?? 'device', seat: 'Wall 1' },
    idleLockMinutes: 15,
    mustEnrolTwoFactor: changes.mustEnrolTwoFactor ?? false,
  };
}

function answers(
  seat: unknown,
  board: unknown = BOARD,
  alerts: unknown = { ok: true, value: { status: 'critical' } },
): Map<string, unknown> {
  return new Map<string, unknown>([
    [firstScreenKey('auth.state', undefined), { ok: true, value: seat }],
    [firstScreenKey('board.snapshot', { first: FIRST_BOARD_SCREENFUL }), board === null ? { ok: false } : { ok: true, value: board }],
    [firstScreenKey('alerts.snapshot', { first: FIRST_ALERTS_SCREENFUL }), alerts],
  ]);
}

describe('the wall painted before React', () => {
  it('paints a paired display its header from core’s counts, inert and marked, its panels still reading', () => {
    const paint = buildWallPaint(answers(signedIn()), '#wall', NOW);
    expect(paint).not.toBeNull();
    const { shell, sites } = paint as NonNullable<typeof paint>;
    expect(shell.hasAttribute(EARLY_WALL_ATTRIBUTE)).toBe(true);
    expect(shell.hasAttribute('inert')).toBe(true);
    expect(sites).toHaveLength(3);
    const text = (testId: string) => shell.querySelector(`[data-testid="${testId}"]`)?.textContent;
    // The socket is not connected yet: the status is unknown, as React's first commit says, with the last one core sent.
    expect(text('wall-status')).toBe('○ Status unknown (was CRITICAL)');
    expect(text('wall-counts')).toContain('2 down');
    expect(text('wall-counts')).toContain('1 degraded');
    expect(text('wall-counts')).toContain('3 sites · 300 monitors');
    expect(text('wall-as-of')).toBe('connecting…');
    expect(text('wall-alerts')).toContain('Reading the alerts…');
    expect(text('wall-incidents')).toContain('Loading the incidents…');
  });

  it('paints a person at the wall too, and says nothing of a status core did not send', () => {
    const paint = buildWallPaint(answers(signedIn({ kind: 'person' }), BOARD, { ok: false }), '#wall', NOW);
    expect(paint?.shell.querySelector('[data-testid="wall-status"]')?.textContent).toBe('○ Status unknown');
  });

  it('leaves a rotating wall, a seat that must enrol, a signed-out seat, a refused board and an empty one to React', () => {
    expect(buildWallPaint(answers(signedIn()), '#page=wall&rotate=20', NOW)).toBeNull();
    expect(buildWallPaint(answers(signedIn({ mustEnrolTwoFactor: true })), '#wall', NOW)).toBeNull();
    expect(buildWallPaint(answers({ state: 'signed-out' }), '#wall', NOW)).toBeNull();
    expect(buildWallPaint(answers(signedIn(), null), '#wall', NOW)).toBeNull();
    expect(buildWallPaint(answers(signedIn(), { ...BOARD, sites: [] }), '#wall', NOW)).toBeNull();
  });
});
