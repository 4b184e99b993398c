import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, flushMicrotasks } from '../../../../test/support/fake-clock';
import { HttpProbeConfig, TcpProbeConfig, type ProbeConfig } from '../../../shared/contract/monitors';
import { DEFAULT_LIMITS } from '../engine';
import { GatheredReplies } from './gathered-replies';
import {
  PROBE_THREAD_GRACE_MS,
  ProbeThread,
  RESTART_BACKOFF_MAX_MS,
  RESTART_BACKOFF_MS,
  startProbeWorker,
  type ProbeThreadOptions,
  type ProbeWorker,
} from './probe-thread';
import { ProbeThreadInbox, UNKNOWN_CONFIG_OUTCOME } from './probe-thread-inbox';
import { REPLY_GATHER_MS, type ProbeThreadReplies, type ProbeThreadRequest, type ProbeThreadRequests } from './probe-thread-protocol';
import { targetHostOf } from './registry';
import { startHttpServer } from './testing/servers';
import { TimedRuns, WITHDRAWN_OUTCOME, type TimedRun } from './timed-runs';
import { probeContext } from './testing/context';
import type { ProbeContext, ProbeOutcome } from './types';

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

/**
 * A probe thread on a fake clock: the real TimedRuns (caps, timeouts) and GatheredReplies, with
 * targets that never answer, so each run ends at its own timeout. Handles runs handed ahead.
 */
class HangingProbeWorker extends EventEmitter implements ProbeWorker {
  terminated = false;
  /** While set, replies wait here, as in the port of an engine thread that is held. */
  held: ProbeThreadReplies[] | null = null;
  private readonly inbox: ProbeThreadInbox;

  constructor(clock: FakeClock) {
    super();
    const replies = new GatheredReplies({
      timers: clock,
      soon: queueMicrotask,
      send: (sent) => (this.held ? this.held.push(sent) : this.emit('message', sent)),
      gatherMs: REPLY_GATHER_MS,
    });
    const hang = (_config: ProbeConfig, context: ProbeContext) =>
      new Promise<ProbeOutcome>((resolve) =>
        context.signal.addEventListener('abort', () =>
          resolve({ ok: false, latencyMs: null, error: `timed out after ${context.timeoutMs} ms` }),
        ),
      );
    const timedRuns = new TimedRuns({
      clock,
      monotonicNow: () => clock.now(),
      timers: clock,
      timerGrainMs: 0,
      runProbe: hang,
      hostOf: targetHostOf,
      limits: DEFAULT_LIMITS,
      reply: (id, outcome) => replies.gathered(id, outcome),
    });
    this.inbox = new ProbeThreadInbox({
      addTimed: (runs) => timedRuns.add(runs),
      abortTimed: (id) => timedRuns.abort(id),
      runProbe: hang,
      replyNow: (id, outcome) => replies.now(id, outcome),
    });
  }

  postMessage(requests: ProbeThreadRequests): void {
    this.inbox.receive(requests);
  }

  /** The engine thread takes what waited in its port. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const replies of held) this.emit('message', replies);
  }

  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }
  ref(): void {}
  unref(): void {}
}

/** A wedged probe thread: it takes every message and answers none. */
class SilentProbeWorker extends EventEmitter implements ProbeWorker {
  terminated = false;
  postMessage(_requests: ProbeThreadRequests): void {}
  terminate(): Promise<number> {
    this.terminated = true;
    return Promise.resolve(1);
  }
  ref(): void {}
  unref(): void {}
}

function tcpConfig(host: string, port: number): ProbeConfig {
  return TcpProbeConfig.parse({ kind: 'tcp', host, port });
}

/** A handed-ahead run's context; its signal is the engine's (never aborted here). */
function handedContext(timeoutMs: number, startInMs = 0) {
  return { signal: new AbortController().signal, timeoutMs, now: () => Date.now(), startInMs };
}

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup) step();
  cleanup = [];
});

