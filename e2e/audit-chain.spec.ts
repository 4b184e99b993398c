import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openDatabase } from '../src/core/db';
import { newDataDir, openSignedIn, startServe, watchConsole, type RunningServe } from './support/serve';

/** The audit chain as an operator checks it after someone removed the newest entry from the database file. */

let serve: RunningServe | null = null;

test.afterEach(async () => {
  await serve?.stop();
  serve = null;
});

test('entries deleted from the database are reported against the head the log recorded, with what to do', async ({ page }) => {
  const problems = watchConsole(page);
  const dataDir = newDataDir();
  serve = await startServe(dataDir);
  await openSignedIn(page, serve);
  await page.getByTestId('nav-settings').click();
  for (const name of ['North control room', 'South control room']) {
    await page.getByLabel('Console name').fill(name);
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('console-name')).toHaveText(name);
  }
  await serve.stop();

  // Someone with the data folder (and so the key file) removes the newest entry.
  const key = Buffer.from(readFileSync(join(dataDir, 'db.key'), 'utf8').trim(), 'hex');
  const store = openDatabase(join(dataDir, 'watchroom.db'), key);
  store.sqlite.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run();
  store.close();

  serve = await startServe(dataDir);
  await openSignedIn(page, serve);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  await expect(result).toContainText('1 problem in the audit chain (1 entry checked)');
  await expect(page.getByTestId('verify-problems').getByRole('listitem')).toHaveText([
    /^The log at .* recorded entry 2 with hash [0-9a-f]{16}…; the database ends at entry 1: the entries after it were deleted\.$/,
  ]);
  await expect(page.getByTestId('verify-advice')).toContainText('What to do: change nothing in the console');
  expect(problems.filter((problem) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(problem))).toEqual([]);
});
