import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createSilentLogger, type Logger } from '../../src/core/logging';
import type { Notifier } from '../../src/core/alerts';
import type { ProbeRunner } from '../../src/core/probes';
import { createCore, type Core } from '../../src/core/app';
import { LOCAL_OPERATOR, type Actor } from '../../src/core/service';
import type { PasswordParameters } from '../../src/core/people';
import type { SeatPresence } from '../../src/core/seats';
import type { ReportMailer } from '../../src/core/reports';
import { FakeClock } from './fake-clock';

/** The SOP templates Watchroom ships, which every test core seeds unless told otherwise. */
export const SHIPPED_SOP_FOLDER = fileURLToPath(new URL('../../resources/sops', import.meta.url));

/** A real core on a real encrypted database in dataDir, on a fake clock. */
export function startTestCore(
  dataDir: string,
  options: {
    key?: Buffer;
    clock?: FakeClock;
    runProbe?: ProbeRunner;
    notifier?: Notifier;
    sopFolder?: string | null;
    logger?: Logger;
    /** Cheap argon2id parameters keep sign-in tests fast; the tuned ones are the default. */
    passwordParameters?: PasswordParameters;
    /** Run as a hub: who is connected with each seat. */
    seatPresence?: SeatPresence;
    /** Receives the monthly review's e-mail instead of an SMTP server. */
    reportMailer?: ReportMailer;
  } = {},
) {
  const clock = options.clock ?? new FakeClock();
  const key = options.key ?? randomBytes(32);
  const core: Core = createCore({
    dataDir,
    dbKey: key,
    mode: 'serve',
    version: '0.0.0-test',
    clock,
    timers: clock,
    logger: options.logger ?? createSilentLogger(),
    sopFolder: options.sopFolder === undefined ? SHIPPED_SOP_FOLDER : options.sopFolder,
    ...(options.runProbe ? { runProbe: options.runProbe } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.passwordParameters ? { passwordParameters: options.passwordParameters } : {}),
    ...(options.seatPresence ? { seatPresence: options.seatPresence } : {}),
    ...(options.reportMailer ? { reportMailer: options.reportMailer } : {}),
  });
  const call = (method: unknown, input?: unknown, actor: Actor = LOCAL_OPERATOR) => core.dispatcher.call(method, input, { actor });
  return { core, clock, key, call };
}
