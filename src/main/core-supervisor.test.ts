import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus, CoreInitMessage, EventMessage, PortRequest } from '../shared/contract';
import { createCoreSupervisor, parseCoreEvent, type CoreSupervisorOptions, type LaunchedCore } from './core-supervisor';
import { nextRestartDelay } from './restart-policy';

/** A stand-in for one utility process and its port, driven by the test. */
class FakeCore implements LaunchedCore {
  readonly sent: PortRequest[] = [];
  killed = false;
  portClosed = false;
  private portListener: (data: unknown) => void = () => {};
  private exitListener: (code: number) => void = () => {};
  private parentListener: (message: unknown) => void = () => {};

  constructor(readonly init: CoreInitMessage) {}

  port = {
    postMessage: (message: unknown) => {
      this.sent.push(message as PortRequest);
    },
    onMessage: (listener: (data: unknown) => void) => {
      this.portListener = listener;
    },
    close: () => {
      this.portClosed = true;
    },
  };
  onExit(listener: (code: number) => void) {
    this.exitListener = listener;
  }
  onParentMessage(listener: (message: unknown) => void) {
    this.parentListener = listener;
  }
  kill() {
    this.killed = true;
  }

  // What core would do:
  ready() {
    this.portListener({ type: 'ready' });
  }
  answer(id: number, value: unknown) {
    this.portListener({ type: 'result', id, envelope: { ok: true, value } });
  }
  emit(event: string, payload: unknown) {
    this.portListener({ type: 'event', event, payload });
  }
  sendRaw(data: unknown) {
    this.portListener(data);
  }
  fatal(message: string) {
    this.parentListener({ type: 'fatal', message });
  }
  waiting(message: string) {
    this.parentListener({ type: 'waiting', message });
  }
  exit(code: number) {
    this.exitListener(code);
  }
}

const KEY = 'a1'.repeat(32);