/** A probe thread on a fake clock whose workers are stand-ins, listed as they are started. */
function threadWith<W extends ProbeWorker>(clock: FakeClock, startWorker: () => W, options: Partial<ProbeThreadOptions> = {}) {
  const workers: W[] = [];
  const thread = new ProbeThread(DEFAULT_LIMITS, {
    monotonicNow: () => clock.now(),
    timers: clock,
    startWorker: () => {
      const worker = startWorker();
      workers.push(worker);
      return worker;
    },
    ...options,
  });
  cleanup.push(() => thread.close());
  return { thread, workers };
}

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
      {
        ...probeContext(),
        now: () => 100_000,
        monitor: { id: 'm', intervalMs: 60_000, lastBeatAt: 90_000, createdAt: 0, listeningSince: 0 },
      },
    );
    expect(outcome).toMatchObject({ ok: true });
  });
});

describe('probe thread: a worker that stops answering', () => {
  it('terminates a silent worker past the bound, ends its runs as unknown, and starts a new one for the next run', async () => {
    const server = await startHttpServer((_request, response) => response.end('OK'));
    cleanup.push(() => void server.close());
    const clock = new FakeClock();
    const workers: Worker[] = [];
    const thread = new ProbeThread(DEFAULT_LIMITS, {
      monotonicNow: () => clock.now(),
      timers: clock,
      // The first worker takes messages and never answers (a wedged loop); the next is the real one.
      startWorker: (data) => {
        const worker =
          workers.length === 0
            ? new Worker(`require('node:worker_threads').parentPort.on('message', () => {});`, { eval: true })
            : startProbeWorker(data);
        workers.push(worker);
        return worker;
      },
    });
    cleanup.push(() => thread.close());
    const outcomes: ProbeOutcome[] = [];
    for (const startInMs of [0, 80])
      void thread.run(httpConfig(`http://127.0.0.1:${server.port}/`), handedContext(2_000, startInMs)).then((o) => outcomes.push(o));
    // The bound: the oldest run's start (at once) + the longest timeout + the gathering + the grace.
    const bound = 2_000 + REPLY_GATHER_MS + PROBE_THREAD_GRACE_MS;
    clock.advance(Math.floor(bound / 1_000) * 1_000);
    await flushMicrotasks();
    expect(outcomes).toEqual([]);
    clock.advance(1_000);
    await flushMicrotasks();
    const wedged = { ok: false, latencyMs: null, error: 'the probe thread stopped answering and was restarted', indeterminate: true };
    expect(outcomes).toEqual([wedged, wedged]);
    await once(workers[0] as Worker, 'exit');
    const again = await thread.run(httpConfig(`http://127.0.0.1:${server.port}/`), handedContext(30_000));
    expect(again).toMatchObject({ ok: true, error: null });
    expect(workers).toHaveLength(2);
  }, 30_000);

  it('finds a wedged worker while the engine keeps handing it new runs: new runs do not move the bound', async () => {
    const clock = new FakeClock();
    const { thread, workers } = threadWith(clock, () => new SilentProbeWorker());
    const outcomes: ProbeOutcome[] = [];
    const startedAt = clock.now();
    // One monitor after another falls due, a second apart, on hosts of their own; the worker answers none.
    for (let second = 0; second < 60 && workers[0]?.terminated !== true; second += 1) {
      void thread.run(tcpConfig(`10.0.0.${second + 1}`, 80), handedContext(5_000, 50)).then((o) => outcomes.push(o));
      await flushMicrotasks();
      await clock.advanceAsync(1_000, 1_000);
    }
    // The first run's start (50 ms) + its 5 s timeout + the gathering + the grace, and the next check.
    expect(workers[0]?.terminated).toBe(true);
    expect(clock.now() - startedAt).toBeLessThanOrEqual(50 + 5_000 + REPLY_GATHER_MS + PROBE_THREAD_GRACE_MS + 2_000);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.indeterminate === true && o.error === 'the probe thread stopped answering and was restarted')).toBe(
      true,
    );
  });

  it('never terminates a worker busy with slow runs: runs wait for slots behind longer timeouts, and replies are seconds apart', async () => {
    const clock = new FakeClock();
    const worker = new HangingProbeWorker(clock);
    const thread = new ProbeThread(DEFAULT_LIMITS, { monotonicNow: () => clock.now(), timers: clock, startWorker: () => worker });
    cleanup.push(() => thread.close());
    const outcomes: string[] = [];
    const send = (name: string, port: number, timeoutMs: number) =>
      void thread.run(tcpConfig('10.0.0.7', port), handedContext(timeoutMs)).then((o) => outcomes.push(`${name} ${o.error ?? ''}`));
    // Eight recorders hold the host's eight slots for 30 s; a camera (5 s) waits behind them, far
    // past its own timeout + grace, and a second wave of recorders waits behind it.
    for (let port = 1; port <= 8; port += 1) send('recorder', port, 30_000);
    send('camera', 9, 5_000);
    await flushMicrotasks();
    await clock.advanceAsync(20_000, 1_000);
    for (let port = 11; port <= 18; port += 1) send('recorder', port, 30_000);
    await clock.advanceAsync(60_000, 1_000);
    expect(worker.terminated).toBe(false);
    expect(outcomes).toEqual([
      ...Array<string>(8).fill('recorder timed out after 30000 ms'),
      'camera timed out after 5000 ms',
      ...Array<string>(8).fill('recorder timed out after 30000 ms'),
    ]);
    // Nothing out: the check is no longer armed.
    await clock.advanceAsync(2_000, 1_000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does not judge a worker on a check that came late: this thread was held, and the replies wait behind the timer', async () => {
    const clock = new FakeClock();
    let heldFor = 0;
    const worker = new HangingProbeWorker(clock);
    const thread = new ProbeThread(DEFAULT_LIMITS, { monotonicNow: () => clock.now() + heldFor, timers: clock, startWorker: () => worker });
    cleanup.push(() => thread.close());
    let outcome: ProbeOutcome | null = null;
    void thread.run(tcpConfig('10.0.0.7', 1), handedContext(2_000)).then((o) => (outcome = o));
    await flushMicrotasks();
    // The engine's thread is held (a long commit): the worker answers at 2.05 s into its port.
    worker.held = [];
    await clock.advanceAsync(2_500, 500);
    expect(worker.held).toHaveLength(1);
    // 20 s later the check runs first, 20 s late, well past the bound (2 s + the gathering + the grace).
    heldFor = 20_000;
    await clock.advanceAsync(500, 500);
    worker.release();
    await flushMicrotasks();
    expect(worker.terminated).toBe(false);
    expect(outcome).toMatchObject({ ok: false, error: 'timed out after 2000 ms' });
  });
});

