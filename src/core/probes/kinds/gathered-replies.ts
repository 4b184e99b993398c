import type { TimerHandle, Timers } from '../../../shared/domain/clock';
import type { ProbeThreadReplies } from './probe-thread-protocol';
import type { ProbeOutcome } from './types';

export interface GatheredRepliesPorts {
  timers: Timers;
  /** Runs a function once the current turn's work is done (setImmediate in the probe thread). */
  soon: (fn: () => void) => void;
  /** Sends replies in one message, in the order their runs settled. */
  send: (replies: ProbeThreadReplies) => void;
  /** How long the outcome of a run handed ahead may wait for others (REPLY_GATHER_MS). */
  gatherMs: number;
}

/**
 * The probe thread's replies, in as few messages as the latency allows: each message costs both
 * threads a wake-up. An outcome of a run handed ahead waits up to gatherMs for others; an outcome of
 * a run the engine started itself holds the engine's in-flight slot, so it goes at the end of this
 * turn and takes the gathered ones with it. Its latency was measured when the answer arrived, so
 * sending it a moment later changes nothing.
 */
export class GatheredReplies {
  private replies: ProbeThreadReplies = [];
  private sendSoon = false;
  private gatherTimer: TimerHandle | null = null;

  constructor(private readonly ports: GatheredRepliesPorts) {}

  now(id: number, outcome: ProbeOutcome): void {
    this.replies.push({ id, outcome });
    if (this.sendSoon) return;
    this.sendSoon = true;
    this.ports.soon(() => this.flush());
  }

  gathered(id: number, outcome: ProbeOutcome): void {
    this.replies.push({ id, outcome });
    this.gatherTimer ??= this.ports.timers.after(this.ports.gatherMs, () => this.flush());
  }

  private flush(): void {
    this.sendSoon = false;
    this.gatherTimer?.cancel();
    this.gatherTimer = null;
    if (this.replies.length === 0) return;
    const sent = this.replies;
    this.replies = [];
    this.ports.send(sent);
  }
}
