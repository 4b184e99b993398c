import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { importGateCamera } from './support/gate-camera';
import { startHttpTarget, type HttpTarget } from './support/http-target';
import { newDataDir, openSignedIn, startServe, watchConsole, type RunningServe } from './support/serve';

/** From a firing alert to a resolved incident with its report: the control room's response, step by step. */

let serve: RunningServe | null = null;
let target: HttpTarget | null = null;

test.afterEach(async () => {
  await serve?.stop();
  await target?.stop();
  serve = null;
  target = null;
});

test('a P1 "camera or recorder down" incident from a firing alert is worked through its SOP, resolved, and its report holds every step with who and when', async ({
  page,
}) => {
  const problems = watchConsole(page);
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  await openSignedIn(page, serve);
  await importGateCamera(page, target);
  await target.stop();
  target = null;

  await page.getByTestId('nav-alerts').click();
  const row = page.getByTestId('alert-row').filter({ hasText: 'Gate camera' });
  await expect(row).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  await page.keyboard.press('j');
  await expect(row).toHaveAttribute('data-cursor', 'true');

  // i: an incident from the alert under the cursor.
  await page.keyboard.press('i');
  const dialog = page.getByTestId('create-incident-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('create-incident-alerts')).toContainText('Gate camera');
  await dialog.getByTestId('create-incident-priority-P1').check();
  await dialog.getByTestId('create-incident-sop').selectOption('camera-down');
  await dialog.getByRole('button', { name: /Create/ }).click();

  const view = page.getByTestId('incident-view');
  await expect(view).toBeVisible();
  await expect(page.getByTestId('incident-priority')).toContainText('P1');
  await expect(page.getByTestId('incident-sop')).toContainText('Camera or recorder down');
  await expect(page.getByTestId('clock-respond')).toHaveAttribute('data-phase', 'met');
  await expect(page.getByTestId('clock-resolve')).toHaveAttribute('data-phase', 'ok');

  const step = (id: string) => page.locator(`[data-testid="sop-step"][data-step-id="${id}"]`);
  // Space checks the focused step; focus then moves to the next open one.
  await expect(step('identify-scope')).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press(' ');
  await expect(step('identify-scope')).toHaveAttribute('data-status', 'done');
  await expect(step('remote-restart')).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press(' ');
  await expect(step('remote-restart')).toHaveAttribute('data-status', 'done');

  // A yes/no step asks; "no" leads to the vendor ticket.
  await expect(step('video-back')).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('step-done-dialog')).toBeVisible();
  await page.keyboard.press('n');
  await page.keyboard.press('Enter');
  await expect(step('video-back')).toHaveAttribute('data-status', 'done');

  // An input step refuses a reference in the wrong form and takes the right one.
  await expect(step('vendor-ticket')).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press(' ');
  await page.getByTestId('step-value').fill('12345');
  await page.getByTestId('step-value').press('Enter');
  await expect(page.locator('[data-testid="field-error"][data-field="value"]')).toContainText('NVR-20931');
  await expect(step('vendor-ticket')).toHaveAttribute('data-status', 'open');
  await page.getByTestId('step-value').fill('NVR-20931');
  await page.getByTestId('step-note').fill('Vendor promises a technician by 10:00');
  await page.getByTestId('step-value').press('Enter');
  await expect(step('vendor-ticket')).toHaveAttribute('data-status', 'done');

  await expect(step('inform-client')).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press(' ');
  await expect(step('inform-client')).toHaveAttribute('data-status', 'done');

  // n: a note on the timeline.
  await page.keyboard.press('n');
  await page.getByTestId('note-text').fill('Site manager informed by phone');
  await page.getByTestId('note-text').press('Enter');
  await expect(page.getByTestId('incident-timeline')).toContainText('Site manager informed by phone');

  await page.getByTestId('incident-resolve').click();
  await page.getByTestId('resolve-incident-resolution').fill('Recorder replaced under the vendor ticket');
  await page
    .getByRole('button', { name: /^Resolve/ })
    .last()
    .click();
  await expect(page.getByTestId('incident-resolved')).toBeVisible();

  await page.getByTestId('report-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download-md').click()]);
  expect(download.suggestedFilename()).toMatch(/^INC-1-.*\.md$/);
  const markdown = readFileSync((await download.path())!, 'utf8');
  for (const title of [
    'Note which cameras are down and since when',
    'Restart the camera or recorder remotely',
    'Is the video back after the restart?',
    'Raise a fault ticket with the recorder vendor',
    'Tell the client which cameras were out of cover and for how long',
  ]) {
    // Each step's row of the checklist table: the step, who did it and when.
    const checklist = markdown.slice(markdown.indexOf('## SOP checklist'));
    const row = checklist.split('\n').find((line) => line.includes(title) && line.startsWith('|'));
    expect(row, title).toMatch(/Erin Admin.*\d{1,2}:\d{2}/);
  }
  expect(markdown).toContain('NVR-20931');
  expect(markdown).toContain('Vendor promises a technician by 10:00');
  expect(markdown).toContain('Erin Admin');
  expect(markdown).toContain('Recorder replaced under the vendor ticket');
  expect(markdown).toContain('Site manager informed by phone');

  // The camera is gone on purpose; anything else in the browser console is a defect.
  expect(problems).toEqual([]);
});