/** Takes every message, keeps what it was sent, answers none. */
class RecordingProbeWorker extends SilentProbeWorker {
  readonly received: ProbeThreadRequest[] = [];
  override postMessage(requests: ProbeThreadRequests): void {
    this.received.push(...requests);
  }
  ofType<T extends ProbeThreadRequest['type']>(type: T): Extract<ProbeThreadRequest, { type: T }>[] {
    return this.received.filter((request): request is Extract<ProbeThreadRequest, { type: T }> => request.type === type);
  }
}

describe('probe thread: a monitor settings cross to it once, not with every run', () => {
  function recordingThread(clock: FakeClock) {
    // As the FinalizationRegistry keeps them: by config, each under the worker it was sent to.
    let watches: { config: ProbeConfig; released: () => void; worker: object }[] = [];
    const { thread, workers } = threadWith(clock, () => new RecordingProbeWorker(), {
      watchRelease: (config, released, worker) => watches.push({ config, released, worker }),
      unwatchReleases: (worker) => (watches = watches.filter((watch) => watch.worker !== worker)),
    });
    /** What the garbage collector does once the engine lets go of a config. */
    const release = (config: ProbeConfig) => {
      for (const watch of watches) if (watch.config === config) watch.released();
    };
    return { thread, workers, release, watching: () => watches.length };
  }

  it('sends a config once, then every run of it names it; another config object is sent on its own', async () => {
    const { thread, workers } = recordingThread(new FakeClock());
    const camera = tcpConfig('10.0.0.5', 554);
    const recorder = tcpConfig('10.0.0.6', 8000);
    for (const startInMs of [0, 5_000, 10_000]) void thread.run(camera, handedContext(4_000, startInMs));
    void thread.run(recorder, handedContext(4_000));
    await flushMicrotasks();
    const worker = workers[0] as RecordingProbeWorker;
    const configs = worker.ofType('config');
    expect(configs.map((sent) => sent.config)).toEqual([camera, recorder]);
    const [cameraRef, recorderRef] = configs.map((sent) => sent.ref);
    expect(cameraRef).not.toBe(recorderRef);
    expect(worker.ofType('timed-run').map((run) => run.configRef)).toEqual([cameraRef, cameraRef, cameraRef, recorderRef]);
    // Each config goes before the first run that names it.
    expect(worker.received.findIndex((r) => r.type === 'config' && r.ref === recorderRef)).toBeLessThan(
      worker.received.findIndex((r) => r.type === 'timed-run' && r.configRef === recorderRef),
    );
  });

  it.each([
    ['after the message that carried it went out', true],
    ['before the message that carried it went out, in the same turn', false],
  ])('sends the config again to a worker started after the last one died %s', async (_when, posted) => {
    const clock = new FakeClock();
    const { thread, workers } = recordingThread(clock);
    const camera = tcpConfig('10.0.0.5', 554);
    const first = thread.run(camera, handedContext(4_000));
    if (posted) await flushMicrotasks();
    (workers[0] as RecordingProbeWorker).emit('exit', 1);
    expect(await first).toMatchObject({ ok: false, indeterminate: true });
    expect((workers[0] as RecordingProbeWorker).ofType('config')).toHaveLength(posted ? 1 : 0);
    // It went before answering anything: the next one is started after the back-off.
    clock.advance(RESTART_BACKOFF_MS);
    void thread.run(camera, handedContext(4_000));
    await flushMicrotasks();
    const second = workers[1] as RecordingProbeWorker;
    expect(second.ofType('config').map((sent) => sent.config)).toEqual([camera]);
    expect(second.ofType('timed-run').map((run) => run.configRef)).toEqual([second.ofType('config')[0]?.ref]);
  });

  it('tells the worker to forget a config the engine let go of, and not a worker started since', async () => {
    const clock = new FakeClock();
    const { thread, workers, release, watching } = recordingThread(clock);
    const before = tcpConfig('10.0.0.5', 554);
    const after = tcpConfig('10.0.0.5', 555);
    void thread.run(before, handedContext(4_000));
    void thread.run(after, handedContext(4_000));
    await flushMicrotasks();
    const worker = workers[0] as RecordingProbeWorker;
    release(before);
    await flushMicrotasks();
    const beforeRef = worker.ofType('config').find((sent) => sent.config === before)?.ref;
    expect(worker.ofType('forget')).toEqual([{ type: 'forget', ref: beforeRef }]);
    // The worker dies and a new one is started: the old worker's numbers mean nothing to it, and
    // no watch of what was sent to it is kept (each would keep the dead worker's state alive).
    worker.emit('exit', 1);
    expect(watching()).toBe(0);
    clock.advance(RESTART_BACKOFF_MS);
    void thread.run(tcpConfig('10.0.0.7', 22), handedContext(4_000));
    await flushMicrotasks();
    release(after);
    await flushMicrotasks();
    expect((workers[1] as RecordingProbeWorker).ofType('forget')).toEqual([]);
  });
});

