import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, newDataDir, openSignedIn, startServe, type RunningServe } from './support/serve';

/**
 * Core stops while the console is open and comes back on the same address and token: the page whose code
 * had not arrived says so instead of a black window, the header stops claiming a status, and
 * both recover by themselves, without a reload.
 */

let serve: RunningServe | null = null;

test.afterEach(async () => {
  await serve?.stop();
  serve = null;
});

test('a page opened while core is down explains itself and opens once core is back; the status is unknown meanwhile', async ({ page }) => {
  test.setTimeout(90_000);
  const dataDir = newDataDir();
  const port = String(await freePort());
  // A configured token, as a wall display's console has: its session outlives a restart of core.
  const tokenFile = join(dataDir, 'access-token');
  writeFileSync(tokenFile, 'the-wall-display-token-0123456789\n', { mode: 0o600 });
  const args = ['--demo', '--port', port, '--token-file', tokenFile];
  serve = await startServe(dataDir, args);
  await openSignedIn(page, serve);
  await expect(page.getByTestId('board-page')).toBeVisible();
  await expect(page.getByTestId('console-status')).not.toHaveAttribute('data-status', 'unknown', { timeout: 15_000 });

  await serve.stop();
  serve = null;
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'unknown', { timeout: 15_000 });
  await expect(page).toHaveTitle(/Status unknown/);

  // Backups' code is not loaded yet: it cannot arrive while core is down.
  await page.getByTestId('nav-backups').click();
  await expect(page.getByTestId('page-failed')).toContainText('opens by itself as soon as the connection is back');
  await expect(page.locator('.app-header')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('core-down.png') });

  serve = await startServe(dataDir, args);
  await expect(page.getByRole('heading', { name: 'Backups' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('page-failed')).toHaveCount(0);
  await expect(page.getByTestId('console-status')).not.toHaveAttribute('data-status', 'unknown');
  await expect(page).not.toHaveTitle(/Status unknown/);
});
