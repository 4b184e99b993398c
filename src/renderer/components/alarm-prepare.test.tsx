// @vitest-environment happy-dom
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testAlert, testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { testSite, testSnapshot, boardMonitor } from '../testing/monitoring-fixtures';
import { renderApp } from '../testing/render-app';
import { WALL_SOUND_KEY } from '../state/wall-sound';
import { useViewStore } from '../state/view-store';
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
afterEach(() => {
  restore();
  window.localStorage.clear();
});

/** A sound on a fake AudioContext that counts how often audio was started. */
function countedSound() {
  const made = { contexts: 0 };
  const sound = new AlarmSound(() => {
    made.contexts += 1;
    return { state: 'running', addEventListener() {}, resume: () => Promise.resolve() } as unknown as AudioContext;
  });
  return { sound, made };
}

/** A critical alert nobody has answered: the alarm would sound on a console that is not muted. */
const FIRING_CRITICAL = testAlertSnapshot([testAlert('a-crit', { severity: 'critical', subjectName: 'Gate uplink' })]);

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

  it('never starts audio on a wall kept silent, even with a critical alert firing', async () => {
    const idle = fakeIdle();
    const { sound, made } = countedSound();
    window.localStorage.setItem(WALL_SOUND_KEY, 'off');
    const transport = new FakeTransport({
      'board.snapshot': () => testSnapshot([testSite('site-1')], [boardMonitor('cam-1', 'site-1')]),
      'alerts.snapshot': () => FIRING_CRITICAL,
    });
    window.location.hash = '#page=wall';
    renderApp({ transport, page: 'wall', alarmSound: sound });
    await act(async () => {
      await vi.dynamicImportSettled();
    });
    await screen.findAllByTestId('wall-alert');
    idle.runIdle();
    expect(idle.pending()).toBe(0);
    expect(made.contexts).toBe(0);
  });

  it('starts audio in the next idle moment once a muted console is unmuted', async () => {
    const idle = fakeIdle();
    const { sound, made } = countedSound();
    const transport = new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot([]) });
    renderApp({ transport, page: 'board', alarmSound: sound });
    act(() => useViewStore.getState().setSoundMuted(true));
    await expect.poll(() => transport.callsOf('alerts.snapshot').length).toBeGreaterThan(0);
    idle.runIdle();
    expect(made.contexts).toBe(0);

    act(() => useViewStore.getState().setSoundMuted(false));
    await expect.poll(() => idle.pending()).toBe(1);
    idle.runIdle();
    expect(made.contexts).toBe(1);
  });
});