function setup(overrides: Partial<CoreSupervisorOptions> = {}) {
  const cores: FakeCore[] = [];
  const statuses: ConnectionStatus[] = [];
  const events: EventMessage[] = [];
  let now = 1_000_000;
  const supervisor = createCoreSupervisor({
    launch: (init) => {
      const core = new FakeCore(init);
      cores.push(core);
      return core;
    },
    init: { dataDir: '/data', dbKeyHex: KEY, freshCacheReason: 'No OS keyring is available.', version: '0.1.0' },
    clock: { now: () => now },
    onStatus: (status) => statuses.push(status),
    onEvent: (event) => events.push(event),
    log: { warn: () => {}, error: () => {} },
    ...overrides,
  });
  const current = () => {
    const core = cores[cores.length - 1];
    if (!core) throw new Error('core was never launched');
    return core;
  };
  return { supervisor, cores, statuses, events, current, advanceClock: (ms: number) => (now += ms) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('starting core', () => {
  it('hands core the key, data folder, version and fresh-cache reason in the init message only', () => {
    const { supervisor, current } = setup();
    supervisor.start();
    expect(current().init).toEqual({
      type: 'init',
      dataDir: '/data',
      dbKeyHex: KEY,
      freshCacheReason: 'No OS keyring is available.',
      version: '0.1.0',
    });
  });

  it('reports connecting, then connected once core says it is ready', () => {
    const { supervisor, statuses, current } = setup();
    supervisor.start();
    expect(supervisor.status()).toEqual({ state: 'connecting' });
    current().ready();
    expect(statuses).toEqual([{ state: 'connecting' }, { state: 'connected' }]);
    expect(supervisor.status()).toEqual({ state: 'connected' });
  });

  it('says why core is not ready while it waits for space on a full disk, and connects once it starts', () => {
    const { supervisor, statuses, current } = setup();
    supervisor.start();
    const why = "Waiting for space: the disk holding the console's data is full; free space on it and the console resumes by itself";
    current().waiting(why);
    expect(supervisor.status()).toEqual({ state: 'connecting', waiting: why });
    current().ready();
    current().waiting('a late message after start changes nothing');
    expect(statuses).toEqual([{ state: 'connecting' }, { state: 'connecting', waiting: why }, { state: 'connected' }]);
  });
});

describe('calls', () => {
  it('forwards a call as a PortRequest from the local operator and resolves with core’s envelope', async () => {
    const { supervisor, current } = setup();
    supervisor.start();
    current().ready();
    const result = supervisor.call('settings.set', { uiScale: 'wall' }, 'window-1');
    expect(current().sent).toEqual([{ type: 'call', id: 1, method: 'settings.set', input: { uiScale: 'wall' }, connection: 'window-1' }]);
    current().answer(1, { uiScale: 'wall' });
    await expect(result).resolves.toEqual({ ok: true, value: { uiScale: 'wall' } });
  });

  it('matches answers to calls by id, whatever the order', async () => {
    const { supervisor, current } = setup();
    supervisor.start();
    const first = supervisor.call('app.info', undefined, 'window-1');
    const second = supervisor.call('app.health', undefined, 'window-1');
    current().answer(2, 'health');
    current().answer(1, 'info');
    await expect(first).resolves.toEqual({ ok: true, value: 'info' });
    await expect(second).resolves.toEqual({ ok: true, value: 'health' });
  });

  it('fails a pending call with unavailable when core dies mid-call', async () => {
    const { supervisor, current } = setup();
    supervisor.start();
    current().ready();
    const query = supervisor.call('app.health', undefined, 'window-1');
    const command = supervisor.call('settings.set', { uiScale: 'large' }, 'window-1');
    current().exit(134);
    const queryEnvelope = await query;
    const commandEnvelope = await command;
    expect(queryEnvelope).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // A command may have been applied before core died: the operator is told to check.
    expect(commandEnvelope).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/may or may not have taken effect/) },
    });
  });

  it('fails calls made while core is down at once instead of hanging', async () => {
    const { supervisor, current } = setup();
    supervisor.start();
    current().exit(1);
    await expect(supervisor.call('app.info', undefined, 'window-1')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/restarting/) },
    });
  });

  it('fails a call core never answers after the timeout', async () => {
    const { supervisor, current } = setup({ callTimeoutMs: 5_000 });
    supervisor.start();
    current().ready();
    const result = supervisor.call('audit.verify', undefined, 'window-1');
    vi.advanceTimersByTime(5_000);
    await expect(result).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/did not answer within 5 s/) },
    });
  });

  it('ignores a late answer from a core that has since been replaced', async () => {
    const { supervisor, cores, current } = setup();
    supervisor.start();
    const old = current();
    old.ready();
    const stale = supervisor.call('app.info', undefined, 'window-1');
    old.exit(1);
    await expect(stale).resolves.toMatchObject({ ok: false });
    vi.advanceTimersByTime(nextRestartDelay(0));
    expect(cores).toHaveLength(2);
    current().ready();
    const fresh = supervisor.call('app.info', undefined, 'window-1');
    old.answer(2, 'from the dead core');
    current().answer(2, 'from the new core');
    await expect(fresh).resolves.toEqual({ ok: true, value: 'from the new core' });
  });
});

