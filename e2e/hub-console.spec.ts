import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Alert, Incident, IncidentDetail, RegisteredSeat } from '../src/shared/contract';
import { startTcpProxy } from '../test/support/tcp-proxy';
import { importGateCamera } from './support/gate-camera';
import { startHttpTarget } from './support/http-target';
import { peopleSockets } from './support/people';
import { E2E_ADMIN, newDataDir, openSignedIn, pageUrl, startServe, watchConsole, type RunningServe } from './support/serve';

interface RunningHub {
  address: string;
  fingerprint: string;
  seatId: string;
  credential: string;
  stop(): Promise<void>;
}

/** Starts the built hub (dist/core/hub.mjs) and reads what it prints: address, fingerprint, and its first seat. */
async function startHub(dataDir: string, port = 0): Promise<RunningHub> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['dist/core/hub.mjs', '--data-dir', dataDir, '--port', String(port)],
    {
      env: { ...process.env, WATCHROOM_LOG_LEVEL: 'info' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const printed = await new Promise<RunningHub>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const address = /listening for consoles at (\S+)/.exec(stdout)?.[1];
      const fingerprint = /SHA-256 fingerprint: (\S+)/.exec(stdout)?.[1];
      // A restart registers no new seat: the test keeps the first one's.
      const seatId = /seat id:\s+(\S+)/.exec(stdout)?.[1] ?? '';
      const credential = /credential:\s+(\S+)/.exec(stdout)?.[1] ?? '';
      if (address && fingerprint && (port !== 0 || credential !== ''))
        resolve({ address, fingerprint, seatId, credential, stop: async () => {} });
    });
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${stderr}`)));
  });
  return {
    ...printed,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A console in serve mode whose backend is the hub, its seat credential in a file only its owner reads. */
async function startConsoleOnHub(hub: Pick<RunningHub, 'address' | 'fingerprint' | 'seatId' | 'credential'>): Promise<RunningServe> {
  const dataDir = newDataDir();
  const credentialFile = join(dataDir, 'seat-credential');
  writeFileSync(credentialFile, `${hub.credential}\n`, { mode: 0o600 });
  const running = await startServe(
    dataDir,
    ['--hub', hub.address, '--hub-fingerprint', hub.fingerprint, '--seat-id', hub.seatId, '--seat-credential-file', credentialFile],
    { setUp: false },
  );
  // The first admin is made on the hub, through the console, once its link is up.
  const { origin, hash } = new URL(running.url);
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  const access = await fetch(`${origin}/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const cookie = access.headers.get('set-cookie')?.split(';')[0] ?? '';
  await expect
    .poll(
      async () => {
        const response = await fetch(`${origin}/auth/setup`, {
          method: 'POST',
          headers: { cookie, origin, 'content-type': 'application/json' },
          body: JSON.stringify(E2E_ADMIN),
        });
        const envelope = (await response.json()) as { ok: boolean; error?: { code: string } };
        return envelope.ok || envelope.error?.code === 'conflict';
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return running;
}

test('a console on a hub shows the hub in its status bar, says offline within 5 s when the hub goes, and recovers when it is back', async ({
  page,
}) => {
  const hubDir = newDataDir();
  let hub = await startHub(hubDir);
  const console_ = await startConsoleOnHub(hub);
  try {
    const problems = watchConsole(page);
    await openSignedIn(page, console_);
    const status = page.getByTestId('backend-status');
    await expect(status).toHaveAttribute('data-state', 'connected');
    await expect(status).toContainText('connected as First seat');
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
    // Settings says which backend this run uses, although nothing was saved (the hub came from the command line).
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('backend-choice')).toContainText(`Working against the hub at ${hub.address} (seat ${hub.seatId})`);
    await expect(page.getByTestId('backend-choice')).toContainText('From the next start: this workstation');
    await page.getByTestId('nav-board').click();

    const port = new URL(hub.address).port;
    await hub.stop();
    await expect(page.getByTestId('offline-banner')).toContainText(/Offline: hub unreachable since \d\d:\d\d, data as of \d\d:\d\d:\d\d/, {
      timeout: 5_000,
    });
    await expect(page.getByTestId('offline-banner')).toContainText('new alarms are not seen while offline');
    // The board stays, signed in, on the replica; the header no longer claims all is well.
    await expect(page.getByTestId('nav-board')).toBeVisible();
    await expect(page.getByTestId('console-status')).toHaveAttribute('data-status', 'unknown');

    hub = { ...(await startHub(hubDir, Number(port))), seatId: hub.seatId, credential: hub.credential };
    await expect(page.getByTestId('offline-banner')).toHaveCount(0, { timeout: 15_000 });
    await expect(status).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('console-status')).not.toHaveAttribute('data-status', 'unknown');
    expect(problems.filter((problem) => !problem.includes('WebSocket'))).toEqual([]);
  } finally {
    await console_.stop();
    await hub.stop();
  }
});