describe('probe thread: a worker that cannot start', () => {
  it('waits before starting again a worker that went before answering, twice as long each time up to a minute, and ends runs meanwhile as unknown with the reason', async () => {
    const clock = new FakeClock();
    // Each worker dies before it answers, as one whose code cannot load does.
    const { thread, workers } = threadWith(clock, () => new RecordingProbeWorker());
    const run = () => thread.run(tcpConfig('10.0.0.5', 554), handedContext(4_000));
    const failOnce = async () => {
      const outcome = run();
      (workers.at(-1) as RecordingProbeWorker).emit('exit', 1);
      expect(await outcome).toMatchObject({ ok: false, indeterminate: true, error: 'the probe thread exited (code 1)' });
    };
    await failOnce();
    for (const wait of [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, RESTART_BACKOFF_MAX_MS, RESTART_BACKOFF_MAX_MS]) {
      const started = workers.length;
      clock.advance(wait - 1);
      const meanwhile = await run();
      expect(workers).toHaveLength(started);
      expect(meanwhile).toEqual({
        ok: false,
        latencyMs: null,
        error: `the probe thread exited (code 1); the probe thread is started again after a pause of ${wait / 1000} s`,
        indeterminate: true,
      });
      clock.advance(1);
      await failOnce();
      expect(workers).toHaveLength(started + 1);
    }
  });

  it('starts a worker again at once after one that had answered, and after a start that worked', async () => {
    const clock = new FakeClock();
    const { thread, workers } = threadWith(clock, () => new RecordingProbeWorker());
    const handAhead = thread.run.handAhead;
    if (!handAhead) throw new Error('the probe thread hands ahead');
    const settled: ProbeOutcome[] = [];
    const id = handAhead.hand(tcpConfig('10.0.0.5', 554), 4_000, false, 10, (outcome) => settled.push(outcome));
    (workers[0] as RecordingProbeWorker).emit('message', [{ id, outcome: { ok: true, latencyMs: 3, error: null } }]);
    (workers[0] as RecordingProbeWorker).emit('exit', 1);
    handAhead.hand(tcpConfig('10.0.0.5', 554), 4_000, false, 10, (outcome) => settled.push(outcome));
    expect(workers).toHaveLength(2);
    expect(settled).toEqual([{ ok: true, latencyMs: 3, error: null }]);
  });

  it('ends runs as unknown, with the reason, when no worker thread can be created, and tries again after the back-off', async () => {
    const clock = new FakeClock();
    let creations = 0;
    const thread = new ProbeThread(DEFAULT_LIMITS, {
      monotonicNow: () => clock.now(),
      timers: clock,
      startWorker: () => {
        creations += 1;
        throw new Error('ERR_WORKER_INIT_FAILED');
      },
    });
    cleanup.push(() => thread.close());
    const run = () => thread.run(tcpConfig('10.0.0.5', 554), handedContext(4_000));
    expect(await run()).toMatchObject({
      ok: false,
      indeterminate: true,
      error: 'the probe thread could not be started: ERR_WORKER_INIT_FAILED',
    });
    expect(await run()).toMatchObject({
      indeterminate: true,
      error: 'the probe thread could not be started: ERR_WORKER_INIT_FAILED; the probe thread is started again after a pause of 1 s',
    });
    expect(creations).toBe(1);
    clock.advance(RESTART_BACKOFF_MS);
    await run();
    expect(creations).toBe(2);
  });
});

