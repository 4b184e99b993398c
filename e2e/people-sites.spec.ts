import { expect, test } from '@playwright/test';
import { startHttpTarget, type HttpTarget } from './support/http-target';
import { countSentFrames, freshBrowser, peopleSockets, signIn, type Caller } from './support/people';
import { newDataDir, startServe, type RunningServe } from './support/serve';

/**
 * What a named person may do, as they see it in serve mode: the audit names them and their seat,
 * a control they may not use says who may (in core's words), a person limited to a site sees it
 * first and is refused another's, and a locked seat keeps the alarm and sends nothing.
 */

let serve: RunningServe | null = null;
let target: HttpTarget | null = null;
const people = peopleSockets();

test.afterEach(async () => {
  people.closeAll();
  await serve?.stop();
  await target?.stop();
  serve = null;
  target = null;
});

const OPERATOR = { username: 'olivia', displayName: 'Olivia Operator', password: 'night shift harbour 7' };
const LIMITED = { username: 'lena', displayName: 'Lena Limited', password: 'zeta yard night watch 3' };

/** Two sites, each with one camera probed every 5 s at its own path of `target`. Alpha sorts first by name; Zeta is Lena's. */
async function importTwoSites(admin: Caller, running: HttpTarget): Promise<void> {
  const camera = (id: string, siteId: string, name: string, path: string) => ({
    id,
    siteId,
    name,
    probe: { kind: 'http', url: running.url(path), method: 'GET' },
    intervalSeconds: 5,
    timeoutSeconds: 2,
    failuresToDown: 1,
  });
  await admin('config.import', {
    text: JSON.stringify({
      format: 'watchroom-config',
      version: 1,
      sites: [
        { id: 'site-alpha', name: 'Alpha depot', address: null, tags: [] },
        { id: 'site-zeta', name: 'Zeta yard', address: null, tags: [] },
      ],
      monitors: [camera('mon-alpha', 'site-alpha', 'Alpha camera', '/alpha'), camera('mon-zeta', 'site-zeta', 'Zeta camera', '/zeta')],
    }),
  });
}

test('an operator acknowledges an alert and the Audit page names them and their seat', async ({ browser }) => {
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  const admin = await people.callerAs(serve);
  await admin('users.create', { ...OPERATOR, role: 'operator', sites: null });
  await importTwoSites(admin, target);
  const seat = await freshBrowser(browser, serve);
  await signIn(seat, OPERATOR);
  await expect(seat.getByTestId('account-name')).toHaveText(OPERATOR.displayName);

  target.setStatus('/alpha', 503);
  await seat.getByTestId('nav-alerts').click();
  const row = seat.getByTestId('alert-row').filter({ hasText: 'Alpha camera' });
  await expect(row).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  await seat.keyboard.press('j');
  await seat.keyboard.press('a');
  await seat.keyboard.press('1');
  await seat.getByTestId('ack-note').pressSequentially('Guard on the way');
  await seat.keyboard.press('Enter');
  await expect(row).toHaveAttribute('data-state', 'acknowledged');

  await seat.getByTestId('nav-audit').click();
  await seat.getByLabel('Action').fill('alerts.acknowledge');
  await seat.getByTestId('audit-apply').click();
  await expect(seat.getByTestId('audit-row')).toHaveCount(1);
  await expect(seat.getByTestId('audit-row').first().getByTestId('audit-actor')).toHaveText(`${OPERATOR.displayName} at 127.0.0.1`);
});

test('an operator sees "Add silence" disabled with a tooltip saying a supervisor can, and core refuses them in the same words', async ({
  browser,
}) => {
  serve = await startServe(newDataDir());
  const admin = await people.callerAs(serve);
  await admin('users.create', { ...OPERATOR, role: 'operator', sites: null });
  const seat = await freshBrowser(browser, serve);
  await signIn(seat, OPERATOR);
  await expect(seat.getByTestId('account-name')).toHaveText(OPERATOR.displayName);

  await seat.getByTestId('nav-alert-config').click();
  await seat.getByTestId('alert-config-tab-silences').click();
  const add = seat.getByTestId('silence-add');
  await expect(add).toBeDisabled();
  await expect(add).toHaveAttribute('title', /supervisor/i);
  const tooltip = (await add.getAttribute('title')) ?? '';

  const asOlivia = await people.callerAs(serve, OPERATOR);
  const silence = {
    kind: 'silence',
    comment: 'Gate camera swap',
    scope: { kind: 'all' },
    schedule: { kind: 'once', startsAt: 1_900_000_000_000, endsAt: 1_900_003_600_000 },
  };
  await expect(asOlivia('silences.create', silence)).rejects.toThrow(tooltip);
  expect(tooltip).toBe('Only a supervisor or above may do this; Olivia Operator is an operator');
});