test('two seats on one hub: an alarm sounds at both, seat A acknowledges, seat B falls silent and shows who', async ({ browser }) => {
  const hubDir = newDataDir();
  const hub = await startHub(hubDir);
  const target = await startHttpTarget();
  // The hub prints its first seat; the admin registers a second one through console A.
  const consoleA = await startConsoleOnHub(hub);
  const sockets = peopleSockets();
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  let consoleB: RunningServe | null = null;
  try {
    const pageA = await contextA.newPage();
    await openSignedIn(pageA, consoleA);
    const registered = (await (await sockets.callerAs(consoleA))('seats.register', { name: 'Seat B' })) as RegisteredSeat;
    consoleB = await startConsoleOnHub({ ...hub, seatId: registered.seatId, credential: registered.credential });
    const pageB = await contextB.newPage();
    await openSignedIn(pageB, consoleB);
    await expect(pageB.getByTestId('backend-status')).toContainText('connected as Seat B');
    // Presence: each header says who is signed in at which seat, from the hub.
    for (const page of [pageA, pageB])
      for (const seat of ['First seat', 'Seat B'])
        await expect(page.getByTestId('header-presence')).toContainText(`${E2E_ADMIN.displayName} at ${seat}`, { timeout: 10_000 });

    await importGateCamera(pageA, target);
    await expect(pageB.getByTestId('monitor-row').filter({ hasText: 'Gate camera' })).toHaveAttribute('data-status', 'up', {
      timeout: 15_000,
    });

    await target.stop();
    for (const page of [pageA, pageB]) {
      await expect(page.getByTestId('attention-banner')).toContainText('Harbour Gate', { timeout: 20_000 });
      await expect(page.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'true');
    }

    await pageA.getByTestId('nav-alerts').click();
    const rowA = pageA.getByTestId('alert-row').filter({ hasText: 'Gate camera' });
    await expect(rowA).toHaveAttribute('data-state', 'firing');
    await pageA.keyboard.press('j');
    await pageA.keyboard.press('a');
    await pageA.keyboard.press('1');
    await pageA.getByTestId('ack-note').pressSequentially('Guard sent to the gate');
    await pageA.keyboard.press('Enter');
    await expect(rowA).toHaveAttribute('data-state', 'acknowledged');

    // Seat B: the sound stops, and the queue says who acknowledged it.
    await expect(pageB.getByTestId('sound-indicator')).toHaveAttribute('data-sounding', 'false', { timeout: 5_000 });
    await pageB.getByTestId('nav-alerts').click();
    const rowB = pageB.getByTestId('alert-row').filter({ hasText: 'Gate camera' });
    await expect(rowB).toHaveAttribute('data-state', 'acknowledged');
    await expect(rowB).toContainText(`${E2E_ADMIN.displayName}, First seat`);
  } finally {
    sockets.closeAll();
    await contextA.close();
    await contextB.close();
    await consoleB?.stop();
    await consoleA.stop();
    await hub.stop();
    await target.stop();
  }
});

