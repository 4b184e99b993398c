// The outbox replay of hub-catchup: a console whose hub went away while its operator made 1,000
// commands (notes on an incident, kept in its outbox, answered pending sync), then the hub back. In one process, on
// loopback with TLS: a hub core with the change feed and the real hub server, and a console core
// made by createCore({ hub }). Timed from the hub listening again until the outbox is empty (every
// command applied by the hub and held by the replica), and from the link saying connected.
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { generate } from 'selfsigned';
import { createCore } from '../../src/core/app';
import { createSilentLogger } from '../../src/core/logging';
import { createChangeFeed } from '../../src/core/replication';
import { invoke, LOCAL_OPERATOR } from '../../src/core/service';
import { createHubPresence, createHubServer, type HubServer } from '../../src/core/transport';
import type { EventMessage } from '../../src/shared/contract';
import { systemClock, systemTimers } from '../../src/shared/domain/clock';
import { seatAt } from '../../test/support/people';

export interface OutboxReplay {
  commands: number;
  /** From the hub listening again until the outbox is empty. */
  fromHubBackMs: number;
  /** From the link saying connected (caught up) until the outbox is empty: the replay itself. */
  fromConnectedMs: number;
  notesOnHub: number;
}

export async function measureOutboxReplay(commands: number): Promise<OutboxReplay> {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'watchroom-bench-outbox-'));
    dirs.push(dir);
    return dir;
  };
  const common = {
    mode: 'serve' as const,
    version: 'bench',
    clock: systemClock,
    timers: systemTimers,
    logger: createSilentLogger(),
    sopFolder: null,
  };
  const hub = createCore({ ...common, dataDir: newDir(), dbKey: randomBytes(32) });
  const feed = createChangeFeed(hub.store.sqlite, { clock: systemClock });
  const seat = await invoke(hub.dispatcher, 'seats.register', { name: 'Desk' }, { actor: LOCAL_OPERATOR });
  const incident = await invoke(
    hub.dispatcher,
    'incidents.create',
    { title: 'Harbour gate cameras dark', priority: 'P1', sopSlug: null, claim: false },
    { actor: LOCAL_OPERATOR },
  );
  const pems = await generate([{ name: 'commonName', value: 'bench hub' }], { keySize: 2048 });
  const serve = async (port: number): Promise<HubServer> => {
    const server = createHubServer({
      dispatcher: hub.dispatcher,
      heartbeatRoute: hub.monitoring.heartbeatRoute,
      opsRoute: hub.opsRoute,
      seats: hub.seats,
      feed,
      actorFor: hub.people.actorFor,
      vouchedActorFor: hub.people.vouchedActor,
      recordAudit: (entry) => hub.recordAudit(entry),
      presence: createHubPresence(),
      tls: { key: pems.private, cert: pems.cert },
      clock: systemClock,
      timers: systemTimers,
      logger: createSilentLogger(),
    });
    await new Promise<void>((resolve) => server.https.listen(port, '127.0.0.1', resolve));
    return server;
  };
  let server = await serve(0);
  const port = (server.https.address() as AddressInfo).port;
  const seatCore = createCore({
    ...common,
    dataDir: newDir(),
    dbKey: randomBytes(32),
    hub: {
      address: `https://127.0.0.1:${port}`,
      fingerprint: new X509Certificate(pems.cert).fingerprint256,
      seatId: seat.seatId,
      credential: seat.credential,
    },
  });
  const linkStates: { state: string; at: number }[] = [];
  let emptied: (() => void) | null = null;
  seatCore.dispatcher.subscribe((message: EventMessage) => {
    if (message.event === 'backend.changed') linkStates.push({ state: message.payload.link.state, at: performance.now() });
    if (message.event === 'outbox.changed' && message.payload.pending === 0) emptied?.();
  });
  const linkIs = async (state: string) => {
    while (linkStates.at(-1)?.state !== state) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  seatCore.start();
  await linkIs('connected');

  const desk = seatAt(seatCore, 'desk');
  const setUp = await desk.call('auth.setup', { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' });
  if (!setUp.ok) throw new Error(setUp.error.message);
  await server.close();
  await linkIs('offline');
  for (let i = 0; i < commands; i += 1) {
    const answer = await desk.call('incidents.addNote', { id: incident.id, note: `Offline note ${i}: gate camera ${i % 12} checked` });
    if (!answer.ok || !('pendingSync' in answer)) throw new Error(`not kept for later: ${JSON.stringify(answer)}`);
  }

  const empty = new Promise<void>((resolve) => (emptied = resolve));
  const backAt = performance.now();
  server = await serve(port);
  await empty;
  const doneAt = performance.now();
  const connectedAt = linkStates.find((entry) => entry.at >= backAt && entry.state === 'connected')?.at ?? backAt;
  const { timeline } = await invoke(hub.dispatcher, 'incidents.get', { id: incident.id }, { actor: LOCAL_OPERATOR });
  const notesOnHub = timeline.filter((entry) => entry.kind === 'note').length;
  if (notesOnHub !== commands) throw new Error(`the hub holds ${notesOnHub} notes after replaying ${commands} commands`);

  seatCore.close();
  await server.close();
  hub.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  return { commands, fromHubBackMs: doneAt - backAt, fromConnectedMs: doneAt - connectedAt, notesOnHub };
}
