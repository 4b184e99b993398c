/**
 * Serve mode: the same core as the desktop app, in a plain Node process, serving the built
 * renderer and the contract over socket.io. Used for browsers, wall displays and the e2e tests.
 */
import { homedir, networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { systemClock, systemTimers } from '../../shared/domain/clock';
import { HEARTBEAT_PATH } from '../probes';
import { invoke } from '../service';
import { createServeServer, serveSessionSecret } from '../transport';
import { fail, startCoreProcess } from './core-process';
import { demoHeartbeatTokens, demoPeopleText } from './demo';
import { UsageError, accessTokenFor, consoleHostNames, defaultDataDir, parseServeArgs, readSeatCredential } from './serve-options';
import { WATCHROOM_VERSION } from './version';

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
}

async function main(): Promise<void> {
  let options;
  let accessToken;
  let hub = null;
  try {
    options = parseServeArgs(process.argv.slice(2), process.env);
    accessToken = accessTokenFor(options);
    if (options.hub && options.hubFingerprint && options.seatId && options.seatCredentialFile)
      hub = {
        address: options.hub,
        fingerprint: options.hubFingerprint,
        seatId: options.seatId,
        credential: readSeatCredential(options.seatCredentialFile),
      };
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, 64);
    throw error;
  }
  if (process.argv.slice(2).some((arg) => arg === '--token' || arg.startsWith('--token='))) {
    process.stderr.write(
      'watchroom: --token puts the access token where other users of this machine can see it (the process list); prefer --token-file or WATCHROOM_ACCESS_TOKEN\n',
    );
  }
  const dataDir = options.dataDir ?? defaultDataDir(process.env, homedir(), options.demo);
  const { core, key, logger, demo, simulator, demoPeople } = await startCoreProcess(dataDir, { mode: 'serve', demo: options.demo, hub });

  const hostNames = consoleHostNames(options.host, options.allowHosts, interfaceAddresses());
  const { http: server, io } = createServeServer({
    dispatcher: core.dispatcher,
    heartbeatRoute: core.monitoring.heartbeatRoute,
    opsRoute: core.opsRoute,
    rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    accessToken,
    sessionSecret: serveSessionSecret(key),
    hostNames,
    actorFor: core.people.actorFor,
    recordAudit: (entry) => core.recordAudit(entry),
    clock: systemClock,
    timers: systemTimers,
    logger,
  });

  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`port ${options.port} is in use; pass --port with another port (or 0 for any free port)`, 69);
    fail(error.message, 70);
  });
  core.start();
  server.listen(options.port, options.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    // A bind to every interface is opened here through loopback; other machines use a name from the list below.
    const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
    const host = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
    const origin = `http://${host}:${port}`;
    // The token goes to the operator's terminal only; the log file never holds it.
    logger.info({ url: origin, hostNames, dataDir }, 'serve mode listening');
    process.stdout.write(
      // Encoded: a token of the operator's own (openssl rand -base64) has '+', '/' and '=', and the page reads '+' as a space.
      `Watchroom ${WATCHROOM_VERSION} is serving the console at ${origin}/#token=${encodeURIComponent(accessToken)}\n` +
        'Open that address in a browser; the page trades the token for a cookie and removes it from the address bar.\n' +
        `The console answers to: ${hostNames.join(', ')} (add names with --allow-host)\n` +
        `Data folder: ${dataDir}${demo === 'none' ? '' : ' (a demo folder: the demo site simulator starts with it every time)'}\n`,
    );
    // A console with no users opens on the set-up screen: say so where the address was printed.
    invoke(core.dispatcher, 'auth.state', undefined, { actor: core.people.actorFor(null, 'serve mode', null) })
      .then((seat) => {
        if (seat.state === 'setup') process.stdout.write('No users yet: open that address to make the first admin.\n');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'could not tell whether the console has users'));
    if (simulator) {
      const demoSimulator = simulator;
      void demoHeartbeatTokens(core.dispatcher).then((tokens) => {
        for (const token of tokens) demoSimulator.startHeartbeats(`http://127.0.0.1:${port}${HEARTBEAT_PATH}${token}`, 10_000);
      });
      process.stdout.write(`Demo site simulator on 127.0.0.1:${demoSimulator.httpPort} (HTTP), :${demoSimulator.openTcpPort} (TCP)\n`);
    }
    // To the terminal only: the log file never holds a password.
    process.stdout.write(demoPeopleText(demoPeople));
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    void io.close(() => {
      void simulator?.stop();
      core.close();
      process.exit(0);
    });
    // io.close waits for the HTTP server to close, which waits for every open connection; a
    // browser's keep-alive connection must not keep a stopping core alive.
    server.closeAllConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error), 70));