describe('restarting core', () => {
  it('restarts core after the backoff delay and tells the renderer it is reconnecting, with core’s own reason', () => {
    const { supervisor, cores, statuses, current } = setup();
    supervisor.start();
    current().ready();
    current().fatal('database is locked');
    current().exit(70);
    expect(current().portClosed).toBe(true);
    expect(statuses.at(-1)).toEqual({ state: 'reconnecting', attempt: 1, retryInMs: nextRestartDelay(0), reason: 'database is locked' });
    vi.advanceTimersByTime(nextRestartDelay(0) - 1);
    expect(cores).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(cores).toHaveLength(2);
    current().ready();
    expect(statuses.at(-1)).toEqual({ state: 'connected' });
  });

  it('backs off further while core keeps crashing at start', () => {
    const { supervisor, statuses, current } = setup();
    supervisor.start();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      current().exit(1);
      const status = statuses.at(-1);
      expect(status).toMatchObject({ state: 'reconnecting', attempt, retryInMs: nextRestartDelay(attempt - 1) });
      vi.advanceTimersByTime(nextRestartDelay(attempt - 1));
    }
  });

  it('restarts quickly again once core had been running for a while', () => {
    const { supervisor, statuses, current, advanceClock } = setup();
    supervisor.start();
    current().exit(1);
    vi.advanceTimersByTime(nextRestartDelay(0));
    current().exit(1);
    vi.advanceTimersByTime(nextRestartDelay(1));
    current().ready();
    advanceClock(10 * 60_000);
    current().exit(1);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, retryInMs: nextRestartDelay(0) });
  });

  it('asks for a fresh cache only until core has started once, so a restart reopens the cache it made', () => {
    const { supervisor, cores, current } = setup();
    supervisor.start();
    current().exit(1); // died before opening anything: the reason still applies
    vi.advanceTimersByTime(nextRestartDelay(0));
    expect(cores[1]?.init.freshCacheReason).toBe('No OS keyring is available.');
    current().ready();
    current().exit(1);
    vi.advanceTimersByTime(nextRestartDelay(1));
    expect(cores[2]?.init.freshCacheReason).toBeNull();
    expect(cores[2]?.init.dbKeyHex).toBe(KEY);
  });

  it('treats a launch that throws like a crash at start', () => {
    let launches = 0;
    const statuses: ConnectionStatus[] = [];
    const supervisor = createCoreSupervisor({
      launch: () => {
        launches += 1;
        throw new Error('utility.mjs not found');
      },
      init: { dataDir: '/data', dbKeyHex: KEY, freshCacheReason: null, version: '0.1.0' },
      clock: { now: () => 0 },
      onStatus: (status) => statuses.push(status),
      onEvent: () => {},
      log: { warn: () => {}, error: () => {} },
    });
    supervisor.start();
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', reason: expect.stringMatching(/utility.mjs not found/) });
    vi.advanceTimersByTime(nextRestartDelay(0));
    expect(launches).toBe(2);
    supervisor.stop();
  });

  it('does not restart after stop (quit), and kills core', async () => {
    const { supervisor, cores, current } = setup();
    supervisor.start();
    current().ready();
    const pending = supervisor.call('app.health', undefined, 'window-1');
    supervisor.stop();
    expect(current().killed).toBe(true);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    current().exit(0);
    vi.advanceTimersByTime(60_000);
    expect(cores).toHaveLength(1);
    await expect(supervisor.call('app.info', undefined, 'window-1')).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('events', () => {
  it('passes contract events on, parsed', () => {
    const { supervisor, events, current } = setup();
    supervisor.start();
    current().emit('audit.appended', { seq: 3, action: 'settings.set', actor: 'local-operator' });
    expect(events).toEqual([{ event: 'audit.appended', payload: { seq: 3, action: 'settings.set', actor: 'local-operator' } }]);
  });

  it('drops unknown events, malformed payloads and malformed messages', () => {
    const { supervisor, events, current } = setup();
    supervisor.start();
    current().emit('shell.exec', { command: 'rm -rf /' });
    current().emit('audit.appended', { seq: 'three' });
    current().sendRaw({ type: 'result', id: 'x' });
    current().sendRaw('garbage');
    expect(events).toEqual([]);
  });
});

describe('parseCoreEvent', () => {
  it('accepts only contract events with a valid payload', () => {
    expect(parseCoreEvent('audit.appended', { seq: 1, action: 'a', actor: 'b' })).not.toBeNull();
    expect(parseCoreEvent('audit.appended', {})).toBeNull();
    expect(parseCoreEvent('toString', {})).toBeNull();
  });
});