test('a person limited to one site sees its alerts first, the others set apart, and is refused a command on another site’s alert', async ({
  browser,
}) => {
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  const admin = await people.callerAs(serve);
  await admin('users.create', { ...LIMITED, role: 'operator', sites: ['site-zeta'] });
  await importTwoSites(admin, target);
  const seat = await freshBrowser(browser, serve);
  await signIn(seat, LIMITED);
  await expect(seat.getByTestId('account-name')).toHaveText(LIMITED.displayName);

  // The board: Zeta's camera first though Alpha sorts first by name, then the line, then Alpha's.
  await expect(seat.getByTestId('monitor-row')).toHaveCount(2, { timeout: 15_000 });
  await expect(seat.getByTestId('monitor-row').first()).toHaveAttribute('data-monitor-id', 'mon-zeta');
  await expect(seat.getByTestId('monitor-grid').getByTestId('other-sites-divider')).toHaveText('Other sites (a supervisor acts there)');

  // Zeta's camera fails first and Alpha's after: newest first would put Alpha on top, Lena's site comes first.
  await seat.getByTestId('nav-alerts').click();
  target.setStatus('/zeta', 503);
  await expect(seat.getByTestId('alert-row').filter({ hasText: 'Zeta camera' })).toHaveAttribute('data-state', 'firing', {
    timeout: 15_000,
  });
  target.setStatus('/alpha', 503);
  const alphaRow = seat.getByTestId('alert-row').filter({ hasText: 'Alpha camera' });
  await expect(alphaRow).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  // The two sites' groups (an admin signing in between 02:00 and 05:59 adds a console-wide security alert of its own).
  const siteGroups = seat.locator('[data-testid="alert-group"][data-site-id^="site-"]');
  await expect(siteGroups).toHaveCount(2);
  expect(await siteGroups.evaluateAll((groups) => groups.map((group) => (group as HTMLElement).dataset.siteId))).toEqual([
    'site-zeta',
    'site-alpha',
  ]);
  await expect(seat.getByTestId('alert-queue').getByTestId('other-sites-divider')).toBeVisible();

  // j walks the shown order: Zeta's alert, then Alpha's; `a` on Alpha's says who may, and sends nothing.
  const sentence = `Only a supervisor or above may act on sites outside their own; ${LIMITED.displayName} is an operator`;
  // (Past a console-wide security alert when an admin signed in between 02:00 and 05:59.)
  const cursorAt = () =>
    seat
      .locator('[data-testid="alert-row"][data-cursor="true"]')
      .getAttribute('data-alert-id', { timeout: 1_000 })
      .catch(() => null);
  const zetaId = await seat.getByTestId('alert-row').filter({ hasText: 'Zeta camera' }).getAttribute('data-alert-id');
  const walked: (string | null)[] = [];
  for (let step = 0; step < 4 && (await alphaRow.getAttribute('data-cursor')) !== 'true'; step++) {
    const before = await cursorAt();
    await seat.keyboard.press('j');
    await expect.poll(cursorAt).not.toBe(before);
    walked.push(await cursorAt());
  }
  await expect(alphaRow).toHaveAttribute('data-cursor', 'true');
  expect(walked[0]).toBe(zetaId);
  await seat.keyboard.press('a');
  await expect(seat.getByTestId('alert-command-error')).toContainText(sentence);
  await expect(seat.getByTestId('ack-dialog')).toHaveCount(0);

  // Core refuses the same command with the same sentence.
  const alphaId = (await alphaRow.getAttribute('data-alert-id')) ?? '';
  const asLena = await people.callerAs(serve, LIMITED);
  await expect(asLena('alerts.acknowledge', { id: alphaId, reason: 'genuine' })).rejects.toThrow(sentence);
  await expect(alphaRow).toHaveAttribute('data-state', 'firing');
});

test('a locked seat keeps the alarm sounding and the banner in view, and `a` on the queue sends nothing', async ({ browser }) => {
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  const admin = await people.callerAs(serve);
  await admin('users.create', { ...OPERATOR, role: 'operator', sites: null });
  await importTwoSites(admin, target);
  const seat = await (await browser.newContext()).newPage();
  const acknowledgementsSent = countSentFrames(seat, 'alerts.acknowledge');
  await seat.goto(serve.url);
  await signIn(seat, OPERATOR);
  await expect(seat.getByTestId('account-name')).toHaveText(OPERATOR.displayName);

  target.setStatus('/alpha', 503);
  await seat.getByTestId('nav-alerts').click();
  const row = seat.getByTestId('alert-row').filter({ hasText: 'Alpha camera' });
  await expect(row).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  await expect(seat.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'true');

  await seat.getByTestId('account-lock').click();
  await expect(seat.getByTestId('lock-panel')).toBeVisible();
  await expect(seat.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'true');
  await expect(seat.getByTestId('attention-banner')).toContainText('Alpha depot');
  await expect(row).toBeVisible();

  await seat.locator('#main').focus();
  await seat.keyboard.press('j');
  await seat.keyboard.press('a');
  await expect(seat.getByTestId('alert-command-error')).toContainText('This seat is locked: sign in to act');
  await expect(seat.getByTestId('ack-dialog')).toHaveCount(0);
  expect(acknowledgementsSent()).toBe(0);
  await expect(row).toHaveAttribute('data-state', 'firing');
  await expect(seat.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'true');
});
