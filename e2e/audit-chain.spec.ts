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
  const port = new URL(serve.url).port;
  // The page leaves first: its socket retrying against the restarted console (with the last
  // start's access cookie) would add a refusal to the log and move the numbers this test reads.
  await page.goto('about:blank');
  await serve.stop();

  // Someone with the data folder (and so the key file) removes the newest entry.
  const key = Buffer.from(readFileSync(join(dataDir, 'db.key'), 'utf8').trim(), 'hex');
  const store = openDatabase(join(dataDir, 'watchroom.db'), key);
  store.sqlite.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run();
  store.close();

  // On the same port the browser's session cookie is this console's again: the admin's session
  // outlives the restart, so no new sign-in adds to the log.
  serve = await startServe(dataDir, ['--port', port]);
  await page.goto(serve.url);
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('verify-result');
  await expect(result).toHaveAttribute('data-ok', 'false');
  // Entries 1 and 2 are the admin's set-up and sign-in, 3 and 4 the two names; 4 is gone.
  await expect(result).toContainText('1 problem in the audit chain (3 entries checked)');
  await expect(page.getByTestId('verify-problems').getByRole('listitem')).toHaveText([
    /^The log at .* recorded entry 4 with hash [0-9a-f]{16}…; the database ends at entry 3: the entries after it were deleted\.$/,
  ]);
  await expect(page.getByTestId('verify-advice')).toContainText('What to do: change nothing in the console');
  expect(problems.filter((problem) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(problem))).toEqual([]);
});
