/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { expectTakenOverInPlace, firstScreens, recordFirstScreens, type FirstScreenMarks } from './support/boxes';
import { importFleet } from './support/fleet';
import { peopleSockets } from './support/people';
import { newDataDir, openSignedIn, startServe, type RunningServe } from './support/serve';

/**
 * The board is painted from the early answers before the console's code runs (app/first-paint.ts),
 * and React's first commit takes it over in place: the header, every row and the status bar stay
 * where they were painted (within a pixel). Signed out, or opening on another page, nothing is
 * painted and React shows its own screen; a painted board nobody takes over gives the boot message back.
 */

const VIEWER = { username: 'night-viewer', displayName: 'Night Viewer', password: 'copper meadow slowly 77' };

let serve: RunningServe;
const sockets = peopleSockets();

test.beforeAll(async () => {
  serve = await startServe(newDataDir());
  // Big calls (the import) may take more than the default 10 s on a busy machine.
  const call = await sockets.callerAs(serve, undefined, { timeoutMs: 30_000 });
  // More monitors than the first screenful (100), over sites with different worst states, so the
  // painter's order, counts and "reading the rest" line are the ones React shows.
  await importFleet(
    call,
    { sites: 6, monitors: 140, siteName: (s) => `Depot ${s + 1}`, monitorTags: (m) => [m % 3 === 0 ? 'video' : 'access'] },
    [
      { id: 'mon-7', status: 'down', note: 'cable cut at the east gate' },
      { id: 'mon-20', status: 'degraded', note: 'slow stream' },
      { id: 'mon-33', status: 'up', note: 'back after the reboot' },
    ],
  );
  await call('users.create', { ...VIEWER, role: 'viewer', sites: null });
});

test.afterAll(async () => {
  sockets.closeAll();
  await serve?.stop();
});

/** The board's rows (not their "for 14 s": a second may tick between the paint and React's commit), tiles, filters and count line. */
const BOARD_MARKS: FirstScreenMarks = {
  row: '[data-testid="monitor-row"]',
  rowId: 'monitorId',
  ticking: '.monitor-row__since',
  texts: { controls: '.board__controls', count: '[data-testid="board-count"]' },
};

async function expectTakeOverInPlace(page: Page): Promise<void> {
  const { painted, react, common } = expectTakenOverInPlace(await firstScreens(page), 10);
  // The problems first, in the same places.
  expect(common.slice(0, 2)).toEqual(['mon-7', 'mon-20']);
  expect(painted.texts.controls).toBe(react.texts.controls);
  // React may already hold the whole board from the socket (this fleet is small): then its line says so.
  expect(painted.texts.count).toContain('Showing the first 100 of 140 monitors; reading the rest…');
  expect([painted.texts.count, '140 monitors · j/k to move, Enter to open']).toContain(react.texts.count);
}

test('an admin opening on the board: the painted board is taken over in place', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await recordFirstScreens(page, BOARD_MARKS);
  const asked: string[] = [];
  page.on('request', (request) => {
    const { pathname, search } = new URL(request.url());
    if (pathname === '/session' || pathname === '/first-screen') asked.push(`${request.method()} ${pathname}${search}`);
  });
  await openSignedIn(page, serve);
  await expectTakeOverInPlace(page);
  // One request before the paint: the token's exchange brought the first screen's reads with it.
  expect(asked).toEqual(['POST /session?first-screen&board']);
  // And then it works: React's row opens the monitor.
  await page.getByTestId('monitor-row').filter({ hasText: 'Gate camera 8' }).click();
  await expect(page.getByText('cable cut at the east gate').first()).toBeVisible();
});

test("the console's code is asked for only after the first screen's request, not from the page's head", async ({ page }) => {
  // Preloaded from the page's head, its ~20 files held the connections to core and their compiling
  // held the CPU before the early script had even asked for the first screen.
  const served = await (await page.request.get(new URL('/', serve.url).toString())).text();
  expect(served).not.toMatch(/<link[^>]+modulepreload/);
  const order: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname === '/session') order.push('first screen asked');
    else if (/console-main-[^/]*\.js$/.test(pathname)) order.push('console code asked');
  });
  await openSignedIn(page, serve);
  await expect(page.getByTestId('board-page')).toBeVisible();
  await expect(page.locator('[data-early-paint]')).toHaveCount(0);
  expect(order.slice(0, 2)).toEqual(['first screen asked', 'console code asked']);
});

