import { describe, expect, it } from 'vitest';
import { FakeClock, flushMicrotasks } from '../../../../test/support/fake-clock';
import { GatheredReplies } from './gathered-replies';
import type { ProbeThreadReplies } from './probe-thread-protocol';

function setup() {
  const clock = new FakeClock();
  const messages: { at: number; ids: number[] }[] = [];
  const replies = new GatheredReplies({
    timers: clock,
    soon: queueMicrotask,
    send: (sent: ProbeThreadReplies) => messages.push({ at: clock.now(), ids: sent.map((reply) => reply.id) }),
    gatherMs: 50,
  });
  return { clock, messages, replies };
}

const OK = { ok: true, latencyMs: 20, error: null };

describe('replies from the probe thread', () => {
  it('sends the outcomes of runs handed ahead together, 50 ms after the first of them at the latest', async () => {
    const { clock, messages, replies } = setup();
    const t0 = clock.now();
    replies.gathered(1, OK);
    clock.advance(30);
    replies.gathered(2, OK);
    clock.advance(19);
    await flushMicrotasks();
    expect(messages).toEqual([]);
    clock.advance(1);
    expect(messages).toEqual([{ at: t0 + 50, ids: [1, 2] }]);
    // The next one waits its own 50 ms.
    replies.gathered(3, OK);
    clock.advance(49);
    expect(messages).toHaveLength(1);
    clock.advance(1);
    expect(messages.at(-1)).toEqual({ at: t0 + 100, ids: [3] });
  });

  it('sends the outcome of a run the engine started at the end of the turn, taking the gathered ones with it', async () => {
    const { clock, messages, replies } = setup();
    const t0 = clock.now();
    replies.gathered(1, OK);
    clock.advance(10);
    replies.now(2, OK);
    replies.now(3, OK);
    expect(messages).toEqual([]);
    await flushMicrotasks();
    expect(messages).toEqual([{ at: t0 + 10, ids: [1, 2, 3] }]);
    // Nothing is left to send when the gathering delay would have ended.
    clock.advance(100);
    expect(messages).toHaveLength(1);
  });
});
