import { afterEach, describe, expect, it } from 'vitest';
import { earlyIsTooLate, earlyScriptRan, leaveForConsole, markConsoleStarted, markEarlyScriptRan, takeFromEarly } from './early-handoff';

const HANDOFF = Symbol.for('watchroom.early-handoff');

describe('early handoff: what the separately bundled early script leaves for the console', () => {
  afterEach(() => {
    delete (globalThis as { [HANDOFF]?: unknown })[HANDOFF];
  });

  it('hands the first screen over once, through the page rather than a shared module', async () => {
    const answers = Promise.resolve(new Map<string, unknown>([['auth.state null', { ok: true }]]));
    leaveForConsole('firstScreen', answers);
    // What another bundle on the same page sees: the same object under the same registered symbol.
    expect((globalThis as { [HANDOFF]?: { firstScreen?: unknown } })[HANDOFF]?.firstScreen).toBe(answers);
    expect(takeFromEarly('firstScreen')).toBe(answers);
    expect(takeFromEarly('firstScreen')).toBeNull();
  });

  it('leaves nothing to do for an early script that runs after the console has started', () => {
    expect(earlyIsTooLate()).toBe(false);
    markConsoleStarted();
    expect(earlyIsTooLate()).toBe(true);
  });

  it('lets the page entry wait for an early script that has not run yet, and not for one that has', async () => {
    let ran = false;
    const waiting = earlyScriptRan().then(() => (ran = true));
    await Promise.resolve();
    expect(ran).toBe(false);
    markEarlyScriptRan();
    await waiting;
    expect(ran).toBe(true);
    await expect(earlyScriptRan()).resolves.toBeUndefined();
  });
});
