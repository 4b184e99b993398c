// A process holding a few console links of bench/hub-fanout.ts, each on its own encrypted replica
// (the real link and replica code, without a console's views), so that 20 consoles do not share one
// event loop. Driven over IPC (FanoutRequest in, FanoutReply out); times are absolute
// (performance.timeOrigin + now), comparable across the bench's processes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../src/core/db';
import { createHubLink, type HubLink } from '../../src/core/hub-link';
import { createSilentLogger } from '../../src/core/logging';
import { createReplica, type Replica } from '../../src/core/replication';
import { systemClock, systemTimers } from '../../src/shared/domain/clock';
import type { HubSeatCredentials } from '../../test/support/hub-process';

export interface FanoutConfig {
  url: string;
  fingerprint: string;
  seats: HubSeatCredentials[];
}
export type FanoutRequest = { kind: 'connect' } | { kind: 'disconnect' } | { kind: 'status' } | { kind: 'take' } | { kind: 'exit' };
export interface Applied {
  toSeq: number;
  at: number;
}
export type FanoutReply =
  | { kind: 'ready' }
  | { kind: 'status'; consoles: { connected: boolean; appliedSeq: number }[] }
  /**
   * Since the last take: when each console's replica came to hold each seq, the hub events it was
   * told, by name, and the rows its replica applied, by table (summed over this process's consoles).
   */
  | { kind: 'taken'; applied: Applied[][]; events: Record<string, number>; eventBytes: number; rowsByTable: Record<string, number> };

const config = JSON.parse(process.argv[2] ?? '{}') as FanoutConfig;
const dir = mkdtempSync(join(tmpdir(), 'watchroom-bench-fanout-consoles-'));
const now = () => performance.timeOrigin + performance.now();
let events: Record<string, number> = {};
let eventBytes = 0;
let rowsByTable: Record<string, number> = {};

interface Console {
  seat: HubSeatCredentials;
  replica: Replica;
  applied: Applied[];
  link: HubLink | null;
}
const consoles: Console[] = config.seats.map((seat, index) => {
  const store = openDatabase(join(dir, `replica-${index}.db`), randomBytes(32));
  return { seat, replica: createReplica(store.sqlite, { clock: systemClock }), applied: [], link: null };
});

function connect(console: Console): void {
  const { replica } = console;
  console.link = createHubLink({
    address: config.url,
    fingerprint: config.fingerprint,
    seatId: console.seat.seatId,
    credential: console.seat.credential,
    replica: {
      appliedSeq: () => replica.appliedSeq(),
      hubId: () => replica.hubId(),
      apply(changes) {
        const outcome = replica.apply(changes);
        if (outcome.kind === 'applied')
          for (const change of changes.changes) rowsByTable[change.table] = (rowsByTable[change.table] ?? 0) + 1;
        console.applied.push({ toSeq: replica.appliedSeq(), at: now() });
        return outcome;
      },
      beginSnapshot: (hubId, asOfSeq) => replica.beginSnapshot(hubId, asOfSeq),
      applySnapshotPage: (page) => replica.applySnapshotPage(page),
      finishSnapshot: () => replica.finishSnapshot(),
    },
    clock: systemClock,
    timers: systemTimers,
    logger: createSilentLogger(),
    onApplied: () => undefined,
    onEvent(event, payload) {
      events[event] = (events[event] ?? 0) + 1;
      eventBytes += JSON.stringify(payload).length;
    },
    onState: () => undefined,
  });
  console.link.start();
}

const send = (reply: FanoutReply) => process.send?.(reply);
process.on('message', (request: FanoutRequest) => {
  switch (request.kind) {
    case 'connect':
      for (const console of consoles) connect(console);
      return;
    case 'disconnect':
      for (const console of consoles) {
        console.link?.stop();
        console.link = null;
      }
      return;
    case 'status':
      return send({
        kind: 'status',
        consoles: consoles.map((c) => ({ connected: c.link?.state().state === 'connected', appliedSeq: c.replica.appliedSeq() })),
      });
    case 'take': {
      send({ kind: 'taken', applied: consoles.map((c) => c.applied.splice(0)), events, eventBytes, rowsByTable });
      events = {};
      eventBytes = 0;
      rowsByTable = {};
      return;
    }
    case 'exit':
      for (const console of consoles) console.link?.stop();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
  }
});
send({ kind: 'ready' });
