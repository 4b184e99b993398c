import { describe, expect, it } from 'vitest';
import { DueQueue, type Schedulable } from './due-queue';

interface Entry extends Schedulable {
  name: string;
}

function entry(name: string, plannedAt: number, order: number): Entry {
  return { name, plannedAt, order, queueIndex: -1 };
}

/** A small deterministic generator, so a failure replays the same operations. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('the due queue', () => {
  it('gives entries back earliest first, and in load order when due at the same time', () => {
    const queue = new DueQueue<Entry>();
    for (const e of [entry('c', 30, 2), entry('b', 20, 5), entry('a2', 10, 4), entry('a1', 10, 1), entry('d', 40, 0)]) queue.add(e);
    const order: string[] = [];
    for (let next = queue.pop(); next; next = queue.pop()) order.push(next.name);
    expect(order).toEqual(['a1', 'a2', 'b', 'c', 'd']);
  });

  it('agrees with a sorted list through thousands of adds, re-plans and removals', () => {
    const random = sequence(7);
    const queue = new DueQueue<Entry>();
    const all = Array.from({ length: 300 }, (_, i) => entry(`m${i}`, Math.floor(random() * 1000), i));
    const queued = new Set<Entry>();
    for (let step = 0; step < 5000; step += 1) {
      const e = all[Math.floor(random() * all.length)] as Entry;
      const action = random();
      if (action < 0.4) {
        // Re-planned while queued or not: add puts it at its new place either way.
        e.plannedAt = Math.floor(random() * 1000);
        queue.add(e);
        queued.add(e);
      } else if (action < 0.7) {
        queue.remove(e);
        queued.delete(e);
      } else {
        const first = queue.pop();
        const expected = [...queued].sort((a, b) => a.plannedAt - b.plannedAt || a.order - b.order)[0];
        expect(first).toBe(expected);
        if (first) queued.delete(first);
      }
      expect(queue.size).toBe(queued.size);
    }
    const rest: Entry[] = [];
    for (let next = queue.pop(); next; next = queue.pop()) rest.push(next);
    expect(rest).toEqual([...queued].sort((a, b) => a.plannedAt - b.plannedAt || a.order - b.order));
    expect(all.every((e) => e.queueIndex === -1)).toBe(true);
  });
});
