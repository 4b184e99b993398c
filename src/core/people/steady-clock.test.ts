import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { createRepositories, openDatabase } from '../db';
import { SteadyClock } from './steady-clock';

const tempDir = useTempDirs();
const MINUTE = 60_000;

describe('the steady clock sessions and lockouts are judged by', () => {
  it('follows the clock forward, ignores a step back, and runs on at the clock pace from there', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const clock = new FakeClock();
    const steady = new SteadyClock(clock, createRepositories(store).people);
    const start = steady.now();
    clock.advance(10 * MINUTE);
    expect(steady.now()).toBe(start + 10 * MINUTE);
    clock.setBack(60 * MINUTE);
    expect(steady.now()).toBe(start + 10 * MINUTE);
    clock.advance(5 * MINUTE);
    expect(steady.now()).toBe(start + 15 * MINUTE);
    store.close();
  });

  it('keeps its mark across a restart, so a clock set back while core was stopped changes nothing', () => {
    const key = randomBytes(32);
    const path = join(tempDir(), 'w.db');
    const clock = new FakeClock();
    let store = openDatabase(path, key);
    const first = new SteadyClock(clock, createRepositories(store).people);
    clock.advance(3 * MINUTE);
    const mark = first.now();
    first.persist();
    store.close();

    clock.setBack(120 * MINUTE);
    store = openDatabase(path, key);
    const second = new SteadyClock(clock, createRepositories(store).people);
    expect(second.now()).toBe(mark);
    clock.advance(MINUTE);
    expect(second.now()).toBe(mark + MINUTE);
    store.close();
  });
});
