import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpProbeConfig, type ProbeConfig } from '../../../shared/contract/monitors';
import { DEFAULT_LIMITS } from '../engine';
import type { Worker } from 'node:worker_threads';
import { ProbeThread } from './probe-thread';
import { startHttpServer } from './testing/servers';
import { WITHDRAWN_OUTCOME } from './timed-runs';
import { probeContext } from './testing/context';

/**
 * A target in a process of its own, so it answers while this thread is blocked. `answer` says
 * whether it answers at all (a held connection otherwise).
 */
function startTargetProcess(answer: boolean): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    const net = require('node:net');
    const server = net.createServer((socket) => {
      socket.on('error', () => {});
      if (${answer}) socket.on('data', () => socket.end('HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n'));
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) =>
    child.stdout?.once('data', (port: Buffer) => resolve({ child, url: `http://127.0.0.1:${port.toString().trim()}/health` })),
  );
}

function httpConfig(url: string): ProbeConfig {
  return HttpProbeConfig.parse({ kind: 'http', url });
}

/** Holds this thread, as a long SQLite commit or a garbage collection would. */
function blockThisThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup) step();
  cleanup = [];
});

function started(): ProbeThread {
  const thread = new ProbeThread(DEFAULT_LIMITS);
  cleanup.push(() => thread.close());
  return thread;
}

