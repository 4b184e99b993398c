/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { expectSameBox, type Box } from './support/boxes';
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

interface Boxes {
  header: Box | null;
  statusBar: Box | null;
  rows: Record<string, Box>;
  /** What each row says, and the page's controls, count line, group titles and header status. */
  texts: Record<string, string>;
}
interface Seen {
  painted: Boxes | null;
  sawPaint: boolean;
  react: (Boxes & { hadRows: boolean }) | null;
}

/** Records the boxes of the painted queue once it is on screen, and of React's first commit (before any later render). */
async function recordFirstScreens(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Seen = { painted: null, sawPaint: false, react: null };
    (window as unknown as { firstScreens: Seen }).firstScreens = seen;
    const box = (element: Element | null): Box | null => {
      if (element === null) return null;
      const r = element.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    };
    const boxesOf = (root: Element): Boxes => {
      const rows: Record<string, Box> = {};
      const texts: Record<string, string> = {};
      for (const row of root.querySelectorAll<HTMLElement>('[data-testid="alert-row"]')) {
        rows[row.dataset.alertId ?? ''] = box(row) as Box;
        // Not the age: a second may tick between the paint and React's commit.
        const cells = row.querySelectorAll('[role="gridcell"]:not(.alert-row__since)');
        texts[row.dataset.alertId ?? ''] = [...cells].map((cell) => cell.textContent).join(' | ');
      }
      texts.controls = [...root.querySelectorAll('.page-heading, .tabs, .alert-filters')].map((e) => e.textContent).join(' | ');
      texts.count = root.querySelector('[data-testid="alert-count"]')?.textContent ?? '';
      texts.groups = [...root.querySelectorAll('[data-testid="alert-group-title"]')].map((e) => e.textContent).join(' | ');
      texts.status = root.querySelector('[data-testid="console-status"]')?.textContent ?? '';
      return { header: box(root.querySelector('.app-header')), statusBar: box(root.querySelector('.status-bar')), rows, texts };
    };
    const observer = new MutationObserver(() => {
      const root = document.getElementById('root');
      if (root === null) return;
      const painted = root.querySelector('[data-early-paint]');
      if (painted !== null && !seen.sawPaint) {
        seen.sawPaint = true;
        requestAnimationFrame(() => {
          if (painted.isConnected) seen.painted = boxesOf(root);
        });
      }
      const reactFirst = painted === null && root.firstElementChild !== null && !root.firstElementChild.classList.contains('boot-message');
      if (reactFirst && seen.react === null) {
        seen.react = { ...boxesOf(root), hadRows: root.querySelector('[data-testid="alert-row"]') !== null };
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
}

async function firstScreens(page: Page): Promise<Seen> {
  await page.waitForFunction(() => (window as unknown as { firstScreens: Seen }).firstScreens.react !== null);
  return page.evaluate(() => (window as unknown as { firstScreens: Seen }).firstScreens);
}

test('an admin opening on the alert queue: the painted queue is taken over in place', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await recordFirstScreens(page);
  await openSignedIn(page, serve, serve.admin, 'alerts');
  const seen = await firstScreens(page);
  expect(seen.painted, 'the queue was painted before React').not.toBeNull();
  const painted = seen.painted as Boxes;
  const react = seen.react as Boxes & { hadRows: boolean };
  // React's first commit is already the queue, not "Reading the alert queue…" in between.
  expect(react.hadRows).toBe(true);
  expectSameBox(painted.header, react.header, 'header');
  expectSameBox(painted.statusBar, react.statusBar, 'status bar');
  const common = Object.keys(painted.rows).filter((id) => id in react.rows);
  expect(common.length).toBeGreaterThanOrEqual(12);
  for (const id of common) {
    expectSameBox(painted.rows[id] ?? null, react.rows[id] ?? null, `row ${id}`);
    expect(painted.texts[id], `row ${id}`).toBe(react.texts[id]);
  }
  for (const what of ['controls', 'count', 'groups', 'status']) expect(painted.texts[what], what).toBe(react.texts[what]);
  // The admin's own sign-in between 02:00 and 05:59 raises one alert more (a security rule): at least the monitors'.
  expect(Number(/^(\d+) open · 0 resolved/.exec(painted.texts.count ?? '')?.[1])).toBeGreaterThanOrEqual(DOWN_MONITORS);
  expect(painted.texts.status).toContain('CRITICAL');
  // And then it works: React's row opens the alert's details.
  await page.getByTestId('alert-row').first().click();
  await expect(page.getByTestId('alert-detail')).toBeVisible();
});

test('a person limited to some sites: no queue is painted, React shows theirs', async ({ page }) => {
  await recordFirstScreens(page);
  await openSignedIn(page, serve, LIMITED, 'alerts');
  await expect(page.getByTestId('alert-row').first()).toBeVisible();
  const seen = await firstScreens(page);
  expect(seen.sawPaint).toBe(false);
});

test('signed out: no queue is painted, the sign-in screen shows', async ({ page }) => {
  await recordFirstScreens(page);
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
