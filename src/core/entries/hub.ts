/**
 * The hub: core run as the shared backend of many consoles (`npm run hub`). It owns the data: it
 * probes, raises and escalates alerts, keeps the audit chain; consoles connect over TLS with a
 * registered seat, keep a replica from its change feed and forward their commands to it.
 */
import { homedir } from 'node:os';
import type { RegisteredSeat } from '../../shared/contract';
import { systemClock, systemTimers, type TimerHandle } from '../../shared/domain/clock';
import { invoke, LOCAL_OPERATOR, type Actor } from '../service';
import { createChangeFeed } from '../replication';
import { createHubPresence, createHubServer } from '../transport';
import { fail, startCoreProcess } from './core-process';
import { demoPeopleText } from './demo';
import { hubCertificate, parseHubArgs } from './hub-options';
import { UsageError, defaultDataDir } from './serve-options';
import { WATCHROOM_VERSION } from './version';

/** Whoever started the hub at its terminal: seats registered with --register-seat are audited as theirs. */
const HUB_TERMINAL: Actor = { ...LOCAL_OPERATOR, id: 'hub-terminal', displayName: 'Hub operator (command line)', seat: 'hub terminal' };
const FIRST_SEAT = 'First seat';
/** The feed is compacted, and tombstones past its retention dropped, this often: each call is a few short transactions (core/replication). */
const PRUNE_EVERY_MS = 10_000;
/**
 * Changes made at probe cadence (roll-ups, last check and latency) enter the feed when they have
 * waited their table's delay (core/replication tables.ts); this often the due ones are released.
 */
const RELEASE_DEFERRED_EVERY_MS = 1_000;

async function main(): Promise<void> {
  let options;
  try {
    options = parseHubArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, 64);
    throw error;
  }
  const dataDir = options.dataDir ?? defaultDataDir(process.env, homedir(), options.demo, 'watchroom-hub');
  const presence = createHubPresence();
  const { core, logger, simulator, demoPeople } = await startCoreProcess(dataDir, {
    mode: 'hub',
    demo: options.demo,
    seatPresence: presence,
  });
  const feed = createChangeFeed(core.store.sqlite, { clock: systemClock });
  let certificate;
  try {
    certificate = await hubCertificate(dataDir, options, new Date(systemClock.now()));
  } catch (error) {
    fail(error instanceof UsageError ? error.message : `cannot read or make the hub's TLS certificate: ${(error as Error).message}`, 78);
  }

  // The first seat has to come from somewhere: the person at the hub's terminal.
  const seatNames = [...options.registerSeats];
  const seats = await invoke(core.dispatcher, 'seats.list', undefined, { actor: HUB_TERMINAL });
  if (seatNames.length === 0 && !seats.some((seat) => seat.revokedAt === null)) seatNames.push(FIRST_SEAT);
  const registered: RegisteredSeat[] = [];
  for (const name of seatNames) registered.push(await invoke(core.dispatcher, 'seats.register', { name }, { actor: HUB_TERMINAL }));

  const hub = createHubServer({
    dispatcher: core.dispatcher,
    seats: core.seats,
    feed,
    actorFor: core.people.actorFor,
    vouchedActorFor: core.people.vouchedActor,
    presence,
    heartbeatRoute: core.monitoring.heartbeatRoute,
    opsRoute: core.opsRoute,
    recordAudit: (entry) => core.recordAudit(entry),
    tls: { cert: certificate.cert, key: certificate.key },
    clock: systemClock,
    timers: systemTimers,
    logger,
  });
  hub.https.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`port ${options.port} is in use; pass --port with another port (or 0 for any free port)`, 69);
    fail(error.message, 70);
  });
  let pruning: TimerHandle | null = null;
  const prune = () => {
    try {
      feed.prune();
    } catch (error) {
      logger.error({ err: error }, 'pruning the change feed failed');
    }
    pruning = systemTimers.after(PRUNE_EVERY_MS, prune);
  };
  prune();
  let releasing: TimerHandle | null = null;
  const releaseDeferred = () => {
    try {
      feed.releaseDeferred();
    } catch (error) {
      logger.error({ err: error }, 'releasing deferred changes into the change feed failed');
    }
    releasing = systemTimers.after(RELEASE_DEFERRED_EVERY_MS, releaseDeferred);
  };
  releaseDeferred();
  core.start();
  hub.https.listen(options.port, options.host, () => {
    const address = hub.https.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    logger.info({ host: options.host, port, dataDir, fingerprint: certificate.fingerprint }, 'hub listening');
    const certificateSays =
      certificate.source === 'new'
        ? 'a new self-signed certificate, kept in the data folder'
        : certificate.source === 'kept'
          ? 'the self-signed certificate kept in the data folder'
          : 'the certificate given';
    // To the terminal only, once: the hub keeps a hash of each credential, never the credential.
    const seatLines = registered.map(
      (seat) => `Seat registered: ${seat.seat.name}\n  seat id:    ${seat.seatId}\n  credential: ${seat.credential}\n`,
    );
    // One write, so whoever reads the terminal (a script, a test) gets it whole.
    process.stdout.write(
      `Watchroom hub ${WATCHROOM_VERSION} is listening for consoles at https://${host}:${port}\n` +
        `Hub certificate SHA-256 fingerprint: ${certificate.fingerprint}\n` +
        `(${certificateSays}: compare it with what each console shows before pinning it)\n` +
        seatLines.join('') +
        `Data folder: ${dataDir}\n` +
        demoPeopleText(demoPeople),
    );
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    pruning?.cancel();
    releasing?.cancel();
    void hub.close().then(() => {
      void simulator?.stop();
      core.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 70));
