import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import type { AccessRefusal } from './access-gate';
import { createRefusalLog, type RefusalRecord } from './refusal-log';

const refusal = (origin: string): AccessRefusal => ({
  reason: 'origin not allowed',
  host: '127.0.0.1:4780',
  origin,
  path: '/',
  address: '127.0.0.1',
});

describe('the record of refused requests', () => {
  it('writes the first few of a minute, counts the rest into one record at the end of the minute, and starts afresh after', () => {
    const clock = new FakeClock();
    const written: RefusalRecord[] = [];
    const record = createRefusalLog({ clock, timers: clock, write: (entry) => written.push(entry), limit: 3, windowMs: 60_000 });

    for (let i = 0; i < 1000; i += 1) record(refusal(`http://flood-${i}.example`));
    expect(written.map((entry) => entry.suppressed)).toEqual([0, 0, 0]);
    clock.advance(60_000);
    expect(written).toHaveLength(4);
    expect(written[3]).toMatchObject({ origin: 'http://flood-999.example', suppressed: 997 });

    record(refusal('http://later.example'));
    expect(written[4]).toMatchObject({ origin: 'http://later.example', suppressed: 0 });
    clock.advance(60_000);
    // A quiet minute adds nothing.
    expect(written).toHaveLength(5);
  });
});
