import { expect, test, type Browser, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { Envelope } from '../src/shared/contract';
import { authPathOf } from '../src/shared/domain/serve-access';
import { importGateCamera } from './support/gate-camera';
import { startHttpTarget, type HttpTarget } from './support/http-target';
import { newDataDir, openSignedIn, sessionCookieFor, startServe, watchConsole, type Credentials, type RunningServe } from './support/serve';

/** A named person behind every command: set-up, sign-in, lockout, the lock screen and ended sessions, in serve mode. */

let serve: RunningServe | null = null;
let target: HttpTarget | null = null;
const sockets: Socket[] = [];

test.afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await serve?.stop();
  await target?.stop();
  serve = null;
  target = null;
});

const OPERATOR = { username: 'olivia', displayName: 'Olivia Operator', password: 'night shift harbour 7' };

/** The contract in Node as `who` (the admin unless named): to make users and read what core recorded. */
async function callerAs(running: RunningServe, who?: Credentials): Promise<(method: string, input?: unknown) => Promise<unknown>> {
  const { origin, cookie } = await sessionCookieFor(running, who);
  const socket = io(origin, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return async (method, input) => {
    const envelope = (await socket.timeout(10_000).emitWithAck(method, input ?? null)) as Envelope;
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.value;
  };
}

async function addOperator(running: RunningServe, person: typeof OPERATOR = OPERATOR): Promise<void> {
  const admin = await callerAs(running);
  await admin('users.create', { ...person, role: 'operator', sites: null });
}

/** A browser of its own (its own cookies) at the printed address, showing the sign-in screen. */
async function freshBrowser(browser: Browser, running: RunningServe): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(running.url);
  await expect(page.getByTestId('sign-in-screen')).toBeVisible();
  return page;
}

async function signIn(page: Page, who: Credentials): Promise<void> {
  await page.getByTestId('sign-in-username').fill(who.username);
  await page.getByTestId('sign-in-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
}

test('the first start of an empty console makes its first admin on the set-up screen, refusing a common password beside the field', async ({
  page,
}) => {
  const problems = watchConsole(page);
  serve = await startServe(newDataDir(), [], { setUp: false });
  await page.goto(serve.url);
  await expect(page.getByTestId('setup-screen')).toBeVisible();

  await page.getByTestId('setup-username').fill('Chief');
  await page.getByTestId('setup-display-name').fill('Chief Admin');
  await page.getByTestId('setup-password').fill('short');
  await page.getByTestId('setup-repeat').fill('short');
  await page.getByTestId('setup-submit').click();
  await expect(page.locator('[data-testid="field-error"][data-field="password"]')).toContainText('At least 8 characters');

  // Long enough, but on the list of common passwords: core refuses it, said beside the field.
  await page.getByTestId('setup-password').fill('password123');
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /[01]/);
  await page.getByTestId('setup-repeat').fill('password123');
  await page.getByTestId('setup-submit').click();
  await expect(page.locator('[data-testid="field-error"][data-field="password"]')).toBeVisible();
  await expect(page.getByTestId('setup-screen')).toBeVisible();

  await page.getByTestId('setup-password').fill('the harbour lantern at dawn');
  await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /[34]/);
  await page.getByTestId('setup-repeat').fill('the harbour lantern at dawn');
  await page.getByTestId('setup-submit').click();

  await expect(page.getByTestId('account-name')).toHaveText('Chief Admin');
  await expect(page.getByTestId('account-role')).toHaveText('Admin');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  // A reload keeps the person signed in: the session is in an HttpOnly cookie, not in the page.
  await page.reload();
  await expect(page.getByTestId('account-name')).toHaveText('Chief Admin');
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(problems.filter((problem) => !/status of 40[0-9]/.test(problem))).toEqual([]);
});

