import { expect, test } from '@playwright/test';
import { importGateCamera } from './support/gate-camera';
import { startHttpTarget, type HttpTarget } from './support/http-target';
import { E2E_ADMIN, newDataDir, openSignedIn, startServe, watchConsole, type RunningServe } from './support/serve';

/** A device dies, the console sounds, and the operator acknowledges it from the keyboard, on the record. */

let serve: RunningServe | null = null;
let target: HttpTarget | null = null;

test.afterEach(async () => {
  await serve?.stop();
  await target?.stop();
  serve = null;
  target = null;
});

test('a stopped target raises a sounding critical alert that is acknowledged from the keyboard, and the audit names who and why', async ({
  page,
}) => {
  const problems = watchConsole(page);
  // How long each sound the console's audio elements began playing is, as the browser reports it
  // ('playing'): the alarm must be heard, not only shown.
  await page.addInitScript(() => {
    const heard: number[] = [];
    Object.assign(window, { e2eSoundsHeard: heard });
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      this.addEventListener('playing', () => heard.push(this.duration), { once: true });
      return play.call(this);
    };
  });
  const sirensHeard = () =>
    page.evaluate(() => (window as unknown as { e2eSoundsHeard: number[] }).e2eSoundsHeard.filter((seconds) => seconds > 0.9).length);
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  await openSignedIn(page, serve);

  await importGateCamera(page, target);
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'ok');

  await target.stop();
  target = null;

  // Wherever the operator is, the alarm reaches them: banner, sound, status in the title.
  await expect(page.getByTestId('attention-banner')).toContainText('Harbour Gate', { timeout: 15_000 });
  await expect(page.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'true');
  await expect(page.getByTestId('sound-indicator')).toHaveAttribute('data-audio', 'ready');
  await expect.poll(sirensHeard).toBeGreaterThan(0);
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'critical');
  await expect(page).toHaveTitle(/CRITICAL/);

  await page.getByTestId('nav-alerts').click();
  const row = page.getByTestId('alert-row').filter({ hasText: 'Gate camera' });
  await expect(row).toHaveAttribute('data-severity', 'critical');
  await expect(row).toHaveAttribute('data-state', 'firing');
  await expect(page.getByTestId('alert-group').filter({ hasText: 'Harbour Gate' })).toHaveCount(1);

  await page.keyboard.press('j');
  await expect(row).toHaveAttribute('data-cursor', 'true');
  await page.keyboard.press('a');
  await expect(page.getByTestId('ack-dialog')).toBeVisible();
  await page.keyboard.press('1');
  await page.getByTestId('ack-note').pressSequentially('Guard sent to the gate');
  await page.keyboard.press('Enter');
  await expect(row).toHaveAttribute('data-state', 'acknowledged');
  await expect(page.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'false');
  await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'warning');

  await page.getByTestId('nav-audit').click();
  await page.getByLabel('Action').fill('alerts.acknowledge');
  await page.getByTestId('audit-apply').click();
  const entry = page.getByTestId('audit-row').first();
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(entry.getByTestId('audit-actor')).toHaveText(`${E2E_ADMIN.displayName} at 127.0.0.1`);
  await entry.getByRole('button', { name: /Show details/ }).click();
  await expect(page.locator('.audit-details, [id^="audit-details-"]').first()).toContainText('genuine');
  await expect(page.locator('.audit-details, [id^="audit-details-"]').first()).toContainText('Guard sent to the gate');

  // The target is gone on purpose; anything else in the browser console is a defect.
  expect(problems).toEqual([]);
});
