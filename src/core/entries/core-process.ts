/** What serve mode and the hub do alike at start: the data folder, the log, the key, core, and the demo. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, systemTimers } from '../../shared/domain/clock';
import { WrongKeyError } from '../db';
import { createLogger, logLevelFromEnv, type Logger } from '../logging';
import { createCore, waitingTimers, whenSpaceAllows, type Core, type CoreOptions } from '../app';
import { refreshDemoMonitors, seedDemoData, seedDemoUsers } from './demo';
import { demoStartFor, markDemoFolder, recalledDemoPeople, rememberDemoPeople, type DemoPerson, type DemoStart } from './demo-folder';
import { startDemoSimulator, type DemoSimulator } from './demo-simulator';
import { shippedSopFolder } from './resources';
import { resolveServeKey } from './serve-options';
import { WATCHROOM_VERSION } from './version';

export function fail(message: string, exitCode: number): never {
  process.stderr.write(`watchroom: ${message}\n`);
  process.exit(exitCode);
}

export interface CoreProcess {
  core: Core;
  key: Buffer;
  logger: Logger;
  demo: DemoStart;
  simulator: DemoSimulator | null;
  demoPeople: DemoPerson[];
}

/**
 * Opens core in a plain Node process: makes the data folder (owner only), opens the log, reads or
 * makes the database key, starts core (waiting for space on a full disk rather than exiting into a
 * restart loop), and seeds or resumes the demo. Exits with a message on a wrong key.
 */
export async function startCoreProcess(
  dataDir: string,
  options: { mode: CoreOptions['mode']; demo: boolean; seatPresence?: CoreOptions['seatPresence']; hub?: CoreOptions['hub'] },
): Promise<CoreProcess> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger(dataDir, logLevelFromEnv(process.env));
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
      () =>
        createCore({
          dataDir,
          dbKey,
          mode: options.mode,
          version: WATCHROOM_VERSION,
          clock: systemClock,
          timers: systemTimers,
          logger,
          sopFolder: shippedSopFolder(),
          ...(options.seatPresence ? { seatPresence: options.seatPresence } : {}),
          ...(options.hub ? { hub: options.hub } : {}),
        }),
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
  let demoPeople: DemoPerson[] = [];
  const demo = demoStartFor(dataDir, options.demo);
  if (demo !== 'none') {
    simulator = await startDemoSimulator();
    if (demo === 'seed') {
      await seedDemoData(core.dispatcher, simulator);
      rememberDemoPeople(dataDir, await seedDemoUsers(core.dispatcher));
      markDemoFolder(dataDir);
    } else await refreshDemoMonitors(core.dispatcher, simulator);
    demoPeople = recalledDemoPeople(dataDir);
  }
  return { core, key, logger, demo, simulator, demoPeople };
}
