import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { newDataDir, openSignedIn, startServe, watchConsole, type RunningServe } from './support/serve';

/** An on-site supervisor sets up a backup, runs it, sees it verified, and brings files back. */

let serve: RunningServe | null = null;

test.afterEach(async () => {
  await serve?.stop();
  serve = null;
});

test('a backup job made in the console runs, is verified, and restores chosen files to a new folder', async ({ page }) => {
  const problems = watchConsole(page);
  const source = join(newDataDir(), 'site-records');
  mkdirSync(join(source, 'patrols'), { recursive: true });
  writeFileSync(join(source, 'patrols', 'night-14.txt'), 'Tour completed 21:40 by guard 14\n'.repeat(500));
  writeFileSync(join(source, 'keys.csv'), 'key,holder\n12,gate\n');
  const destination = newDataDir();
  serve = await startServe(newDataDir());
  await openSignedIn(page, serve);

  await page.getByTestId('nav-backups').click();
  await page.getByTestId('backup-job-new').click();
  const form = page.getByTestId('backup-job-form');
  await form.getByTestId('backup-job-name').fill('Site records');
  await form.getByTestId('backup-job-folder-add').click();
  await form.getByTestId('backup-job-folder-path').fill(source);
  await form.getByTestId('backup-job-destination').fill(destination);
  await form.getByTestId('backup-job-passphrase').fill('correct horse battery staple');
  await form.getByTestId('backup-job-passphrase-confirm').fill('correct horse battery staple');
  await form.getByTestId('backup-job-save').click();

  const job = page.getByTestId('backup-job-row').filter({ hasText: 'Site records' });
  await expect(job).toBeVisible();
  await job.getByTestId('backup-run-now').click();
  await expect(page.getByTestId('backup-outcome').first()).toContainText('verified', { timeout: 30_000 });

  const row = page.getByTestId('backup-row').first();
  await expect(row.getByTestId('backup-verify-state')).toContainText(/good|✓/i);
  expect(readdirSync(destination).filter((name) => name.endsWith('.wrbk'))).toHaveLength(1);

  await row.getByTestId('backup-restore').click();
  const dialog = page.getByTestId('backup-restore-dialog');
  await dialog.getByTestId('backup-restore-kind-folder').check();
  const target = join(newDataDir(), 'brought-back');
  await dialog.getByTestId('backup-restore-path').fill(target);
  await dialog.getByTestId('backup-restore-submit').click();
  await expect(page.getByTestId('backup-outcome').first()).toContainText('restored to', { timeout: 30_000 });
  expect(readFileSync(join(target, 'site-records', 'patrols', 'night-14.txt'), 'utf8')).toBe(
    'Tour completed 21:40 by guard 14\n'.repeat(500),
  );

  expect(problems).toEqual([]);
});
