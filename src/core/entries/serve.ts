/**
 * Serve mode: the same core as the desktop app, in a plain Node process, serving the built
 * renderer and the contract over socket.io. Used for browsers, wall displays and the e2e tests.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { MAX_PAYLOAD_BYTES } from '../../shared/contract';
import { systemClock, systemTimers } from '../../shared/domain/clock';
import { WrongKeyError } from '../db';
import { createLogger, logLevelFromEnv } from '../logging';
import { HEARTBEAT_PATH } from '../probes';
import { createCore, LOCAL_OPERATOR, waitingTimers, whenSpaceAllows } from '../service';
import { attachSocketTransport, createStaticHandler } from '../transport';
import { demoHeartbeatTokens, seedDemoData } from './demo';
import { startDemoSimulator, type DemoSimulator } from './demo-simulator';
import { shippedSopFolder } from './resources';
import { UsageError, accessTokenFor, parseServeArgs, resolveServeKey } from './serve-options';
import { WATCHROOM_VERSION } from './version';

const REMOTE_CONSOLE = { id: 'remote-console', displayName: 'Remote console', roles: ['operator'] } as const;

function fail(message: string, exitCode: number): never {
  process.stderr.write(`watchroom: ${message}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseServeArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, 64);
    throw error;
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'watchroom-demo-'));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger(dataDir, logLevelFromEnv(process.env));

  // A full disk at start: say so once and wait for space, rather than exit into a restart loop.
  const waitingForSpace = (message: string) => {
    process.stderr.write(`watchroom: ${message}\n`);
    logger.error(message);
  };
  let key;
  try {
    key = await whenSpaceAllows(dataDir, () => resolveServeKey(process.env, dataDir).key, waitingTimers, waitingForSpace);
  } catch (error) {
    fail((error as Error).message, 78);
  }

  let core;
  try {
    const dbKey = key;
    core = await whenSpaceAllows(
      dataDir,
      () => createCore({ dataDir, dbKey, mode: 'serve', version: WATCHROOM_VERSION, clock: systemClock, timers: systemTimers, logger, sopFolder: shippedSopFolder() }),
      waitingTimers,
      waitingForSpace,
    );
  } catch (error) {
    if (error instanceof WrongKeyError) {
      fail(`${error.message}: ${error.path}. Check WATCHROOM_DB_KEY or ${join(dataDir, 'db.key')}; the file was not changed.`, 78);
    }
    throw error;
  }
  let simulator: DemoSimulator | null = null;
  if (options.demo) {
    simulator = await startDemoSimulator();
    await seedDemoData(core.dispatcher, simulator);
  }

  const accessToken = accessTokenFor(options);
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
  const serveStatic = createStaticHandler(rendererDir);
  const heartbeat = core.monitoring.heartbeatRoute;
  const server = createServer((request, response) => {
    if (!heartbeat(request, response)) void serveStatic(request, response);
  });
  const io = new Server(server, {
    // Room for a 1 MB input plus framing; the dispatcher refuses anything larger with payload_too_large.
    maxHttpBufferSize: MAX_PAYLOAD_BYTES * 2,
    serveClient: false,
    cors: { origin: false },
  });
  attachSocketTransport(io, core.dispatcher, {
    accessToken,
    actorFor: () => (accessToken === null ? LOCAL_OPERATOR : REMOTE_CONSOLE),
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
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const url = `http://${host}:${port}/${accessToken ? `#token=${accessToken}` : ''}`;
    logger.info({ url: url.replace(/#token=.*/, '#token=[redacted]'), dataDir }, 'serve mode listening');
    process.stdout.write(`Watchroom ${WATCHROOM_VERSION} is serving the console at ${url}\nData folder: ${dataDir}\n`);
    if (simulator) {
      const demo = simulator;
      void demoHeartbeatTokens(core.dispatcher).then((tokens) => {
        for (const token of tokens) demo.startHeartbeats(`http://127.0.0.1:${port}${HEARTBEAT_PATH}${token}`, 10_000);
      });
      process.stdout.write(`Demo site simulator on 127.0.0.1:${demo.httpPort} (HTTP), :${demo.openTcpPort} (TCP)\n`);
    }
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