test('an operator signs in, acknowledges an alert, and the audit log names them and their seat', async ({ browser }) => {
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  await addOperator(serve);
  const operator = await freshBrowser(browser, serve);
  await signIn(operator, OPERATOR);
  await expect(operator.getByTestId('account-name')).toHaveText(OPERATOR.displayName);
  await expect(operator.getByTestId('account-role')).toHaveText('Operator');

  // The admin sets up the camera; the operator works the alert it raises.
  const admin = await callerAs(serve);
  await admin('config.import', {
    text: JSON.stringify({
      format: 'watchroom-config',
      version: 1,
      sites: [{ id: 'site-harbour', name: 'Harbour Gate', address: null, tags: [] }],
      monitors: [
        {
          id: 'mon-gate-camera',
          siteId: 'site-harbour',
          name: 'Gate camera',
          probe: { kind: 'http', url: target.url('/camera'), method: 'GET' },
          intervalSeconds: 5,
          timeoutSeconds: 2,
          failuresToDown: 1,
        },
      ],
    }),
  });
  await expect(operator.getByTestId('monitor-row').filter({ hasText: 'Gate camera' })).toHaveAttribute('data-status', 'up', {
    timeout: 15_000,
  });
  await target.stop();
  target = null;

  await operator.getByTestId('nav-alerts').click();
  const row = operator.getByTestId('alert-row').filter({ hasText: 'Gate camera' });
  await expect(row).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  await operator.keyboard.press('j');
  await operator.keyboard.press('a');
  await operator.keyboard.press('1');
  await operator.getByTestId('ack-note').pressSequentially('Guard on the way');
  await operator.keyboard.press('Enter');
  await expect(row).toHaveAttribute('data-state', 'acknowledged');

  const users = (await admin('users.list')) as { id: string; username: string }[];
  const olivia = users.find((user) => user.username === OPERATOR.username);
  const { entries } = (await admin('audit.list', { action: 'alerts.acknowledge', limit: 10 })) as {
    entries: { actor: string; after: { ackBy: string } }[];
  };
  expect(entries).toHaveLength(1);
  // The entry names the person by user id, and the alert by their display name.
  expect(entries[0]?.actor).toBe(olivia?.id);
  expect(entries[0]?.after.ackBy).toBe(OPERATOR.displayName);
});

test('five wrong passwords lock the account, and the sign-in screen says until when', async ({ browser }) => {
  serve = await startServe(newDataDir());
  await addOperator(serve);
  const page = await freshBrowser(browser, serve);
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signIn(page, { username: OPERATOR.username, password: `wrong guess ${attempt}` });
    await expect(page.getByTestId('sign-in-problem')).toBeVisible();
    await expect(page.getByTestId('sign-in-submit')).toBeEnabled();
  }
  await signIn(page, { username: OPERATOR.username, password: 'wrong guess 5' });
  await expect(page.getByTestId('sign-in-problem')).toContainText(/try again at \d{1,2}:\d{2}/);

  // The right password does not open it early (core's answer to it, not attempt 5's message, is what is read).
  const answered = page.waitForResponse((response) => response.url().endsWith(authPathOf('auth.signIn')));
  await signIn(page, OPERATOR);
  await answered;
  await expect(page.getByTestId('sign-in-submit')).toBeEnabled();
  await expect(page.getByTestId('sign-in-problem')).toContainText(/try again at/);
  await expect(page.getByTestId('sign-in-screen')).toBeVisible();
});

