import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHttpTarget, type HttpTarget } from './support/http-target';
import { newDataDir, openSignedIn, startServe, watchConsole, type RunningServe } from './support/serve';

/**
 * Probing as an operator meets it: sites and monitors made in the console against a device on this
 * machine, the device failing and the board following, the child of a dead uplink shown unknown.
 */

let serve: RunningServe | null = null;
let target: HttpTarget | null = null;

test.afterEach(async () => {
  await serve?.stop();
  await target?.stop();
  serve = null;
  target = null;
});

async function addSite(page: Page, name: string): Promise<void> {
  await page.getByTestId('nav-sites').click();
  await page.getByTestId('add-site').click();
  await page.getByTestId('site-form-name').fill(name);
  await page.getByTestId('site-form-save').click();
  await expect(page.getByTestId('site-row').filter({ hasText: name })).toBeVisible();
}

/** Fills the monitor form for an HTTP monitor probed every 5 s, down after 2 failures. */
async function fillHttpMonitor(page: Page, name: string, url: string): Promise<void> {
  await page.getByTestId('monitor-form-name').fill(name);
  await page.getByTestId('monitor-form-kind').selectOption('http');
  await page.getByTestId('monitor-form-url').fill(url);
  await page.getByTestId('monitor-form-interval').fill('5');
  await page.getByTestId('monitor-form-timeout').fill('2');
  await page.getByTestId('monitor-form-failures').fill('2');
}

function boardRow(page: Page, name: string) {
  // By the name itself: a child's row names its parent in the "why" column.
  return page.getByTestId('monitor-row').filter({ has: page.getByText(name, { exact: true }) });
}

test('monitors made in the console follow a real device down, suppress the children of a dead uplink, and keep the history', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  await openSignedIn(page, serve);
  await expect(page.getByTestId('board-empty')).toBeVisible();

  await addSite(page, 'Depot West');
  await page.getByTestId('site-row').filter({ hasText: 'Depot West' }).getByTestId('site-add-monitor').click();

  // Inline validation: a 1 s interval is refused at the field, and nothing is created.
  await fillHttpMonitor(page, 'Depot uplink', target.url('/uplink'));
  await page.getByTestId('monitor-form-interval').fill('1');
  await page.getByTestId('monitor-form-save').click();
  await expect(page.locator('#field-intervalSeconds-error')).toBeVisible();
  await expect(page.getByTestId('monitor-form')).toBeVisible();

  await page.getByTestId('monitor-form-interval').fill('5');
  await page.getByTestId('monitor-form-save').click();
  await expect(page.getByTestId('monitor-detail-status')).toHaveAttribute('data-status', 'up', { timeout: 15_000 });

  await page.getByTestId('nav-board').click();
  await page.getByTestId('add-monitor').click();
  await fillHttpMonitor(page, 'Camera 1 stream', target.url('/camera'));
  await page.getByTestId('monitor-form-parent').selectOption({ label: 'Depot uplink — Depot West' });
  await page.getByTestId('monitor-form-save').click();
  await expect(page.getByTestId('monitor-detail-status')).toHaveAttribute('data-status', 'up', { timeout: 15_000 });

  await page.getByTestId('nav-board').click();
  await expect(boardRow(page, 'Depot uplink')).toHaveAttribute('data-status', 'up');
  await expect(boardRow(page, 'Camera 1 stream')).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId('site-tile').filter({ hasText: 'Depot West' })).toContainText('2 up');

  // The uplink fails: down after two failed probes (5 s apart). The camera still answers, so it
  // still shows its own state: suppression replaces "down", it never hides a working device.
  target.setStatus('/uplink', 503);
  await expect(boardRow(page, 'Depot uplink')).toHaveAttribute('data-status', 'down', { timeout: 20_000 });
  await expect(boardRow(page, 'Depot uplink')).toContainText('status 503');
  await expect(boardRow(page, 'Camera 1 stream')).toHaveAttribute('data-status', 'up');

  // The whole site goes dark: the camera behind the dead uplink is unknown (unreachable), not down.
  await target.stop();
  target = null;
  await expect(boardRow(page, 'Camera 1 stream')).toHaveAttribute('data-status', 'unknown', { timeout: 20_000 });
  await expect(boardRow(page, 'Camera 1 stream')).toContainText('unreachable: parent Depot uplink is down');
  await expect(boardRow(page, 'Depot uplink')).toContainText(/refused/, { timeout: 15_000 });
  await expect(page.getByTestId('site-tile').filter({ hasText: 'Depot West' })).toContainText('1 down');
  await expect(page.getByTestId('site-tile').filter({ hasText: 'Depot West' })).toContainText('1 unknown');

  // One outage, one alert: the camera says it raises none of its own while its uplink is down.
  await boardRow(page, 'Camera 1 stream').click();
  await expect(page.getByTestId('monitor-alerts-held')).toContainText('its parent Depot uplink is down');
  await page.getByTestId('nav-board').click();

  // The status filter narrows the grid to what is down.
  await page.getByTestId('board-filter-status').locator('label[data-status="down"]').click();
  await expect(page.getByTestId('monitor-row')).toHaveCount(1);
  await expect(page.getByTestId('monitor-row')).toContainText('Depot uplink');

  await boardRow(page, 'Depot uplink').click();
  await expect(page.getByTestId('monitor-detail-status')).toHaveAttribute('data-status', 'down');
  await expect(page.getByTestId('monitor-why')).toContainText('refused');
  await expect(page.locator('[data-testid="monitor-change-row"][data-to="down"]').first()).toBeVisible();
  await expect(page.getByTestId('monitor-uptime-24h')).toContainText('%');
  expect(problems).toEqual([]);
});

