import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, newDataDir, openSignedIn, startServe, type RunningServe } from './support/serve';

/**
 * The wall display as a control room sets it up: an admin pairs a display, the display opens the
 * pairing address on the wall view, and from then on it needs nobody: every site on one screen,
 * through a restart of core, without a reload.
 */

let serve: RunningServe | null = null;

test.afterEach(async () => {
  await serve?.stop();
  serve = null;
});

test('a paired display shows every site on the wall view, says how old its data is while core is down, and recovers by itself', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const dataDir = newDataDir();
  const tokenFile = join(dataDir, 'access-token');
  writeFileSync(tokenFile, 'the-wall-display-token-0123456789\n', { mode: 0o600 });
  const args = ['--demo', '--port', String(await freePort()), '--token-file', tokenFile];
  serve = await startServe(dataDir, args);

  await openSignedIn(page, serve, serve.admin, 'page=users');
  await page.getByTestId('pair-display').click();
  await page.getByTestId('pair-display-name').fill('Wall 1');
  await page.getByTestId('pair-display-submit').click();
  const address = (await page.getByTestId('pairing-address').textContent()) ?? '';

  const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  // As PairDisplay tells the admin: the printed address first (this start's access), then the pairing address.
  await wall.goto(serve.url);
  // The address's token is traded for this browser's access before the pairing address is opened.
  await expect(wall.getByTestId('sign-in-screen')).toBeVisible();
  await wall.goto(address);
  await expect(wall.getByTestId('page-wall')).toBeVisible();
  expect(wall.url()).not.toContain('pair=');
  // Nothing to click, no navigation; the one question is whether it should sound.
  await expect(wall.getByTestId('nav-board')).toHaveCount(0);
  await wall.getByTestId('wall-sound-off').click();
  await expect(wall.getByTestId('wall-sound-prompt')).toHaveCount(0);

  const cells = wall.getByTestId('wall-site');
  await expect(cells.first()).toBeVisible();
  const sites = await cells.count();
  expect(sites).toBeGreaterThan(1);
  const inside = await wall.evaluate(() =>
    [...document.querySelectorAll('[data-testid="wall-site"]')].every((cell) => {
      const box = cell.getBoundingClientRect();
      return box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    }),
  );
  expect(inside).toBe(true);
  await expect(wall.getByTestId('wall-as-of')).toHaveText('live');
  await wall.screenshot({ path: test.info().outputPath('wall.png') });

  await serve.stop();
  serve = null;
  await expect(wall.getByTestId('wall-as-of')).toHaveText(/not connected: data as of \d\d:\d\d:\d\d/, { timeout: 15_000 });
  await expect(wall.getByTestId('wall-status')).toHaveAttribute('data-status', 'unknown');
  await expect(cells).toHaveCount(sites);

  serve = await startServe(dataDir, args);
  await expect(wall.getByTestId('wall-as-of')).toHaveText('live', { timeout: 30_000 });
  await expect(cells).toHaveCount(sites);
  // A reload (a power cut of the screen's computer) comes back to the wall, still paired, still silent.
  await wall.reload();
  await expect(wall.getByTestId('page-wall')).toBeVisible();
  await expect(cells).toHaveCount(sites);
  await expect(wall.getByTestId('wall-sound-prompt')).toHaveCount(0);
});
