import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { peopleSockets } from './support/people';
import { newDataDir, openSignedIn, startServe, type RunningServe } from './support/serve';

/**
 * Reports in serve mode on the demo data: the availability report of the month under way (its
 * figures and the chart), the monthly review with its arrows against the month before, both as CSV
 * and Markdown downloads, and the report printed from a browser in a window of its own, styled by
 * the stylesheet the console's CSP lets in by its hash. (Exact figures from seeded months are the
 * unit tests' in src/core/reports; the desktop's PDF export is src/main/report-pdf-policy.test.ts.)
 */

let serve: RunningServe | null = null;
const people = peopleSockets();

test.afterEach(async () => {
  people.closeAll();
  await serve?.stop();
  serve = null;
});

interface AvailabilityTotals {
  totals: { uptimePercent: number | null };
  label: string;
}

interface ReviewTotals {
  alerts: { total: { value: number } };
  incidents: { total: { value: number } };
}

const downloaded = async (page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> => {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
};

test('a supervisor reads the availability report and the monthly review, downloads both and prints one', async ({ page, context }) => {
  serve = await startServe(newDataDir(), ['--demo']);
  const admin = await people.callerAs(serve);
  await admin('settings.set', { timeZone: 'utc' });
  // The demo's history starts now: the month under way is the one with figures (the page opens on the month before).
  const month = new Date().toISOString().slice(0, 7);
  let label = '';
  await expect
    .poll(
      async () => {
        const report = (await admin('reports.availability', { month })) as AvailabilityTotals;
        label = report.label;
        return report.totals.uptimePercent;
      },
      { timeout: 30_000 },
    )
    .not.toBeNull();
  // The review compares this month with the one before: wait until the demo has raised its first alert and incident.
  await expect
    .poll(
      async () => {
        const review = (await admin('reports.operationsReview', { month })) as ReviewTotals;
        return Math.min(review.alerts.total.value, review.incidents.total.value);
      },
      { timeout: 60_000 },
    )
    .toBeGreaterThan(0);

  await openSignedIn(page, serve, serve.admin, 'reports');
  await page.getByTestId('reports-month').fill(month);
  await expect(page.getByTestId('availability-report')).toContainText(`Availability ${label}`);
  await expect(page.getByTestId('availability-summary')).toContainText(/\d+ monitors, uptime \d+(\.\d+)? %/);
  await expect(page.getByTestId('availability-site').filter({ hasText: 'Harbour Gate' })).toBeVisible();
  await expect(page.getByTestId('availability-monitor').filter({ hasText: 'Gate uplink' })).toBeVisible();
  const chart = page.getByTestId('reports-uptime-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();

  const csv = await downloaded(page, () => page.getByTestId('availability-export-csv').click());
  expect(csv.name).toMatch(/^availability-[a-z]+-\d{4}\.csv$/);
  expect(csv.text.split('\r\n')[0]).toMatch(/^level,site,monitor,uptime_percent,downtime_minutes,outages,longest_outage_minutes/);
  expect(csv.text).toMatch(/\r\nsite,Harbour Gate,,\d/);
  expect(csv.text).toMatch(/\r\nmonitor,Harbour Gate,Gate uplink,\d/);
  const markdown = await downloaded(page, () => page.getByTestId('availability-export-md').click());
  expect(markdown.name).toBe(csv.name.replace(/\.csv$/, '.md'));
  expect(markdown.text).toContain(`# Availability ${label} \u2014 Demo control room`);
  expect(markdown.text).toMatch(/\| Harbour Gate \| Gate uplink \| \d+(\.\d+)? % \|/);

  // Printed from a browser: the report alone in a window of its own, its stylesheet let in by the CSP.
  const refused: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  await expect(page.getByTestId('availability-export-print')).toHaveText('Print');
  const [printed] = await Promise.all([context.waitForEvent('page'), page.getByTestId('availability-export-print').click()]);
  await printed.waitForLoadState('load');
  await expect(printed.locator('h1')).toHaveText(`Availability ${label}`);
  await expect(printed.locator('td', { hasText: 'Gate uplink' })).toBeVisible();
  const styled = await printed.evaluate(() => ({
    rules: [...document.styleSheets].reduce((total, sheet) => total + sheet.cssRules.length, 0),
    bodyMargin: getComputedStyle(document.body).margin,
    cellBorder: getComputedStyle(document.querySelector('td')!).borderTopStyle,
  }));
  await printed.screenshot({ path: test.info().outputPath('availability-print.png') });
  expect(styled.rules).toBeGreaterThan(5);
  expect(styled.bodyMargin).not.toBe('8px');
  expect(styled.cellBorder).toBe('solid');
  expect(refused).toEqual([]);
  await printed.close();

  // The monthly review: this month's alerts and incident against none the month before, arrows up.
  await page.getByTestId('reports-tab-review').click();
  const review = page.getByTestId('operations-review');
  await expect(review).toContainText(`Operations review ${label}`);
  await expect(page.getByTestId('review-chain')).toContainText('Audit chain intact');
  const alerts = page.getByTestId('review-alerts-total').locator('.reports-trend');
  await expect(alerts).toHaveAttribute('data-trend', 'up');
  await expect(alerts.locator('.reports-trend__arrow')).toHaveText('\u2191');
  await expect(page.getByTestId('review-incidents-total').locator('.reports-trend')).toHaveAttribute('data-trend', 'up');

  const reviewCsv = await downloaded(page, () => page.getByTestId('review-export-csv').click());
  expect(reviewCsv.name).toBe(`operations-review-${month}.csv`);
  expect(reviewCsv.text).toMatch(/\r\nIncidents,total,[1-9]\d*,0,up\r\n/);
  expect(reviewCsv.text).toMatch(/\r\nAlerts,total,[1-9]\d*,0,up\r\n/);
  const reviewMarkdown = await downloaded(page, () => page.getByTestId('review-export-md').click());
  expect(reviewMarkdown.text).toContain(`# Operations review ${label}`);
  expect(reviewMarkdown.text).toMatch(/\| total \| [1-9]\d* \u2191 \(0\) \|/);
});
