import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHttpTarget, type HttpTarget } from './support/http-target';
import { newDataDir, openSignedIn, startServe, type RunningServe } from './support/serve';

/** One more monitor beside the demo's, on a target the test stops: its alert raises the first banner. */
async function importYardCamera(page: Page, http: HttpTarget): Promise<void> {
  const config = {
    format: 'watchroom-config',
    version: 1,
    sites: [{ id: 'site-yard', name: 'Freight Yard', address: null, tags: [] }],
    monitors: [
      {
        id: 'mon-yard-camera',
        siteId: 'site-yard',
        name: 'Yard camera',
        probe: { kind: 'http', url: http.url('/camera'), method: 'GET' },
        intervalSeconds: 5,
        timeoutSeconds: 2,
        failuresToDown: 1,
      },
    ],
  };
  const file = join(newDataDir(), 'yard.json');
  writeFileSync(file, JSON.stringify(config));
  await page.getByTestId('nav-sites').click();
  await page.getByTestId('config-import-file').setInputFiles(file);
  await expect(page.getByTestId('import-result')).toContainText('Imported');
  await page.getByTestId('nav-board').click();
  await expect(page.getByTestId('monitor-row').filter({ hasText: 'Yard camera' })).toHaveAttribute('data-status', 'up', {
    timeout: 15_000,
  });
}

/**
 * The window's frame holds in every text size: header (with the console status), banners and the
 * status bar stay where they are, only the page scrolls, and the board's rows stay on screen under
 * two banners, even in "Wall display" at 1920×1080.
 */

let serve: RunningServe | null = null;
let target: HttpTarget | null = null;

test.afterEach(async () => {
  await serve?.stop();
  await target?.stop();
  serve = null;
  target = null;
});

interface Box {
  top: number;
  bottom: number;
}

async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (element: Element | null): Box | null => {
      if (element === null) return null;
      const { top, bottom } = element.getBoundingClientRect();
      return { top, bottom };
    };
    const banners = document.querySelector('.app-banners');
    const statusBar = document.querySelector('.status-bar');
    const grid = document.querySelector('[data-testid="monitor-grid"]')?.getBoundingClientRect();
    const gridHeader = document.querySelector('.board-grid__header')?.getBoundingClientRect();
    const main = document.getElementById('main')?.getBoundingClientRect();
    // Where a row can be seen: inside the list's own scroll box, under its column header, inside
    // the page's box, below the banners and above the status bar.
    const visibleTop = Math.max((grid?.top ?? 0) + (gridHeader?.height ?? 0), main?.top ?? 0, banners?.getBoundingClientRect().bottom ?? 0);
    const visibleBottom = Math.min(grid?.bottom ?? 0, main?.bottom ?? 0, statusBar?.getBoundingClientRect().top ?? innerHeight);
    const rowsOnScreen = [...document.querySelectorAll('[data-testid="monitor-row"]')].filter((row) => {
      const { top, bottom } = row.getBoundingClientRect();
      return top >= visibleTop - 1 && bottom <= visibleBottom + 1;
    }).length;
    return {
      windowHeight: innerHeight,
      documentHeight: document.documentElement.scrollHeight,
      scrolledBy: document.scrollingElement?.scrollTop ?? 0,
      header: box(document.querySelector('.app-header')),
      status: box(document.querySelector('[data-testid="console-status"]')),
      banners: [...document.querySelectorAll('[data-testid="attention-banner"], [data-testid="incident-attention"]')].map(box),
      statusBar: box(statusBar),
      rowsOnScreen,
    };
  });
}

test('header, two banners and the status bar stay in view and the board shows its rows in every text size, up to a wall display at 1920×1080', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  target = await startHttpTarget();
  serve = await startServe(newDataDir(), ['--demo']);
  await openSignedIn(page, serve);
  await importYardCamera(page, target);
  await target.stop();
  target = null;

  // Banner one: the alert. Banner two: an incident made from it, with a step skipped.
  await expect(page.getByTestId('attention-banner')).toContainText('Freight Yard', { timeout: 15_000 });
  await page.getByTestId('nav-alerts').click();
  const row = page.getByTestId('alert-row').filter({ hasText: 'Yard camera' });
  await expect(row).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  await row.click();
  await page.keyboard.press('i');
  const dialog = page.getByTestId('create-incident-dialog');
  await dialog.getByTestId('create-incident-priority-P1').check();
  await dialog.getByTestId('create-incident-sop').selectOption('camera-down');
  await dialog.getByRole('button', { name: /Create/ }).click();
  // The incident's keys work once its steps are there ("Reading the incident…" shows the same view first).
  await expect(page.locator('[data-testid="sop-step"][data-focused="true"]')).toBeVisible();
  await page.keyboard.press('x');
  await page.getByTestId('skip-step-text').fill('Scope already known from the guard');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('incident-attention')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('attention-banner')).toBeVisible();

  for (const scale of ['normal', 'large', 'wall'] as const) {
    await page.getByTestId('nav-settings').click();
    await page.getByLabel('Text size').selectOption(scale);
    // Normal is where a new console starts: nothing to save.
    if (await page.getByTestId('settings-save').isEnabled()) await page.getByTestId('settings-save').click();
    await expect(page.locator('html')).toHaveAttribute('data-scale', scale);
    await page.getByTestId('nav-board').click();
    await expect(page.getByTestId('monitor-row').first()).toBeVisible();
    // Wheel over the page: only the page content may move, never the frame.
    await page.mouse.move(960, 900);
    await page.mouse.wheel(0, 2000);
    await page.screenshot({ path: test.info().outputPath(`board-${scale}.png`) });
    const shown = await layout(page);
    expect(shown.documentHeight, `${scale}: the document is no taller than the window`).toBe(shown.windowHeight);
    expect(shown.scrolledBy, `${scale}: the window itself never scrolls`).toBe(0);
    expect(shown.header?.top, `${scale}: header at the top`).toBe(0);
    expect(shown.status?.top, `${scale}: console status in view`).toBeGreaterThanOrEqual(0);
    expect(shown.banners, `${scale}: both banners shown`).toHaveLength(2);
    for (const banner of shown.banners) expect(banner?.bottom, `${scale}: banner in view`).toBeLessThanOrEqual(shown.windowHeight);
    expect(shown.statusBar?.bottom, `${scale}: status bar at the bottom`).toBe(shown.windowHeight);
    expect(shown.rowsOnScreen, `${scale}: monitor rows on screen between the banners and the status bar`).toBeGreaterThanOrEqual(3);
  }
});

// A walk-through at 1280×720 could not reach a dialog's buttons: the dialog's height allowed for the
// screen but not for the backdrop's room above it, so its last part lay below the window.
test('a dialog taller than a short window scrolls inside it, and its buttons come into view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  serve = await startServe(newDataDir(), ['--demo']);
  await openSignedIn(page, serve, serve.admin, 'alerts');
  await expect(page.getByTestId('alert-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('alert-row').first().click();
  await page.keyboard.press('i');
  const dialog = page.getByTestId('create-incident-dialog');
  await expect(dialog).toBeVisible();
  await dialog.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  const submit = await page.getByTestId('create-incident-submit').boundingBox();
  expect(submit).not.toBeNull();
  expect((submit?.y ?? Infinity) + (submit?.height ?? 0)).toBeLessThanOrEqual(720);
});
