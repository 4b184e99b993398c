import { expect, test } from '@playwright/test';
import { newDataDir, openSignedIn, startServe, type RunningServe } from './support/serve';

/** Print / Save as PDF from a browser: the report's window is styled under the console's strict CSP. */

let serve: RunningServe | null = null;

test.afterEach(async () => {
  await serve?.stop();
  serve = null;
});

test('the incident report printed from a browser keeps its stylesheet, and the CSP refuses nothing', async ({ page, context }) => {
  serve = await startServe(newDataDir(), ['--demo']);
  await openSignedIn(page, serve);
  await page.getByTestId('nav-incidents').click();
  await page.getByTestId('incident-open').first().click();
  await expect(page.getByTestId('incident-view')).toBeVisible();
  await page.getByTestId('report-export').click();

  const refused: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  const [report] = await Promise.all([context.waitForEvent('page'), page.getByTestId('report-print').click()]);
  await report.waitForLoadState('load');
  await expect(report.locator('h1')).toBeVisible();
  // The report's own print styles apply: A4 rules, its fonts and its table borders.
  const styled = await report.evaluate(() => ({
    rules: [...document.styleSheets].reduce((total, sheet) => total + sheet.cssRules.length, 0),
    bodyFont: getComputedStyle(document.body).fontFamily,
    bodyMargin: getComputedStyle(document.body).margin,
  }));
  await report.screenshot({ path: test.info().outputPath('report.png') });
  expect(styled.rules).toBeGreaterThan(5);
  expect(styled.bodyMargin).not.toBe('8px');
  expect(refused).toEqual([]);
});