describe('probe thread: forgetting configs under real garbage collection', () => {
  it('tells the worker to forget a config once the engine lets go of it, and a later worker nothing of what the dead one was sent', async () => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./testing/release-child.ts', import.meta.url))],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(err).toBe('');
    expect(code).toBe(0);
    const seen = JSON.parse(out) as {
      first: { configs: Record<string, string>; forgot: number[] };
      second: { configs: Record<string, string>; forgot: number[] };
    };
    const refOf = (configs: Record<string, string>, host: string) =>
      Number(Object.entries(configs).find(([, sentHost]) => sentHost === host)?.[0]);
    // The changed monitor's old config, and only it, was forgotten by the worker that held it.
    expect(seen.first.forgot).toEqual([refOf(seen.first.configs, '10.0.0.6')]);
    // The next worker was sent the config still in use again, and nothing about the dead worker's.
    expect(Object.values(seen.second.configs)).toEqual(['10.0.0.5']);
    expect(seen.second.forgot).toEqual([]);
  }, 30_000);
});

describe('probe thread: the engine hands runs over by number and callback', () => {
  it('settles a handed run once with its outcome, and withdraws only a run still out', async () => {
    const { thread, workers } = threadWith(new FakeClock(), () => new RecordingProbeWorker());
    const handAhead = thread.run.handAhead;
    if (!handAhead) throw new Error('the probe thread hands ahead');
    const settled: [string, ProbeOutcome][] = [];
    const answered = handAhead.hand(tcpConfig('10.0.0.5', 554), 4_000, false, 20, (outcome) => settled.push(['answered', outcome]));
    const withdrawn = handAhead.hand(tcpConfig('10.0.0.6', 554), 4_000, false, 40, (outcome) => settled.push(['withdrawn', outcome]));
    await flushMicrotasks();
    const worker = workers[0] as RecordingProbeWorker;
    expect(worker.ofType('timed-run').map((run) => [run.id, run.startInMs])).toEqual([
      [answered, 20],
      [withdrawn, 40],
    ]);
    const up: ProbeOutcome = { ok: true, latencyMs: 12, error: null, startLateByMs: 0.4 };
    worker.emit('message', [{ id: answered, outcome: up }]);
    handAhead.withdraw(answered);
    handAhead.withdraw(withdrawn);
    await flushMicrotasks();
    expect(worker.ofType('abort')).toEqual([{ type: 'abort', id: withdrawn }]);
    worker.emit('message', [{ id: withdrawn, outcome: WITHDRAWN_OUTCOME }]);
    // A second answer for a run already settled changes nothing.
    worker.emit('message', [{ id: answered, outcome: { ok: false, latencyMs: null, error: 'late duplicate' } }]);
    expect(settled).toEqual([
      ['answered', up],
      ['withdrawn', WITHDRAWN_OUTCOME],
    ]);
  });
});

