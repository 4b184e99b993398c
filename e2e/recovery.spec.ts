import { expect, test } from '@playwright/test';
import { peopleSockets, type Caller } from './support/people';
import { newDataDir, openSignedIn, startServe, watchConsole, type RunningServe } from './support/serve';

/**
 * Issue 16: console A's workstation is lost. A fresh console B is given the backup folder and the
 * passphrase, nothing else; it lists A's backups, restores A's database, and after a restart shows
 * A's sites and backup history.
 */

const PASSPHRASE = 'correct horse battery staple';
const running: RunningServe[] = [];
const sockets = peopleSockets();

test.afterEach(async () => {
  sockets.closeAll();
  for (const serve of running.splice(0)) await serve.stop();
});

async function start(dataDir: string): Promise<RunningServe> {
  const serve = await startServe(dataDir);
  running.push(serve);
  return serve;
}

async function stop(serve: RunningServe): Promise<void> {
  running.splice(running.indexOf(serve), 1);
  await serve.stop();
}

/** Backs the job up by hand and waits until the new backup is on record (read back good). */
async function backUp(call: Caller, jobId: string, count: number): Promise<void> {
  await call('backups.runNow', { jobId });
  await expect.poll(async () => ((await call('backups.list', { jobId })) as unknown[]).length, { timeout: 30_000 }).toBe(count);
}

test('a backup made by console A is restored on a fresh console B from the folder alone with the passphrase; B shows A’s sites and history', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const destination = newDataDir();

  // Console A: a site and a nightly job; two backups, so the newer one holds the first run's record.
  const a = await start(newDataDir());
  const callA = await sockets.callerAs(a);
  await callA('sites.create', { name: 'Harbour Gate' });
  const job = (await callA('backups.createJob', {
    name: 'Nightly',
    sources: [{ kind: 'database' }],
    destination,
    passphrase: PASSPHRASE,
  })) as { id: string };
  await backUp(callA, job.id, 1);
  await backUp(callA, job.id, 2);
  sockets.closeAll();
  await stop(a);

  // Console B: a fresh install on a replacement workstation.
  const problems = watchConsole(page);
  const bDataDir = newDataDir();
  const b = await start(bDataDir);
  await openSignedIn(page, b);
  await page.getByTestId('nav-backups').click();
  await expect(page.getByTestId('backup-jobs-empty')).toBeVisible();
  await page.getByTestId('backup-open-folder').click();
  await page.getByTestId('backup-folder-path').fill(destination);
  await page.getByTestId('backup-folder-passphrase').fill(PASSPHRASE);
  await page.getByTestId('backup-folder-open').click();
  const rows = page.getByTestId('folder-backup-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-opened', 'true');
  await expect(rows.first()).toContainText('The console’s database');

  await rows.first().getByTestId('folder-backup-verify').click();
  await expect(page.getByTestId('backup-outcome').first()).toContainText('every frame authenticated', { timeout: 30_000 });

  await rows.first().getByTestId('folder-backup-restore-database').click();
  await page.getByTestId('folder-restore-confirm').fill('RESTORE');
  await page.getByTestId('folder-restore-start').click();
  await expect(page.getByTestId('backup-outcome').filter({ hasText: 'Restart Watchroom' })).toBeVisible({ timeout: 30_000 });
  await stop(b);

  // B starts on A's database: A's sites, A's job, and the run it had made.
  const restarted = await start(bDataDir);
  await openSignedIn(page, restarted);
  await page.getByTestId('nav-sites').click();
  await expect(page.getByTestId('site-row').filter({ hasText: 'Harbour Gate' })).toBeVisible();
  await page.getByTestId('nav-backups').click();
  await expect(page.getByTestId('backup-job-row').filter({ hasText: 'Nightly' })).toBeVisible();
  await expect(page.getByTestId('backup-run-row').first()).toHaveAttribute('data-outcome', 'good');
  // The page reconnecting across B's restart is expected; nothing else may have gone wrong.
  expect(problems.filter((problem) => !/WebSocket|ERR_CONNECTION|socket/i.test(problem))).toEqual([]);
});