test('the page carries its early script and stylesheets itself, and its CSP lets in exactly those and refuses nothing', async ({
  page,
}) => {
  // Fetched as files, they were two more round trips before the first frame (docs/ARCHITECTURE.md).
  const served = await (await page.request.get(new URL('/', serve.url).toString())).text();
  expect(served).not.toMatch(/<link (?![^>]*disabled)[^>]*stylesheet/);
  expect(served).toMatch(/<div id="root">[\s\S]*<script>[\s\S]+<\/script>\s*<\/body>/);
  await page.addInitScript(() => {
    const refused: string[] = [];
    (window as unknown as { refusedByPolicy: string[] }).refusedByPolicy = refused;
    document.addEventListener('securitypolicyviolation', (event) => refused.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  const stylesheets: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'stylesheet') stylesheets.push(new URL(request.url()).pathname);
  });
  await recordFirstScreens(page, BOARD_MARKS);
  await openSignedIn(page, serve);
  // Taken over by React, styled, with no inline block refused on the way and no stylesheet fetched...
  await expect(page.locator('.app-shell:not([data-early-paint]) [data-testid="board-page"]')).toBeVisible();
  // ...after the inline script painted (recorded as it happened: React may take it over before a
  // locator looks; a refused script would have left the board to React).
  expect((await firstScreens(page)).sawPaint).toBe(true);
  // zod probes once whether eval is allowed (it is not: 'eval' refused, by design); nothing inline is refused.
  const refused = await page.evaluate(() => (window as unknown as { refusedByPolicy: string[] }).refusedByPolicy);
  expect(refused.filter((refusal) => !refusal.endsWith(' eval'))).toEqual([]);
  expect(stylesheets).toEqual([]);
  // A page loaded later fetches its own stylesheet, never the page's again (applied after its own, it would override it).
  await page.getByTestId('monitor-row').filter({ hasText: 'Gate camera 8' }).click();
  await expect(page.getByText('cable cut at the east gate').first()).toBeVisible();
  expect(stylesheets.filter((path) => !/\/assets\/MonitorDetailPage-[^/]+\.css$/.test(path))).toEqual([]);
});

test('a viewer opening on the board: painted and taken over in place too', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await recordFirstScreens(page, BOARD_MARKS);
  await openSignedIn(page, serve, VIEWER);
  await expectTakeOverInPlace(page);
  await expect(page.getByTestId('account-role')).toHaveText('Viewer');
});

test('signed out: no board is painted, the sign-in screen shows', async ({ page }) => {
  await recordFirstScreens(page, BOARD_MARKS);
  await page.goto(serve.url);
  await expect(page.getByTestId('sign-in-screen')).toBeVisible();
  const seen = await firstScreens(page);
  expect(seen.sawPaint).toBe(false);
  expect(seen.react?.hadRows).toBe(false);
});

test('opening on another page: no board is painted, that page shows', async ({ page }) => {
  await recordFirstScreens(page, BOARD_MARKS);
  await openSignedIn(page, serve, serve.admin, 'incidents');
  await expect(page.getByTestId('incidents-page')).toBeVisible();
  const seen = await firstScreens(page);
  expect(seen.sawPaint).toBe(false);
  expect(seen.react?.hadRows).toBe(false);
});

test('a painted board whose console code never arrives gives the boot message back, never a frozen board', async ({ page }) => {
  await page.clock.install();
  await page.route(/console-main-[^/]*\.js$/, (route) => route.abort());
  await openSignedIn(page, serve);
  await expect(page.locator('[data-early-paint] [data-testid="monitor-row"]').first()).toBeAttached();
  await page.clock.runFor(8_000);
  await expect(page.locator('.boot-message')).toBeVisible();
  await expect(page.locator('[data-early-paint]')).toHaveCount(0);
});
