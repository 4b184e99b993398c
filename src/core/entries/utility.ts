/**
 * Core in Electron's utility process. Main sends one init message on the parent port carrying
 * the database key and a MessagePort; every renderer call then arrives on that port.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { CoreInitMessage } from '../../shared/contract';
import { systemClock, systemTimers } from '../../shared/domain/clock';
import { createLogger, logLevelFromEnv } from '../logging';
import { createCore, waitingTimers, whenSpaceAllows } from '../app';
import { servePort, type MessagePortLike } from '../transport';
import { shippedSopFolder } from './resources';

interface ParentPort {
  once(event: 'message', listener: (message: { data: unknown; ports: MessagePortLike[] }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  process.stderr.write('watchroom: core/utility must be started by the Electron shell; use serve mode for a browser\n');
  process.exit(64);
}

parentPort.once('message', async ({ data, ports }) => {
  const init = CoreInitMessage.safeParse(data);
  const port = ports[0];
  if (!init.success || !port) {
    parentPort.postMessage({ type: 'fatal', message: 'core received a malformed init message' });
    process.exit(65);
  }
  const { dataDir, dbKeyHex, freshCacheReason, version } = init.data;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger(dataDir, logLevelFromEnv(process.env));
  try {
    // A full disk at start: wait for space here rather than exit, which main would answer with a restart.
    const waitingForSpace = (message: string) => {
      process.stderr.write(`watchroom: ${message}\n`);
      logger.error(message);
      parentPort.postMessage({ type: 'waiting', message });
    };
    const core = await whenSpaceAllows(
      dataDir,
      () =>
        createCore({
          dataDir,
          dbKey: Buffer.from(dbKeyHex, 'hex'),
          mode: 'electron',
          version,
          clock: systemClock,
          timers: systemTimers,
          logger,
          keyUnavailableReason: freshCacheReason,
          sopFolder: shippedSopFolder(),
        }),
      waitingTimers,
      waitingForSpace,
    );
    servePort(port, core.dispatcher, { actorFor: core.people.actorFor, seat: hostname() }, logger);
    core.start();
    // Main stops core with SIGTERM: close the database (and flush the writer) before going.
    process.on('SIGTERM', () => {
      core.close();
      process.exit(0);
    });
  } catch (error) {
    logger.fatal({ err: error }, 'core could not start');
    parentPort.postMessage({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
    process.exit(70);
  }
});
