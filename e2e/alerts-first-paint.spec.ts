/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { expectTakenOverInPlace, firstScreens, recordFirstScreens, type FirstScreenMarks } from './support/boxes';
import { importFleet } from './support/fleet';
import { peopleSockets } from './support/people';
import { newDataDir, openSignedIn, pageUrl, startServe, type RunningServe } from './support/serve';

/**
 * The alert queue is painted from the early answers before the console's code runs
 * (app/first-paint-alerts.ts), and React's first commit takes it over in place: the header, every
 * row and the status bar stay where they were painted (within a pixel) and say the same words.
 * Signed out or limited to some sites, nothing is painted and React shows its own screen; a painted
 * queue nobody takes over gives the boot message back.
 */

const LIMITED = { username: 'north-operator', displayName: 'North Operator', password: 'velvet harbour softly 31' };
const DOWN_MONITORS = 45;

let serve: RunningServe;
const sockets = peopleSockets();

test.beforeAll(async () => {
  serve = await startServe(newDataDir());
  const call = await sockets.callerAs(serve, undefined, { timeoutMs: 30_000 });
  // Enough open alerts over several sites to fill the screen and more: grouped cards, the virtualizer's window.
  await importFleet(
    call,
    { sites: 5, monitors: 60, siteName: (s) => `Depot ${s + 1}` },
    Array.from({ length: DOWN_MONITORS }, (_, m) => ({ id: `mon-${m}`, status: 'down' as const, note: `cable ${m} cut` })),
  );
  await call('users.create', { ...LIMITED, role: 'operator', sites: ['site-0'] });
  await expect
    .poll(async () => ((await call('alerts.snapshot', {})) as { alerts: unknown[] }).alerts.length, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(DOWN_MONITORS);
});

test.afterAll(async () => {
  sockets.closeAll();
  await serve?.stop();
});

/** The queue's rows (not their age: a second may tick between the paint and React's commit), controls, count line, group titles and header status. */
const QUEUE_MARKS: FirstScreenMarks = {
  row: '[data-testid="alert-row"]',
  rowId: 'alertId',
  ticking: '.alert-row__since',
  texts: {
    controls: '.page-heading, .tabs, .alert-filters',
    count: '[data-testid="alert-count"]',
    groups: '[data-testid="alert-group-title"]',
    status: '[data-testid="console-status"]',
  },
};

test('an admin opening on the alert queue: the painted queue is taken over in place', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await recordFirstScreens(page, QUEUE_MARKS);
  await openSignedIn(page, serve, serve.admin, 'alerts');
  // React's first commit is already the queue, not "Reading the alert queue…" in between.
  const { painted, react } = expectTakenOverInPlace(await firstScreens(page), 12);
  for (const what of ['controls', 'count', 'groups', 'status']) expect(painted.texts[what], what).toBe(react.texts[what]);
  // The admin's own sign-in between 02:00 and 05:59 raises one alert more (a security rule): at least the monitors'.
  expect(Number(/^(\d+) open · 0 resolved/.exec(painted.texts.count ?? '')?.[1])).toBeGreaterThanOrEqual(DOWN_MONITORS);
  expect(painted.texts.status).toContain('CRITICAL');
  // And then it works: React's row opens the alert's details.
  await page.getByTestId('alert-row').first().click();
  await expect(page.getByTestId('alert-detail')).toBeVisible();
});

test('a person limited to some sites: no queue is painted, React shows theirs', async ({ page }) => {
  await recordFirstScreens(page, QUEUE_MARKS);
  await openSignedIn(page, serve, LIMITED, 'alerts');
  await expect(page.getByTestId('alert-row').first()).toBeVisible();
  const seen = await firstScreens(page);
  expect(seen.sawPaint).toBe(false);
});

test('signed out: no queue is painted, the sign-in screen shows', async ({ page }) => {
  await recordFirstScreens(page, QUEUE_MARKS);
  await page.goto(pageUrl(serve.url, 'alerts'));
  await expect(page.getByTestId('sign-in-screen')).toBeVisible();
  const seen = await firstScreens(page);
  expect(seen.sawPaint).toBe(false);
  expect(seen.react?.hadRows).toBe(false);
});

test('a painted queue whose console code never arrives gives the boot message back, never a frozen queue', async ({ page }) => {
  await page.clock.install();
  await page.route(/console-main-[^/]*\.js$/, (route) => route.abort());
  await openSignedIn(page, serve, serve.admin, 'alerts');
  await expect(page.locator('[data-early-paint] [data-testid="alert-row"]').first()).toBeAttached();
  await page.clock.runFor(8_000);
  await expect(page.locator('.boot-message')).toBeVisible();
  await expect(page.locator('[data-early-paint]')).toHaveCount(0);
});
