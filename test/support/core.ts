import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createSilentLogger, type Logger } from '../../src/core/logging';
import type { Notifier } from '../../src/core/alerts';
import type { ProbeRunner } from '../../src/core/probes';
import { createCore, type Core } from '../../src/core/app';
import { LOCAL_OPERATOR, type Actor } from '../../src/core/service';
import type { PasswordParameters } from '../../src/core/people';
import type { SeatPresence } from '../../src/core/seats';
import type { DiskSpace, EventLoopDelay, MemoryUse } from '../../src/core/health';
import type { ReportMailer } from '../../src/core/reports';
import { FakeClock } from './fake-clock';
import type { Timers } from '../../src/shared/domain/clock';

/** The SOP templates Watchroom ships, which every test core seeds unless told otherwise. */
export const SHIPPED_SOP_FOLDER = fileURLToPath(new URL('../../resources/sops', import.meta.url));

/**
 * The health checks' view of the machine in tests: plenty of disk, little memory, no event-loop
 * delay, so a busy test machine raises no health alert in a test about something else.
 */
const PLENTY_OF_DISK: DiskSpace = { of: () => ({ freeBytes: 50, totalBytes: 100 }) };
const QUIET_MEMORY: MemoryUse = { read: () => ({ percent: 10, of: 'its memory limit' }) };
const QUIET_EVENT_LOOP: EventLoopDelay = { p99SinceLastMs: () => 0, p99SoFarMs: () => 0, stop: () => undefined };
/** An event loop whose readings are `p99sMs` in turn, then `quietMs`; it counts its readings and tells whether it was stopped. */
export function scriptedEventLoop(p99sMs: readonly number[], quietMs = 5) {
  const script = [...p99sMs];
  const seen = { readings: 0, stopped: false };
  const eventLoop: EventLoopDelay = {
    p99SinceLastMs: () => {
      seen.readings += 1;
      return script.shift() ?? quietMs;
    },
    // The period under way ends with the next reading: so far, it reads what that reading will.
    p99SoFarMs: () => script[0] ?? quietMs,
    stop: () => {
      seen.stopped = true;
    },
  };
  return { eventLoop, seen };
}
/** For tests that call createCore themselves. */
export const QUIET_HEALTH_PORTS = { diskSpace: PLENTY_OF_DISK, memory: QUIET_MEMORY, eventLoop: QUIET_EVENT_LOOP };

/** A real core on a real encrypted database in dataDir, on a fake clock. */
export function startTestCore(
  dataDir: string,
  options: {
    key?: Buffer;
    clock?: FakeClock;
    /** Timers apart from the clock, as Node's are (monotonic): a test can set the wall clock back while they run on. */
    timers?: Timers;
    runProbe?: ProbeRunner;
    notifier?: Notifier;
    sopFolder?: string | null;
    logger?: Logger;
    /** Cheap argon2id parameters keep sign-in tests fast; the tuned ones are the default. */
    passwordParameters?: PasswordParameters;
    /** Run as a hub: who is connected with each seat. */
    seatPresence?: SeatPresence;
    /** Free space as the health checks see it; plenty everywhere unless given (`'real'`: statfs). */
    diskSpace?: DiskSpace | 'real';
    /** The event-loop delay core's health monitor reads every 10 s; none unless given. */
    eventLoop?: EventLoopDelay;
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
    timers: options.timers ?? clock,
    logger: options.logger ?? createSilentLogger(),
    sopFolder: options.sopFolder === undefined ? SHIPPED_SOP_FOLDER : options.sopFolder,
    ...(options.runProbe ? { runProbe: options.runProbe } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
    ...(options.passwordParameters ? { passwordParameters: options.passwordParameters } : {}),
    ...(options.seatPresence ? { seatPresence: options.seatPresence } : {}),
    healthPorts: {
      ...(options.diskSpace === 'real' ? {} : { diskSpace: options.diskSpace ?? PLENTY_OF_DISK }),
      memory: QUIET_MEMORY,
      eventLoop: options.eventLoop ?? QUIET_EVENT_LOOP,
    },
    ...(options.reportMailer ? { reportMailer: options.reportMailer } : {}),
  });
  const call = (method: unknown, input?: unknown, actor: Actor = LOCAL_OPERATOR) => core.dispatcher.call(method, input, { actor });
  return { core, clock, key, call };
}
