import { expect, test } from '@playwright/test';
import { newDataDir, openSignedIn, startServe, watchConsole, type RunningServe } from './support/serve';

/** `npm run serve` with demo data: every status an operator can meet is on the board, with no network. */

let serve: RunningServe | null = null;

test.afterEach(async () => {
  await serve?.stop();
  serve = null;
});

test('the demo site simulator shows every status on the board, and the heartbeat sender keeps its monitor up', async ({ page }) => {
  const problems = watchConsole(page);
  serve = await startServe(newDataDir(), ['--demo']);
  await openSignedIn(page, serve);

  await expect(page.getByTestId('site-tile')).toHaveCount(3);
  for (const status of ['up', 'degraded', 'down', 'unknown', 'maintenance', 'paused']) {
    try {
      await expect(page.locator(`[data-testid="monitor-row"][data-status="${status}"]`).first()).toBeVisible({ timeout: 30_000 });
    } catch (error) {
      // What the board showed instead is the evidence a rare failure needs (the rows are virtualized: the drawn ones).
      const drawn = await page
        .getByTestId('monitor-row')
        .evaluateAll((rows) =>
          rows.map((row) => `${row.getAttribute('data-status')}: ${(row as HTMLElement).innerText.replace(/\s+/g, ' ')}`),
        );
      throw new Error(`no ${status} row; ${await page.getByTestId('board-count').innerText()}:\n${drawn.join('\n')}`, { cause: error });
    }
  }
  const heartbeat = page.getByTestId('monitor-row').filter({ hasText: 'Alarm panel heartbeat' });
  await expect(heartbeat).toHaveAttribute('data-status', 'up');
  await heartbeat.click();
  await expect(page.getByTestId('monitor-heartbeat-url')).toContainText('/hb/');
  expect(problems).toEqual([]);
});

test('a demo folder remembers it is one: started again without --demo, the simulator runs and nothing is seeded twice', async ({
  page,
}) => {
  const dataDir = newDataDir();
  serve = await startServe(dataDir, ['--demo']);
  await openSignedIn(page, serve);
  await expect(page.getByTestId('site-tile')).toHaveCount(3);
  // The board's own count, not its rows: how many rows are drawn depends on the window and on
  // whether the early first paint or the virtualized grid is on screen.
  const boardCount = page.getByTestId('board-count');
  await expect(boardCount).toHaveText(/^\d+ monitors/);
  const monitors = Number(/^(\d+)/.exec(await boardCount.innerText())?.[1]);
  expect(monitors).toBeGreaterThan(0);
  await serve.stop();

  serve = await startServe(dataDir);
  await openSignedIn(page, serve);
  await expect(page.getByTestId('site-tile')).toHaveCount(3);
  await expect(boardCount).toHaveText(new RegExp(`^${monitors} monitors`));
  // The simulator moved to new ports and the demo monitors followed it: the healthy ones come up again.
  await expect(page.getByTestId('monitor-row').filter({ hasText: 'NVR web interface' })).toHaveAttribute('data-status', 'up', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('monitor-row').filter({ hasText: 'Alarm panel heartbeat' })).toHaveAttribute('data-status', 'up', {
    timeout: 30_000,
  });
});
