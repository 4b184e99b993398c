import http from 'node:http';
import https from 'node:https';
import type { HeartbeatConfig, HeartbeatStatus } from '../../../shared/contract/watcher';
import type { Clock, TimerHandle, Timers } from '../../../shared/domain/clock';
import type { Logger } from '../../logging';
import { describeConnectionError } from '../notifiers/attempt';

/** Healthchecks.io and its kind expect a call a minute; their grace period covers one missed call. */
export const HEARTBEAT_INTERVAL_MS = 60_000;
/** Short: a receiver that hangs must neither hold a socket for long nor reach into the next minute. */
export const HEARTBEAT_TIMEOUT_MS = 10_000;
/** While the calls keep failing the same way, the log says so again once an hour, not every minute. */
const REPEAT_LOG_EVERY = 60;
/** Abort reasons: the address changed while it was called, or the call outlived its timeout. */
const REPLACED = 'replaced';
const TIMED_OUT = 'timed out';

type CallResult = { ok: true } | { ok: false; detail: string };

export interface HeartbeatDeps {
  clock: Clock;
  timers: Timers;
  logger: Logger;
  config: () => HeartbeatConfig | null;
  /** Where the last calls are kept, so a restart still shows when the receiver last heard from the console. */
  kept: {
    load(): HeartbeatStatus | null;
    save(last: HeartbeatStatus | null, at: number): void;
  };
}

/**
 * Calls the heartbeat URL every minute, whatever the last call is doing: each call runs on its own
 * with a short timeout, and the next tick is planned before the call starts, so nothing it does
 * delays the next one or anything else (the probe loop never waits on it).
 */
export class Heartbeat {
  private timer: TimerHandle | null = null;
  private inFlight: AbortController | null = null;
  private stopped = true;
  private lastAttemptAt: number | null = null;
  private lastSuccessAt: number | null = null;
  private lastError: { at: number; detail: string } | null = null;
  private failuresInRow = 0;

  constructor(private readonly deps: HeartbeatDeps) {
    const kept = deps.kept.load();
    const config = deps.config();
    // Calls to another address say nothing about this one (the address changed while the console was off).
    if (kept && config && kept.target === new URL(config.url).host) {
      this.lastAttemptAt = kept.lastAttemptAt;
      this.lastSuccessAt = kept.lastSuccessAt;
      this.lastError = kept.lastError;
      this.failuresInRow = kept.failuresInRow;
    }
  }

  start(): void {
    this.stopped = false;
    this.beat();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.inFlight?.abort();
  }

  /** A new address is called at once (the admin sees at once whether it works), then every minute from now. */
  configChanged(): void {
    this.failuresInRow = 0;
    this.lastError = null;
    this.lastSuccessAt = null;
    this.lastAttemptAt = null;
    this.keep();
    this.inFlight?.abort(REPLACED);
    this.inFlight = null;
    if (this.stopped) return;
    this.timer?.cancel();
    this.beat();
  }

  status(): HeartbeatStatus {
    const config = this.deps.config();
    return {
      target: config ? new URL(config.url).host : null,
      lastAttemptAt: this.lastAttemptAt,
      lastSuccessAt: this.lastSuccessAt,
      lastError: this.lastError,
      failuresInRow: this.failuresInRow,
    };
  }

  private beat(): void {
    this.timer = this.deps.timers.after(HEARTBEAT_INTERVAL_MS, () => this.beat());
    const config = this.deps.config();
    // The last call ended at its timeout at the latest, well within the minute: calls never pile up.
    if (config) void this.call(config);
  }

  private async call(config: HeartbeatConfig): Promise<void> {
    const controller = new AbortController();
    this.inFlight = controller;
    const at = this.deps.clock.now();
    this.lastAttemptAt = at;
    const result = await callWithTimeout(config, controller, this.deps.timers);
    if (this.inFlight === controller) this.inFlight = null;
    // Stopped, or a new address replaced this one while it was called: the answer is about nothing now.
    if (this.stopped || controller.signal.reason === REPLACED) return;
    if (result.ok) this.succeeded(at);
    else this.failed(at, result.detail, new URL(config.url).host);
    this.keep();
  }

  /** A row a minute; the status in memory stays right when the write fails (a full disk), and the next call tries again. */
  private keep(): void {
    const last = this.deps.config() ? this.status() : null;
    try {
      this.deps.kept.save(last, this.deps.clock.now());
    } catch (error) {
      this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'keeping the heartbeat status failed');
    }
  }

  private succeeded(at: number): void {
    if (this.failuresInRow > 0) this.deps.logger.info({ failuresInRow: this.failuresInRow }, 'heartbeat calls succeed again');
    this.lastSuccessAt = at;
    this.failuresInRow = 0;
  }

  private failed(at: number, detail: string, host: string): void {
    const changed = this.lastError?.detail !== detail;
    this.failuresInRow += 1;
    this.lastError = { at, detail };
    // Only the host: the address usually carries the check's key.
    if (this.failuresInRow === 1 || changed || this.failuresInRow % REPEAT_LOG_EVERY === 0)
      this.deps.logger.warn({ host, failuresInRow: this.failuresInRow }, `heartbeat call failed: ${detail}`);
  }
}

function callWithTimeout(config: HeartbeatConfig, controller: AbortController, timers: Timers): Promise<CallResult> {
  const timeout = timers.after(HEARTBEAT_TIMEOUT_MS, () => controller.abort(TIMED_OUT));
  // The race settles at the timeout even if the socket were slow to close.
  const aborted = new Promise<CallResult>((resolve) =>
    controller.signal.addEventListener('abort', () => resolve({ ok: false, detail: `no answer within ${HEARTBEAT_TIMEOUT_MS / 1000} s` }), {
      once: true,
    }),
  );
  return Promise.race([callOnce(config, controller.signal), aborted]).finally(() => timeout.cancel());
}

/** One call: any 2xx is an answer; the body is read and dropped (Healthchecks answers "OK"). */
function callOnce({ url: address, method }: HeartbeatConfig, signal: AbortSignal): Promise<CallResult> {
  const url = new URL(address);
  const client = url.protocol === 'https:' ? https : http;
  const headers: http.OutgoingHttpHeaders = { 'user-agent': 'Watchroom heartbeat', ...(method === 'POST' ? { 'content-length': 0 } : {}) };
  return new Promise((resolve) => {
    const request = client.request(url, { method, headers, signal, agent: false }, (response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      response.on('end', () =>
        resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, detail: `HTTP ${status} from ${url.host}` }),
      );
      response.on('error', (error) => resolve({ ok: false, detail: describeConnectionError(error, url.host) }));
    });
    request.on('error', (error) => resolve({ ok: false, detail: describeConnectionError(error, url.host) }));
    request.end();
  });
}
