// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { firstScreenKey, FIRST_ALERTS_SCREENFUL } from '../../shared/domain/first-screen';
import { EARLY_PAINT_ATTRIBUTE } from './early-console-shell';
import { buildAlertsPaint } from './first-paint-alerts';
import type { Alert } from '../../shared/contract';
import { testAlert } from '../testing/alert-fixtures';

const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);

function alert(id: string, siteId: string, severity: 'critical' | 'high' | 'low', changes: Partial<Alert> = {}): Alert {
  return testAlert(id, {
    fingerprint: `rule|${id}`,
    ruleId: 'builtin-monitor-down',
    subjectName: `Gate ${id}`,
    siteId,
    siteName: siteId === 'north' ? 'North depot' : 'South depot',
    severity,
    summary: `Gate ${id} is down`,
    firstSeenAt: NOW - 120_000,
    lastSeenAt: NOW - 5_000,
    ...changes,
  });
}

const SNAPSHOT = {
  at: NOW,
  total: 1200,
  status: 'critical',
  storms: [],
  alerts: [
    alert('n1', 'north', 'high'),
    alert('s1', 'south', 'critical', { state: 'acknowledged', ackBy: 'Ann Example', ackReason: 'genuine', count: 3 }),
    alert('s2', 'south', 'low', { owner: 'Bo', ownerSeat: 'Desk 2' }),
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

function answers(seat: unknown, snapshot: unknown): Map<string, unknown> {
  return new Map<string, unknown>([
    [firstScreenKey('auth.state', undefined), { ok: true, value: seat }],
    [firstScreenKey('alerts.snapshot', { first: FIRST_ALERTS_SCREENFUL }), snapshot],
  ]);
}

/** Builds the paint and draws its rows as in a page whose queue is `height` px tall. */
function paintAt(given: Map<string, unknown>, height: number): HTMLElement | null {
  const painted = buildAlertsPaint(given, NOW, 16);
  if (painted === null) return null;
  const list = painted.shell.querySelector('.alert-queue') as HTMLElement;
  Object.defineProperty(list, 'clientHeight', { value: height });
  painted.placed?.();
  return painted.shell;
}

describe('the alert queue painted before the console code runs', () => {
  it('paints the first screenful grouped as the queue shows it, the worst group first, taking no clicks', () => {
    const shell = paintAt(answers(signedIn(), { ok: true, value: SNAPSHOT }), 600) as HTMLElement;
    expect(shell.hasAttribute(EARLY_PAINT_ATTRIBUTE)).toBe(true);
    expect(shell.hasAttribute('inert')).toBe(true);
    const titles = [...shell.querySelectorAll('[data-testid="alert-group-title"]')].map((title) => title.textContent);
    expect(titles).toEqual(['South depot — 2 alerts, worst critical', 'North depot — 1 alert, worst high']);
    const rows = [...shell.querySelectorAll<HTMLElement>('[data-testid="alert-row"]')];
    expect(rows.map((row) => row.dataset.alertId)).toEqual(['s1', 's2', 'n1']);
    expect(rows[0]?.textContent).toContain('ack Ann Example · Genuine');
    expect(rows[0]?.textContent).toContain('×3');
    expect(rows[1]?.textContent).toContain('Bo, Desk 2');
    // Group header 36 px, then 52 px rows; the second card starts after a 10 px gap.
    expect((rows[1]?.parentElement as HTMLElement).style.transform).toBe('translateY(88px)');
    expect((shell.querySelectorAll<HTMLElement>('[data-testid="alert-group"]')[1] as HTMLElement).style.top).toBe('150px');
    expect(shell.querySelector('[data-testid="alert-count"]')?.textContent).toContain(
      'Showing the 3 most urgent of 1200 alerts; reading the rest…',
    );
    expect(shell.querySelector('[data-testid="console-status"]')?.textContent).toBe('● CRITICAL');
    expect(shell.querySelector('[data-testid="nav-alerts"]')?.getAttribute('aria-current')).toBe('page');
    expect(shell.querySelector('[data-testid="nav-board"]')?.hasAttribute('aria-current')).toBe(false);
  });

  it("draws only the rows the virtualizer draws for the list's height: those on screen and 8 more", () => {
    const many = Array.from({ length: 40 }, (_, i) => alert(`a${String(i).padStart(2, '0')}`, 'north', 'high'));
    const shell = paintAt(answers(signedIn(), { ok: true, value: { ...SNAPSHOT, total: 40, alerts: many } }), 200) as HTMLElement;
    // 200 px: the header (36) and rows starting before 200 (0-3), then the overscan's 8 items.
    expect(shell.querySelectorAll('[data-testid="alert-row"]')).toHaveLength(4 + 8);
    expect(shell.querySelector('[data-testid="alert-count"]')?.textContent).toContain('40 open · 0 resolved');
  });

  it.each([
    ['signed out', { state: 'signed-out' }],
    ['a person who must enrol two-factor first', signedIn({ mustEnrolTwoFactor: true })],
    ['a paired wall display', signedIn({ kind: 'device' })],
    ['a person limited to some sites (their own come first)', signedIn({ sites: ['north'] })],
  ])('leaves %s to the console', (_, seat) => {
    expect(paintAt(answers(seat, { ok: true, value: SNAPSHOT }), 600)).toBeNull();
  });

  it('leaves an empty queue and a refused read to the console', () => {
    expect(paintAt(answers(signedIn(), { ok: true, value: { ...SNAPSHOT, total: 0, alerts: [] } }), 600)).toBeNull();
    expect(paintAt(answers(signedIn(), { ok: false, error: { code: 'forbidden', message: 'no' } }), 600)).toBeNull();
  });
});
