// A console core connected to a hub, in a process of its own so that a test can kill -9 it and
// start it again on its replica. Its time is a fake clock the test moves; the test drives it over
// the IPC channel (ConsoleRequest in, ConsoleReply out) and it says `ready` once started.
import { createCore } from '../../src/core/app';
import { createSilentLogger } from '../../src/core/logging';
import { REPLICATED_TABLES, tableChecksums } from '../../src/core/replication';
import type { BackendState } from '../../src/shared/contract';
import { FakeClock } from './fake-clock';
import { seatAt } from './people';

export interface ConsoleChildConfig {
  dataDir: string;
  dbKeyHex: string;
  address: string;
  fingerprint: string;
  seatId: string;
  credential: string;
  seatName: string;
  startAt: number;
}

export type ConsoleAsk =
  | { kind: 'call'; method: string; input: unknown }
  | { kind: 'advance'; ms: number }
  | { kind: 'link' }
  /** Per replicated table, a digest of the replica's rows, with windows counted back from `now`. */
  | { kind: 'checksums'; now: number };
export type ConsoleRequest = ConsoleAsk & { id: number };
export type ConsoleReply =
  { kind: 'ready' } | { kind: 'answer'; id: number; value: unknown } | { kind: 'failed'; id: number; message: string };

const config = JSON.parse(process.argv[2] ?? '{}') as ConsoleChildConfig;
const clock = new FakeClock(config.startAt);
const core = createCore({
  dataDir: config.dataDir,
  dbKey: Buffer.from(config.dbKeyHex, 'hex'),
  mode: 'serve',
  version: '0.0.0-test',
  clock,
  timers: clock,
  logger: createSilentLogger(),
  sopFolder: null,
  hub: { address: config.address, fingerprint: config.fingerprint, seatId: config.seatId, credential: config.credential },
});
core.start();
const seat = seatAt(core, config.seatName);

async function answer(request: ConsoleRequest): Promise<unknown> {
  switch (request.kind) {
    case 'call':
      return seat.call(request.method, request.input);
    case 'advance':
      clock.advance(request.ms);
      return null;
    case 'link': {
      const state = await core.dispatcher.call('backend.state', undefined, { actor: core.people.actorFor(null, config.seatName, null) });
      if (!state.ok) throw new Error(state.error.message);
      return (state.value as BackendState).link;
    }
    case 'checksums':
      return tableChecksums(core.store.sqlite, REPLICATED_TABLES, request.now, false);
  }
}

const send = (reply: ConsoleReply) => process.send?.(reply);
process.on('message', (request: ConsoleRequest) => {
  answer(request).then(
    (value) => send({ kind: 'answer', id: request.id, value }),
    (error: unknown) => send({ kind: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => {
  core.close();
  process.exit(0);
});
send({ kind: 'ready' });
