import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { HUB_MESSAGES, type HubCallAnswer, type HubCommandAnswer, type HubHello } from '../src/shared/contract';
import { hubSocket, presentedFingerprint, startHub, type HubSeatCredentials, type RunningHub } from './support/hub';
import { E2E_ADMIN, newDataDir } from './support/serve';

const running: RunningHub[] = [];
const sockets: Socket[] = [];
test.afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const hub of running.splice(0)) await hub.stop();
});

async function started(dataDir: string, extraArgs: string[] = [], port = 0): Promise<RunningHub> {
  const hub = await startHub(dataDir, extraArgs, port);
  running.push(hub);
  return hub;
}

async function connected(hub: RunningHub, seat: HubSeatCredentials): Promise<Socket> {
  const socket = hubSocket(hub, seat);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

test('the hub makes its certificate on first start, prints its fingerprint, keeps it, and lets the first seat set up the first admin', async () => {
  const dataDir = newDataDir();
  const hub = await started(dataDir);
  expect(hub.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  expect(await presentedFingerprint(hub)).toBe(hub.fingerprint);
  expect(statSync(join(dataDir, 'hub-key.pem')).mode & 0o777).toBe(0o600);
  // A hub with no seat registers one by itself: somebody has to be able to connect first.
  expect(hub.seats.map((seat) => seat.name)).toEqual(['First seat']);

  const socket = await connected(hub, hub.seats[0]!);
  const hello = (await socket.emitWithAck(HUB_MESSAGES.hello)) as HubHello;
  expect(hello.seatName).toBe('First seat');
  const setUp = (await socket.emitWithAck(HUB_MESSAGES.call, {
    method: 'auth.setup',
    input: E2E_ADMIN,
    sessionToken: null,
  })) as HubCallAnswer;
  expect(setUp).toMatchObject({ envelope: { ok: true, value: { state: 'signed-in' } }, sessionToken: expect.any(String) });
  socket.close();
  await hub.stop();

  const again = await started(dataDir, [], hub.port);
  expect(again.fingerprint).toBe(hub.fingerprint);
  expect(again.seats).toEqual([]);
  const back = await connected(again, hub.seats[0]!);
  expect(((await back.emitWithAck(HUB_MESSAGES.hello)) as HubHello).hubId).toBe(hello.hubId);
});

test('a command the hub committed before it was killed is answered from its receipt after the restart, and applied once', async () => {
  const dataDir = newDataDir();
  const hub = await started(dataDir, ['--register-seat', 'Desk 1']);
  const seat = hub.seats[0]!;
  const socket = await connected(hub, seat);
  const { sessionToken } = (await socket.emitWithAck(HUB_MESSAGES.call, {
    method: 'auth.setup',
    input: E2E_ADMIN,
    sessionToken: null,
  })) as HubCallAnswer;
  const command = {
    id: randomUUID(),
    method: 'sites.create',
    input: { name: 'Depot' },
    sessionToken,
    asPerson: null,
    issuedAt: Date.now(),
  };
  const first = (await socket.emitWithAck(HUB_MESSAGES.command, command)) as HubCommandAnswer;
  expect(first).toMatchObject({ kind: 'receipt', receipt: { outcome: 'applied' } });
  socket.close();
  // No shutdown at all: whatever committed is all there is.
  await hub.kill();

  const restarted = await started(dataDir, [], hub.port);
  const resending = await connected(restarted, seat);
  const resent = (await resending.emitWithAck(HUB_MESSAGES.command, command)) as HubCommandAnswer;
  expect(resent).toEqual(first);
  const sites = (await resending.emitWithAck(HUB_MESSAGES.call, { method: 'sites.list', input: null, sessionToken })) as HubCallAnswer;
  expect(sites.envelope).toMatchObject({ ok: true, value: [expect.objectContaining({ name: 'Depot' })] });
  expect((sites.envelope as { value: unknown[] }).value).toHaveLength(1);
});

test('a console sees within five seconds that the hub stopped answering (heartbeat)', async () => {
  const hub = await started(newDataDir());
  const socket = await connected(hub, hub.seats[0]!);
  const lost = new Promise<{ reason: string; at: number }>((resolve) =>
    socket.once('disconnect', (reason) => resolve({ reason, at: Date.now() })),
  );
  const stoppedAt = Date.now();
  process.kill(hub.pid, 'SIGSTOP');
  try {
    const { reason, at } = await lost;
    expect(reason).toBe('ping timeout');
    expect(at - stoppedAt).toBeLessThanOrEqual(5_000);
  } finally {
    process.kill(hub.pid, 'SIGCONT');
  }
});