test('a locked seat keeps the board and the sounding alarm in view and refuses every command, the `a` key included, until someone signs in', async ({
  page,
}) => {
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  await addOperator(serve);
  const seat = page;
  await openSignedIn(seat, serve);
  await importGateCamera(seat, target);
  await seat.getByTestId('account-sign-out').click();
  await expect(seat.getByTestId('sign-in-screen')).toBeVisible();
  await signIn(seat, OPERATOR);
  await expect(seat.getByTestId('account-name')).toHaveText(OPERATOR.displayName);

  await target.stop();
  target = null;
  await seat.getByTestId('nav-alerts').click();
  const row = seat.getByTestId('alert-row').filter({ hasText: 'Gate camera' });
  await expect(row).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  await expect(seat.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'true');

  await seat.getByTestId('account-lock').click();
  await expect(seat.getByTestId('lock-panel')).toBeVisible();
  // Everything an operator watches stays: the queue, the banner, the alarm.
  await expect(row).toBeVisible();
  await expect(seat.getByTestId('attention-banner')).toContainText('Harbour Gate');
  await expect(seat.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'true');

  // `a` on the queue: core refuses, nothing changes.
  await seat.locator('#main').focus();
  await seat.keyboard.press('j');
  await seat.keyboard.press('a');
  const dialog = seat.getByTestId('ack-dialog');
  if (await dialog.isVisible()) {
    await seat.keyboard.press('1');
    await seat.getByTestId('ack-note').pressSequentially('Should not land');
    await seat.keyboard.press('Enter');
    await expect(dialog).toContainText(/locked/i);
    await seat.keyboard.press('Escape');
  }
  await expect(row).toHaveAttribute('data-state', 'firing');

  // The same person unlocks from the compact panel, and the key works again.
  await seat.getByTestId('lock-password').fill(OPERATOR.password);
  await seat.getByTestId('lock-submit').click();
  await expect(seat.getByTestId('lock-panel')).toHaveCount(0);
  await seat.locator('#main').focus();
  // The cursor onto the camera's alert (an admin signing in between 02:00 and 05:59 adds a security alert below it).
  for (let step = 0; step < 3 && (await row.getAttribute('data-cursor')) !== 'true'; step++) {
    await seat.keyboard.press('j');
    await expect(seat.locator('[data-testid="alert-row"][data-cursor="true"]')).toHaveCount(1);
  }
  await expect(row).toHaveAttribute('data-cursor', 'true');
  await seat.keyboard.press('a');
  await seat.keyboard.press('1');
  await seat.getByTestId('ack-note').pressSequentially('Unlocked and on it');
  await seat.keyboard.press('Enter');
  await expect(row).toHaveAttribute('data-state', 'acknowledged');
});

test('an admin ends a session on the Sessions page and that browser is signed out at once', async ({ page, browser }) => {
  serve = await startServe(newDataDir());
  await addOperator(serve);
  const operator = await freshBrowser(browser, serve);
  await signIn(operator, OPERATOR);
  await expect(operator.getByTestId('account-name')).toHaveText(OPERATOR.displayName);

  await openSignedIn(page, serve);
  await page.getByTestId('nav-sessions').click();
  const session = page.getByTestId('session-row').filter({ hasText: OPERATOR.displayName });
  await expect(session).toHaveCount(1);
  await session.getByTestId('session-end').click();
  await page.getByTestId('session-end-confirm').click();
  await expect(session).toHaveCount(0);

  await expect(operator.getByTestId('sign-in-screen')).toBeVisible({ timeout: 5_000 });
  await expect(operator.getByTestId('board-page')).toHaveCount(0);
});

test('two operators in two browsers: one asks to take over the other’s incident, the request reaches both the owner’s seats, the owner accepts, ownership moves, and comes back by a handover', async ({
  browser,
}) => {
  serve = await startServe(newDataDir());
  const oscar = { username: 'oscar', displayName: 'Oscar Operator', password: 'day shift lighthouse 9' };
  await addOperator(serve);
  await addOperator(serve, oscar);
  const asOlivia = await callerAs(serve, OPERATOR);
  const incident = (await asOlivia('incidents.create', { title: 'Fence alarm at Depot North', priority: 'P2', sopSlug: null })) as {
    id: string;
  };
  const incidentPage = `page=incident&incident=${incident.id}`;

  const owner = await (await browser.newContext()).newPage();
  await openSignedIn(owner, serve, OPERATOR, incidentPage);
  // The owner is signed in at a second seat too: the request reaches both.
  const ownersOtherSeat = await (await browser.newContext()).newPage();
  await openSignedIn(ownersOtherSeat, serve, OPERATOR, incidentPage);
  const asker = await (await browser.newContext()).newPage();
  await openSignedIn(asker, serve, oscar, incidentPage);
  await expect(asker.getByTestId('incident-owner')).toContainText(OPERATOR.displayName);

  await asker.getByTestId('takeover-ask').click();
  await asker.getByTestId('takeover-request-text').fill('Taking over for the day shift');
  await asker.getByTestId('takeover-request-submit').click();

  // The request reaches the owner where they are signed in.
  await expect(owner.getByTestId('takeover-request')).toContainText(oscar.displayName);
  await expect(ownersOtherSeat.getByTestId('takeover-request')).toContainText(oscar.displayName);
  await expect(ownersOtherSeat.getByTestId('takeover-accept')).toBeVisible();
  await owner.getByTestId('takeover-accept').click();
  await expect(owner.getByTestId('incident-owner')).toContainText(oscar.displayName);
  await expect(asker.getByTestId('incident-owner')).toContainText(oscar.displayName);
  await expect(ownersOtherSeat.getByTestId('incident-owner')).toContainText(oscar.displayName);
  await expect(ownersOtherSeat.getByTestId('takeover-request')).toHaveCount(0);
  await expect(asker.getByTestId('hand-over')).toBeVisible();

  // Handed back to a person picked from the list: Olivia owns it at once, by id, at both her seats.
  await asker.getByTestId('hand-over').click();
  await asker.getByTestId('hand-over-to').selectOption({ label: `${OPERATOR.displayName} (Operator)` });
  await asker.getByTestId('hand-over-submit').click();
  await expect(owner.getByTestId('incident-owner')).toContainText(OPERATOR.displayName);
  await expect(ownersOtherSeat.getByTestId('hand-over')).toBeVisible();
  await expect(asker.getByTestId('takeover-ask')).toBeVisible();
});

