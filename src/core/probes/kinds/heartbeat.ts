import { indeterminate, failure, keepVerdict, success } from './outcome';
import type { ProbeKind } from './types';

/** "4 min 10 s", "2 h 5 min", "3 d 4 h": the two largest units, as an operator reads a duration. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  let seconds = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  for (const [name, size] of units) {
    if (parts.length === 2) break;
    const count = Math.floor(seconds / size);
    seconds -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count} ${name}`);
  }
  const shown = parts.filter((part) => !part.startsWith('0 '));
  return shown.length > 0 ? shown.join(' ') : '0 s';
}

/**
 * Devices call the monitor's token URL; the engine records the beat and passes the last one in
 * the context. Pure: judged on the engine's clock (context.now), so tests need no real time.
 */
export const heartbeatProbe: ProbeKind<'heartbeat'> = {
  kind: 'heartbeat',
  targetHost: () => null,
  async run(config, context) {
    const monitor = context.monitor;
    if (!monitor) return indeterminate('heartbeat state was not provided by the engine');
    const { lastBeatAt, createdAt, listeningSince } = monitor;
    const allowedMs = monitor.intervalMs + config.graceSeconds * 1000;
    const restarted = listeningSince > createdAt;
    // Core started after the monitor was made and has heard no beat since: beats sent while it was not
    // running were not heard, so the device gets its full allowance from the start, and until then
    // keeps the verdict it had, a missed-beat alert with its owner included (resolving it, or calling
    // the device up, would both be claims nobody heard). So does a device that never beat at all.
    if (restarted && (lastBeatAt === null || lastBeatAt < listeningSince) && context.now() - listeningSince <= allowedMs) {
      return keepVerdict(
        `no heartbeat heard since the console started; ${lastBeatAt === null ? 'none had come before' : 'the last one came before'}`,
      );
    }
    const since = lastBeatAt ?? Math.max(createdAt, listeningSince);
    const silentMs = context.now() - since;
    // Before the first beat nothing has been heard, so "up" would be a claim: it is unknown until the
    // device calls, and down once the first beat is overdue.
    if (silentMs <= allowedMs) {
      return lastBeatAt === null
        ? indeterminate(`waiting for the first heartbeat (due within ${formatDuration(allowedMs - silentMs)})`)
        : success(null);
    }
    const expectation = `expected every ${formatDuration(monitor.intervalMs)} + ${formatDuration(config.graceSeconds * 1000)} grace`;
    if (lastBeatAt !== null) return failure(`no heartbeat for ${formatDuration(silentMs)} (${expectation})`);
    return failure(
      restarted
        ? `no heartbeat received yet, none in the ${formatDuration(silentMs)} since the console started (${expectation})`
        : `no heartbeat received yet, ${formatDuration(silentMs)} since the monitor was created (${expectation})`,
    );
  },
};
