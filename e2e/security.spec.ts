import { expect, test, type Browser, type Page } from '@playwright/test';
import { TOTP, Secret } from 'otpauth';
import { io, type Socket } from 'socket.io-client';
import type { Envelope } from '../src/shared/contract';
import { newDataDir, openSignedIn, sessionCookieFor, startServe, type RunningServe } from './support/serve';

/** The console watching its own security: what the Security page and the alert queue show an admin. */

let serve: RunningServe | null = null;
const sockets: Socket[] = [];

test.afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await serve?.stop();
  serve = null;
});

const OPERATOR = { username: 'olivia', displayName: 'Olivia Operator', password: 'night shift harbour 7' };

/** The contract in Node as the admin: to add people and change settings. */
async function asAdmin(running: RunningServe): Promise<(method: string, input?: unknown) => Promise<unknown>> {
  const { origin, cookie } = await sessionCookieFor(running);
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

async function addOperator(running: RunningServe): Promise<void> {
  await (
    await asAdmin(running)
  )('users.create', { ...OPERATOR, role: 'operator', sites: null });
}

async function wrongPasswords(browser: Browser, running: RunningServe, count: number): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(running.url);
  await expect(page.getByTestId('sign-in-screen')).toBeVisible();
  for (let attempt = 1; attempt <= count; attempt++) {
    await page.getByTestId('sign-in-username').fill(OPERATOR.username);
    await page.getByTestId('sign-in-password').fill(`wrong guess ${attempt}`);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('sign-in-problem')).toBeVisible();
    await expect(page.getByTestId('sign-in-submit')).toBeEnabled();
  }
  return page;
}

test('five wrong passwords lock the account: the admin sees the lockout on the Security page, its audit entry, and the high alert in the queue', async ({
  browser,
  page,
}) => {
  serve = await startServe(newDataDir());
  await addOperator(serve);
  const seat = await wrongPasswords(browser, serve, 5);
  await expect(seat.getByTestId('sign-in-problem')).toContainText(/try again at \d{1,2}:\d{2}/);

  await openSignedIn(page, serve, serve.admin, 'page=security');
  await expect(page.getByTestId('page-security')).toBeVisible();
  const lockout = page.getByTestId('security-event').and(page.locator('[data-type="lockout"]'));
  await expect(lockout).toHaveCount(1);
  await expect(lockout).toContainText(/The account "olivia" was locked until \d{2}:\d{2} after five failed sign-ins/);
  await expect(lockout.getByTestId('alert-severity')).toContainText('High');
  await expect(page.getByTestId('security-event').and(page.locator('[data-type="failed-sign-in"]'))).toHaveCount(4);
  await expect(page.getByTestId('security-top-usernames')).toContainText('olivia5');
  await expect(page.getByTestId('security-failures-chart')).toBeVisible();

  // The event's audit entry: the Audit page, filtered to it.
  await lockout.getByTestId('security-audit-link').click();
  await expect(page.getByTestId('page-audit')).toBeVisible();
  await expect(page.getByTestId('audit-table')).toContainText('auth.signIn');

  // The same lockout raised a high alert in the queue.
  await page.keyboard.press('g');
  await page.keyboard.press('q');
  const alert = page.getByTestId('alert-row').filter({ hasText: 'olivia' });
  await expect(alert).toHaveAttribute('data-severity', 'high');
  await expect(alert).toContainText(/locked until/);
});

test('while two-factor sign-in is required, a supervisor without an app sees only its set-up, keeps the recovery codes, then the console', async ({
  page,
}) => {
  serve = await startServe(newDataDir());
  const admin = await asAdmin(serve);
  const supervisor = { username: 'sven', displayName: 'Sven Supervisor', password: 'harbour watch keeper 9' };
  await admin('users.create', { ...supervisor, role: 'supervisor', sites: null });
  await admin('settings.set', { requireTwoFactorForSupervisors: true });

  await page.goto(serve.url);
  await page.getByTestId('sign-in-username').fill(supervisor.username);
  await page.getByTestId('sign-in-password').fill(supervisor.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('enrol-screen')).toContainText('requires an authenticator app for the role Supervisor');
  await expect(page.getByTestId('board-page')).toHaveCount(0);
  await expect(page.getByTestId('two-factor-qr')).toBeVisible();

  // The phone's app: the code for now from the secret shown.
  const secret = (await page.getByTestId('two-factor-secret').textContent()) ?? '';
  const code = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();
  await page.getByTestId('two-factor-code').fill(code);
  await page.getByTestId('two-factor-submit').click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await page.getByTestId('two-factor-submit').click();

  await expect(page.getByTestId('account-name')).toHaveText(supervisor.displayName);
  await expect(page.getByTestId('board-page')).toBeVisible();
});