test('an operator is refused a silence, with a message saying a supervisor can', async () => {
  serve = await startServe(newDataDir());
  await addOperator(serve);
  const asOlivia = await callerAs(serve, OPERATOR);
  const silence = {
    kind: 'silence',
    comment: 'Gate camera swap',
    scope: { kind: 'all' },
    schedule: { kind: 'once', startsAt: 1_900_000_000_000, endsAt: 1_900_003_600_000 },
  };
  await expect(asOlivia('silences.create', silence)).rejects.toThrow(/supervisor/i);
});

test('an admin pairs a wall display on the Users page; at its pairing address the display shows the wall as a viewer, and changes nothing', async ({
  page,
  browser,
}) => {
  serve = await startServe(newDataDir());
  await openSignedIn(page, serve, serve.admin, 'page=users');
  await page.getByTestId('pair-display').click();
  await page.getByTestId('pair-display-name').fill('Wall 1');
  await page.getByTestId('pair-display-submit').click();
  const address = (await page.getByTestId('pairing-address').textContent()) ?? '';
  expect(address).toMatch(/#pair=/);

  const wall = await freshBrowser(browser, serve);
  await wall.goto(address);
  await expect(wall.getByTestId('page-wall')).toBeVisible();
  expect(wall.url()).not.toContain('pair=');
  // The console behind the wall view knows the display by its name and as a viewer.
  await wall.goto(`${serve.url}&page=board`);
  await expect(wall.getByTestId('account-name')).toHaveText('Wall 1');
  await expect(wall.getByTestId('account-role')).toHaveText('Wall display');
  await expect(wall.getByTestId('board-page')).toBeVisible();
  // The next day (a reload, a restart of the browser tab) it is still the display, with no sign-in.
  await wall.reload();
  await expect(wall.getByTestId('account-name')).toHaveText('Wall 1');
});

test('a seat left idle locks by itself (a short idle setting of one minute) and keeps the board in view', async ({ browser }) => {
  // Core's idle lock counts whole minutes and its sweep runs every 15 s: up to 75 s of waiting, no sleep.
  test.setTimeout(150_000);
  serve = await startServe(newDataDir());
  await addOperator(serve);
  const admin = await callerAs(serve);
  await admin('settings.set', { idleLockMinutesOperator: 1 });
  const seat = await freshBrowser(browser, serve);
  await signIn(seat, OPERATOR);
  await expect(seat.getByTestId('board-page')).toBeVisible();

  await expect(seat.getByTestId('lock-panel')).toBeVisible({ timeout: 100_000 });
  await expect(seat.getByTestId('board-page')).toBeVisible();
  await expect(seat.getByTestId('lock-username')).toHaveValue(OPERATOR.username);
  await seat.getByTestId('lock-password').fill(OPERATOR.password);
  await seat.getByTestId('lock-submit').click();
  await expect(seat.getByTestId('lock-panel')).toHaveCount(0);
});