test('a configuration file with mistakes is refused whole, naming the line of every problem; a good one imports', async ({ page }) => {
  serve = await startServe(newDataDir());
  await openSignedIn(page, serve);
  await addSite(page, 'Harbour Gate');
  await page.getByTestId('site-row').filter({ hasText: 'Harbour Gate' }).getByTestId('site-add-monitor').click();
  await fillHttpMonitor(page, 'Gate intercom', 'http://127.0.0.1:9/');
  await page.getByTestId('monitor-form-save').click();
  await expect(page.getByTestId('monitor-detail')).toBeVisible();

  await page.getByTestId('nav-sites').click();
  await page.getByTestId('config-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('config-export-submit').click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    sites: { id: string; name: string }[];
    monitors: Record<string, unknown>[];
  };
  expect(exported.sites.map((site) => site.name)).toEqual(['Harbour Gate']);
  expect(exported.monitors).toHaveLength(1);

  const dir = newDataDir();
  const newSite = { id: 'site-depot-east', name: 'Depot East', address: 'Dock 3', tags: [] };
  const goodMonitor = { ...exported.monitors[0], id: 'mon-depot-east-nvr', siteId: newSite.id, name: 'Depot East NVR' };
  const badMonitor = { ...goodMonitor, id: 'mon-depot-east-door', name: 'Door', intervalSeconds: 1 };
  const bad = JSON.stringify(
    { ...exported, sites: [...exported.sites, newSite], monitors: [...exported.monitors, goodMonitor, badMonitor] },
    null,
    2,
  );
  const badLine = bad.split('\n').findIndex((line) => line.includes('"intervalSeconds": 1')) + 1;
  writeFileSync(join(dir, 'bad.json'), bad);
  await page.getByTestId('config-import-file').setInputFiles(join(dir, 'bad.json'));
  await expect(page.getByTestId('import-problems')).toContainText('Nothing was imported');
  // Every problem at once: the bad value on its line, and the site and monitor the console already has.
  await expect(page.locator(`[data-testid="import-problem"][data-line="${badLine}"]`)).toContainText('intervalSeconds');
  await expect(page.getByTestId('import-problem').filter({ hasText: 'is already in the console' })).toHaveCount(2);
  await expect(page.getByTestId('site-row')).toHaveCount(1);

  // Ids are how a file says "new": importing adds, it never overwrites what the console has.
  const good = JSON.stringify({ ...exported, sites: [newSite], monitors: [goodMonitor] }, null, 2);
  writeFileSync(join(dir, 'good.json'), good);
  await page.getByTestId('config-import-file').setInputFiles(join(dir, 'good.json'));
  await expect(page.getByTestId('import-result')).toContainText('Imported');
  await expect(page.getByTestId('site-row')).toHaveCount(2);
  await page.getByTestId('nav-board').click();
  await expect(page.getByTestId('monitor-row').filter({ hasText: 'Depot East NVR' })).toBeVisible();
});
