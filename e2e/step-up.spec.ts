import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { Envelope } from '../src/shared/contract';
import { newDataDir, openSignedIn, sessionCookieFor, startServe, watchConsole, type Credentials, type RunningServe } from './support/serve';

/** A supervisor standing behind an operator authorizes one action at the operator's seat, in serve mode. */

let serve: RunningServe | null = null;
const sockets: Socket[] = [];

test.afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await serve?.stop();
  serve = null;
});

const OPERATOR = { username: 'olivia', displayName: 'Olivia Operator', password: 'night shift harbour 7' };
const SUPERVISOR = { username: 'sam', displayName: 'Sam Supervisor', password: 'gatehouse kettle morning 3' };

/** The contract in Node as `who` (the admin unless named): to make users, templates and incidents. */
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

test('an operator’s supervisor step is disabled saying a supervisor may; a supervisor steps up at the seat, the step is done, and the audit names both', async ({
  page,
}) => {
  const problems = watchConsole(page);
  serve = await startServe(newDataDir());
  const admin = await callerAs(serve);
  await admin('users.create', { ...OPERATOR, role: 'operator', sites: null });
  await admin('users.create', { ...SUPERVISOR, role: 'supervisor', sites: null });
  await admin('sops.save', {
    basedOnVersion: null,
    slug: 'fence-alarm',
    name: 'Fence alarm',
    steps: [
      { id: 'look', title: 'Look at the fence cameras' },
      { id: 'call-police', title: 'Call the police', role: 'supervisor' },
    ],
  });
  const asOlivia = await callerAs(serve, OPERATOR);
  const incident = (await asOlivia('incidents.create', {
    title: 'Fence alarm at Depot North',
    priority: 'P1',
    sopSlug: 'fence-alarm',
  })) as {
    id: string;
  };

  await openSignedIn(page, serve, OPERATOR, `page=incident&incident=${incident.id}`);
  const step = (id: string) => page.locator(`[data-testid="sop-step"][data-step-id="${id}"]`);
  await expect(step('look')).toHaveAttribute('data-focused', 'true');
  await page.keyboard.press(' ');
  await expect(step('look')).toHaveAttribute('data-status', 'done');
  await expect(step('call-police')).toHaveAttribute('data-focused', 'true');
  const done = step('call-police').getByTestId('step-do');
  await expect(done).toBeDisabled();
  await expect(done).toHaveAttribute('title', 'Only a supervisor or above may do "Call the police"; Olivia Operator is an operator');

  await step('call-police').getByTestId('step-ask-supervisor').click();
  const dialog = page.getByTestId('step-up-dialog');
  await expect(dialog).toContainText('Call the police');
  // The operator's own credentials are refused: it takes someone else.
  await page.getByTestId('step-up-username').fill(OPERATOR.username);
  await page.getByTestId('step-up-password').fill(OPERATOR.password);
  await page.getByTestId('step-up-submit').click();
  await expect(page.getByTestId('step-up-error')).toContainText('needs someone else');
  await expect(page.getByTestId('step-up-password')).toHaveValue('');

  await page.getByTestId('step-up-username').fill(SUPERVISOR.username);
  await page.getByTestId('step-up-password').fill(SUPERVISOR.password);
  await page.getByTestId('step-up-password').press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(step('call-police')).toHaveAttribute('data-status', 'done');
  await expect(step('call-police').getByTestId('sop-step-record')).toContainText(OPERATOR.displayName);
  // Only that one action: the seat is still the operator's.
  await expect(page.getByTestId('account-name')).toHaveText(OPERATOR.displayName);

  await page.getByTestId('nav-audit').click();
  await page.getByLabel('Action').fill('incidents.checkStep');
  await page.getByTestId('audit-apply').click();
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(2);
  const authorized = rows.filter({ has: page.getByTestId('audit-authorized-by') });
  await expect(authorized).toHaveCount(1);
  await expect(authorized.getByTestId('audit-actor')).toHaveText(`${OPERATOR.displayName} at 127.0.0.1`);
  await expect(authorized.getByTestId('audit-authorized-by')).toHaveText(`authorized by ${SUPERVISOR.displayName}`);

  expect(problems).toEqual([]);
});
