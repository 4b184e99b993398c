// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';
import { AlarmSound } from './alarm-sound';
import type { AlertSnapshot } from '../../shared/contract';

/** The page's idle moments, run when the test says the page is idle. */
function fakeIdle() {
  const waiting = new Map<number, () => void>();
  let next = 0;
  const page = window as unknown as Record<string, unknown>;
  const given = { request: page.requestIdleCallback, cancel: page.cancelIdleCallback };
  page.requestIdleCallback = (work: () => void) => {
    next += 1;
    waiting.set(next, work);
    return next;
  };
  page.cancelIdleCallback = (handle: number) => waiting.delete(handle);
  restore = () => {
    page.requestIdleCallback = given.request;
    page.cancelIdleCallback = given.cancel;
  };
  return {
    pending: () => waiting.size,
    runIdle() {
      const works = [...waiting.values()];
      waiting.clear();
      for (const work of works) work();
    },
  };
}

let restore = () => undefined as void;
afterEach(() => restore());

describe('starting the alarm sound', () => {
  it('starts audio in the first idle moment after the alert queue has loaded, not before and not at the first alarm', async () => {
    const idle = fakeIdle();
    let contexts = 0;
    const sound = new AlarmSound(() => {
      contexts += 1;
      return { state: 'running', addEventListener() {}, resume: () => Promise.resolve() } as unknown as AudioContext;
    });
    let answerQueue: (snapshot: AlertSnapshot) => void = () => undefined;
    const transport = new FakeTransport({ 'alerts.snapshot': () => new Promise<AlertSnapshot>((resolve) => (answerQueue = resolve)) });
    renderApp({ transport, page: 'board', alarmSound: sound });

    // The first screen is still loading: nothing may hold the page's thread for audio yet.
    await expect.poll(() => transport.callsOf('alerts.snapshot').length).toBeGreaterThan(0);
    idle.runIdle();
    expect(contexts).toBe(0);

    answerQueue(testAlertSnapshot([]));
    await expect.poll(() => idle.pending()).toBe(1);
    idle.runIdle();
    expect(contexts).toBe(1);
  });
});