describe('probe thread: network probes timed off the engine thread', () => {
  it('reports the latency of the answer, not how long the engine thread was busy', async () => {
    const target = await startTargetProcess(true);
    cleanup.push(() => target.child.kill());
    const thread = started();
    // The first probe starts the worker.
    expect(await thread.run(httpConfig(target.url), probeContext(30_000))).toMatchObject({ ok: true });
    const probe = thread.run(httpConfig(target.url), probeContext(30_000));
    blockThisThread(1_500);
    const outcome = await probe;
    expect(outcome).toMatchObject({ ok: true, error: null });
    // On the engine's own thread the answer could only be read after the block: 1500 ms or more.
    expect(outcome.latencyMs).toBeLessThan(750);
  }, 30_000);

  it('starts a run handed ahead at its planned time, in the probe thread, and says how late it started', async () => {
    const target = await startTargetProcess(true);
    cleanup.push(() => target.child.kill());
    const thread = started();
    expect(await thread.run(httpConfig(target.url), probeContext(30_000))).toMatchObject({ ok: true });
    const handedAt = Date.now();
    const outcome = await thread.run(httpConfig(target.url), { ...probeContext(30_000), startInMs: 300 });
    expect(outcome).toMatchObject({ ok: true, error: null });
    // Not before its time: the answer came after the planned start.
    expect(Date.now() - handedAt).toBeGreaterThanOrEqual(300);
    expect(outcome.startLateByMs).toBeGreaterThanOrEqual(0);
    expect(outcome.startLateByMs).toBeLessThan(250);
  }, 30_000);

  it('starts handed runs on plan whatever the engine clock says: an hour behind or ahead of this machine', async () => {
    const target = await startTargetProcess(true);
    cleanup.push(() => target.child.kill());
    const thread = started();
    expect(await thread.run(httpConfig(target.url), probeContext(30_000))).toMatchObject({ ok: true });
    for (const offsetMs of [-3_600_000, 3_600_000]) {
      const engineNow = Date.now() + offsetMs;
      const handedAt = Date.now();
      // Planned 200 ms ahead on the engine's clock; handed over as "in 200 ms".
      const outcome = await thread.run(httpConfig(target.url), { ...probeContext(30_000), now: () => engineNow, startInMs: 200 });
      expect(outcome).toMatchObject({ ok: true, error: null });
      expect(Date.now() - handedAt).toBeGreaterThanOrEqual(200);
      expect(outcome.startLateByMs).toBeGreaterThanOrEqual(0);
      expect(outcome.startLateByMs).toBeLessThan(250);
    }
    // Handed over late (the engine's thread was held 40 ms past the plan): started at once, and that lateness is told.
    const late = await thread.run(httpConfig(target.url), { ...probeContext(30_000), startInMs: -40 });
    expect(late.startLateByMs).toBeGreaterThanOrEqual(40);
    expect(late.startLateByMs).toBeLessThan(290);
  }, 30_000);

  it('withdraws a run handed ahead when the engine aborts it before its start: kept verdict, no connection', async () => {
    const server = await startHttpServer((_request, response) => response.end('OK'));
    cleanup.push(() => void server.close());
    let connections = 0;
    server.server.on('connection', () => (connections += 1));
    const url = `http://127.0.0.1:${server.port}/health`;
    const thread = started();
    expect(await thread.run(httpConfig(url), probeContext(30_000))).toMatchObject({ ok: true });
    // Withdrawn in the message that hands it over, and once the probe thread holds it.
    for (const holdFirst of [false, true]) {
      const controller = new AbortController();
      const held = thread.run(httpConfig(url), { signal: controller.signal, timeoutMs: 5_000, now: () => Date.now(), startInMs: 300 });
      // A run the engine starts itself goes in a later message: once it answers, the held one has arrived.
      if (holdFirst) expect(await thread.run(httpConfig(url), probeContext(30_000))).toMatchObject({ ok: true });
      controller.abort();
      expect(await held).toEqual(WITHDRAWN_OUTCOME);
    }
    // A later run planned after the withdrawn ones: by its answer, they would have connected.
    expect(await thread.run(httpConfig(url), { ...probeContext(30_000), startInMs: 400 })).toMatchObject({ ok: true });
    expect(connections).toBe(3);
  }, 30_000);

  it('ends the runs handed ahead as unknown when the probe thread dies, and hands runs ahead again to a new one', async () => {
    const target = await startTargetProcess(true);
    cleanup.push(() => target.child.kill());
    const thread = started();
    expect(await thread.run(httpConfig(target.url), probeContext(30_000))).toMatchObject({ ok: true });
    const held = thread.run(httpConfig(target.url), { ...probeContext(30_000), startInMs: 5_000 });
    // As a crash would: the worker goes without a word.
    await (thread as unknown as { worker: Worker }).worker.terminate();
    expect(await held).toEqual({ ok: false, latencyMs: null, error: 'the probe thread exited (code 1)', indeterminate: true });
    const again = await thread.run(httpConfig(target.url), { ...probeContext(30_000), startInMs: 100 });
    expect(again).toMatchObject({ ok: true, error: null });
    expect(again.startLateByMs).toBeLessThan(250);
  }, 30_000);

  it('ends a probe as timed out when the engine aborts it', async () => {
    const target = await startTargetProcess(false);
    cleanup.push(() => target.child.kill());
    const thread = started();
    const controller = new AbortController();
    const probe = thread.run(httpConfig(target.url), { signal: controller.signal, timeoutMs: 4_000, now: () => 0 });
    controller.abort();
    expect(await probe).toEqual({ ok: false, latencyMs: null, error: 'timed out after 4000 ms' });
  }, 30_000);

  it('ends a probe still out when the thread stops as unknown, never down', async () => {
    const target = await startTargetProcess(false);
    cleanup.push(() => target.child.kill());
    const thread = started();
    const probe = thread.run(httpConfig(target.url), probeContext(30_000));
    thread.close();
    expect(await probe).toEqual({ ok: false, latencyMs: null, error: 'the probe thread was stopped', indeterminate: true });
  }, 30_000);

  it('judges heartbeats on the engine thread, from the engine clock', async () => {
    const thread = started();
    const outcome = await thread.run(
      { kind: 'heartbeat', graceSeconds: 0 },
      { ...probeContext(), now: () => 100_000, monitor: { id: 'm', intervalMs: 60_000, lastBeatAt: 90_000, createdAt: 0 } },
    );
    expect(outcome).toMatchObject({ ok: true });
  });
});