test('seat B works offline: an acknowledgement and a note wait as pending sync and reach seat A when B is back; a resolve A beat it to is refused with the reason, and dropped', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const hub = await startHub(newDataDir());
  const consoleA = await startConsoleOnHub(hub);
  const sockets = peopleSockets();
  // Seat B reaches the hub through a cable the test can pull: the hub and seat A stay up.
  const cable = await startTcpProxy(Number(new URL(hub.address).port));
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  let consoleB: RunningServe | null = null;
  try {
    const asA = await sockets.callerAs(consoleA);
    const registered = (await asA('seats.register', { name: 'Seat B' })) as RegisteredSeat;
    consoleB = await startConsoleOnHub({ ...hub, address: `https://127.0.0.1:${cable.port}`, ...registered });
    await asA('config.import', {
      text: JSON.stringify({
        format: 'watchroom-config',
        version: 1,
        sites: [{ id: 'gate', name: 'Harbour Gate', address: null, tags: [] }],
        monitors: ['one', 'two'].map((which) => ({
          id: `cam-${which}`,
          siteId: 'gate',
          name: `Camera ${which}`,
          probe: { kind: 'manual' },
          tags: [],
        })),
      }),
    });
    for (const id of ['cam-one', 'cam-two']) await asA('monitors.setManualState', { id, status: 'down', note: 'no picture' });
    // The cameras' alerts (an admin signing in between 02:00 and 05:59 raises a security alert of its own).
    const cameraAlerts = async () =>
      ((await asA('alerts.snapshot', undefined)) as { alerts: Alert[] }).alerts.filter((alert) => alert.subject.startsWith('monitor:'));
    await expect.poll(async () => (await cameraAlerts()).length, { timeout: 20_000 }).toBe(2);
    const alerts = await cameraAlerts();
    const alertOf = (which: string) => alerts.find((alert) => alert.subject === `monitor:cam-${which}`)!;
    const incident = (await asA('incidents.create', {
      title: 'Gate cameras dark',
      priority: 'P2',
      sopSlug: null,
      claim: false,
    })) as Incident;

    const pageA = await contextA.newPage();
    await openSignedIn(pageA, consoleA, E2E_ADMIN, 'page=alerts');
    const pageB = await contextB.newPage();
    await openSignedIn(pageB, consoleB, E2E_ADMIN, 'page=alerts');
    const rowB = (which: string) => pageB.locator(`[data-testid="alert-row"][data-alert-id="${alertOf(which).id}"]`);
    await expect(rowB('two')).toBeVisible({ timeout: 15_000 });

    // B loses the hub; A does not, and resolves alert two meanwhile.
    cable.cut();
    await expect(pageB.getByTestId('offline-banner')).toContainText('Offline: hub unreachable', { timeout: 10_000 });
    await asA('alerts.resolve', { id: alertOf('two').id, reason: 'Fixed at the gate' });

    // B acknowledges alert one and resolves alert two, offline: both shown at once, pending sync.
    await rowB('one').click();
    await pageB.keyboard.press('a');
    await pageB.keyboard.press('1');
    await pageB.getByTestId('ack-note').pressSequentially('Guard on the way');
    await pageB.keyboard.press('Enter');
    await expect(rowB('one')).toHaveAttribute('data-state', 'acknowledged');
    await expect(rowB('one').getByTestId('pending-sync')).toBeVisible();
    await rowB('two').click();
    await pageB.keyboard.press('r');
    await pageB.getByTestId('resolve-reason').fill('Camera back after a reboot');
    await pageB.getByTestId('resolve-reason').press('Enter');
    await expect(rowB('two')).toHaveAttribute('data-state', 'resolved');

    // And a note on the incident, offline.
    await pageB.goto(pageUrl(consoleB.url, `incident/${incident.id}`));
    await expect(pageB.getByTestId('offline-banner')).toBeVisible();
    await expect(pageB.getByTestId('incident-view')).toContainText('Gate cameras dark');
    await pageB.keyboard.press('n');
    await pageB.getByTestId('note-text').fill('Gate guard informed by radio');
    await pageB.getByTestId('note-text').press('Enter');
    const noteB = pageB.getByTestId('timeline-entry').filter({ hasText: 'Gate guard informed by radio' });
    await expect(noteB.getByTestId('pending-sync')).toBeVisible();
    await expect(pageB.getByTestId('outbox-pending')).toContainText('3 changes waiting to sync');

    // The cable is back: what B did reaches A; the resolve A beat it to is refused, with the reason.
    cable.restore();
    await expect(pageB.getByTestId('offline-banner')).toHaveCount(0, { timeout: 20_000 });
    const rowA = pageA.locator(`[data-testid="alert-row"][data-alert-id="${alertOf('one').id}"]`);
    await expect(rowA).toHaveAttribute('data-state', 'acknowledged', { timeout: 15_000 });
    await expect
      .poll(async () => ((await asA('incidents.get', { id: incident.id })) as IncidentDetail).timeline.map((entry) => entry.detail))
      .toContain('Gate guard informed by radio');
    await expect(noteB.getByTestId('pending-sync')).toHaveCount(0, { timeout: 15_000 });
    const refused = pageB.getByTestId('outbox-refused');
    await expect(refused).toHaveCount(1, { timeout: 15_000 });
    await expect(refused.getByTestId('outbox-reason')).toContainText('already resolved');
    await expect(pageB.getByTestId('outbox-pending')).toHaveCount(0);
    await refused.getByRole('button', { name: 'Drop' }).click();
    await expect(pageB.getByTestId('outbox-refused-list')).toHaveCount(0);
  } finally {
    sockets.closeAll();
    await contextA.close();
    await contextB.close();
    await consoleB?.stop();
    await consoleA.stop();
    await hub.stop();
    await cable.close();
  }
});