describe('probe thread inbox: runs carry a number, the thread keeps the settings', () => {
  function inbox() {
    const started: { config: ProbeConfig; run: TimedRun }[] = [];
    const replies: { id: number; outcome: ProbeOutcome }[] = [];
    const aborted: number[] = [];
    const box = new ProbeThreadInbox({
      addTimed: (runs) => started.push(...runs.map((run) => ({ config: run.config, run }))),
      abortTimed: (id) => aborted.push(id),
      runProbe: () => Promise.resolve({ ok: true, latencyMs: 1, error: null }),
      replyNow: (id, outcome) => replies.push({ id, outcome }),
    });
    return { box, started, replies, aborted };
  }
  const timed = (id: number, configRef: number): ProbeThreadRequest => ({
    type: 'timed-run',
    id,
    configRef,
    timeoutMs: 4_000,
    fresh: false,
    startInMs: 10,
  });

  it('starts each run with the settings its number stands for, and a run handed before a forget keeps them', () => {
    const { box, started, replies } = inbox();
    const camera = tcpConfig('10.0.0.5', 554);
    const recorder = tcpConfig('10.0.0.6', 8000);
    box.receive([{ type: 'config', ref: 1, config: camera }, { type: 'config', ref: 2, config: recorder }, timed(10, 1), timed(11, 2)]);
    box.receive([timed(12, 1), { type: 'forget', ref: 1 }]);
    expect(started.map(({ run, config }) => [run.id, config])).toEqual([
      [10, camera],
      [11, recorder],
      [12, camera],
    ]);
    // Forgotten: a later run naming it is answered as unknown; the other settings are still held.
    box.receive([timed(13, 1), timed(14, 2)]);
    expect(started.map(({ run }) => run.id)).toEqual([10, 11, 12, 14]);
    expect(replies).toEqual([{ id: 13, outcome: UNKNOWN_CONFIG_OUTCOME }]);
  });

  it('answers a run whose settings it does not hold as unknown, never down, and starts nothing', () => {
    const { box, started, replies } = inbox();
    box.receive([{ type: 'config', ref: 1, config: tcpConfig('10.0.0.5', 554) }, { type: 'forget', ref: 1 }, timed(10, 1), timed(11, 7)]);
    expect(started).toEqual([]);
    expect(replies).toEqual([
      { id: 10, outcome: UNKNOWN_CONFIG_OUTCOME },
      { id: 11, outcome: UNKNOWN_CONFIG_OUTCOME },
    ]);
    expect(UNKNOWN_CONFIG_OUTCOME).toMatchObject({ ok: false, indeterminate: true });
  });

  it('keeps order: runs before an abort are handed over before it is applied', () => {
    const calls: string[] = [];
    const box = new ProbeThreadInbox({
      addTimed: (runs) => calls.push(`add ${runs.map((run) => run.id).join(',')}`),
      abortTimed: (id) => calls.push(`abort ${id}`),
      runProbe: () => Promise.resolve({ ok: true, latencyMs: 1, error: null }),
      replyNow: () => {},
    });
    box.receive([
      { type: 'config', ref: 1, config: tcpConfig('10.0.0.5', 554) },
      timed(10, 1),
      timed(11, 1),
      { type: 'abort', id: 10 },
      timed(12, 1),
    ]);
    expect(calls).toEqual(['add 10,11', 'abort 10', 'add 12']);
  });
});
