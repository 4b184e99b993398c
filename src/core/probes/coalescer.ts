import type { EventMessage } from '../../shared/contract';
import type { TimerHandle, Timers } from '../../shared/domain/clock';

/**
 * Probe results reach consoles at most 4 times a second, as parallel arrays; state changes do not
 * wait for this (they are pushed at once as monitor.state).
 */
export class ResultCoalescer {
  private monitorIds: string[] = [];
  private at: number[] = [];
  private ok: boolean[] = [];
  private latencyMs: (number | null)[] = [];
  private timer: TimerHandle | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly emit: (message: EventMessage) => void,
    private readonly intervalMs = 250,
  ) {}

  add(monitorId: string, at: number, ok: boolean, latencyMs: number | null): void {
    this.monitorIds.push(monitorId);
    this.at.push(at);
    this.ok.push(ok);
    this.latencyMs.push(latencyMs);
    this.timer ??= this.timers.after(this.intervalMs, () => this.flush());
  }

  flush(): void {
    this.timer = null;
    if (this.monitorIds.length === 0) return;
    const payload = { monitorIds: this.monitorIds, at: this.at, ok: this.ok, latencyMs: this.latencyMs };
    this.monitorIds = [];
    this.at = [];
    this.ok = [];
    this.latencyMs = [];
    this.emit({ event: 'probe.results', payload });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
