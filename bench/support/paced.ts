import { performance } from 'node:perf_hooks';

/**
 * Starts `attempt(i)` at `rate` per second for `durationMs` on this thread's own timers, waits for
 * every attempt started, and returns this process's CPU over that time in % of one core: the
 * pacing the TLS floor and the bare prober share, so their blocks differ only in what one attempt does.
 */
export async function runPaced(rate: number, durationMs: number, attempt: (i: number) => Promise<void>): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; ; i += 1) {
    const due = started + (i * 1000) / rate;
    if (due - started >= durationMs) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const running = attempt(i).then(() => {
      inFlight.delete(running);
    });
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpuStart);
  return (100 * (cpu.user + cpu.system)) / 1000 / (performance.now() - started);
}
