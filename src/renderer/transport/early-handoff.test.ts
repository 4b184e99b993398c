import { afterEach, describe, expect, it } from 'vitest';
import { earlyIsTooLate, earlyScriptHasRun, leaveForConsole, markConsoleStarted, markEarlyScriptRan, takeFromEarly } from './early-handoff';

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

  it('tells the page entry whether the early script ran (not in vite dev, nor when the CSP refused it)', () => {
    expect(earlyScriptHasRun()).toBe(false);
    markEarlyScriptRan();
    expect(earlyScriptHasRun()).toBe(true);
  });
});
