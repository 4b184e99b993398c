// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testAlert, testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { T0, testSite, testSnapshot, boardMonitor } from '../testing/monitoring-fixtures';
import { renderApp } from '../testing/render-app';
import { WALL_SOUND_KEY } from '../state/wall-sound';
import { useViewStore } from '../state/view-store';
import { AlarmSound } from './alarm-sound';
import { alarmUrl } from './alarm-tones';
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

/** A sound whose audio elements the browser lets play; it counts the elements made and the sounds played. */
function countedSound() {
  const made = { players: 0, plays: 0 };
  const sound = new AlarmSound(() => {
    made.players += 1;
    return {
      currentTime: 0,
      error: null,
      pause: () => undefined,
      play: () => {
        made.plays += 1;
        return Promise.resolve();
      },
    };
  });
  return { sound, made };
}

/** A critical alert nobody has answered: the alarm would sound on a console that is not muted. */
const FIRING_CRITICAL = testAlertSnapshot([testAlert('a-crit', { severity: 'critical', subjectName: 'Gate uplink' })]);

describe('starting the alarm sound', () => {
  it('plays its first sound (silence) in the first idle moment after the alert queue has loaded, not before', async () => {
    const idle = fakeIdle();
    const { sound, made } = countedSound();
    let answerQueue: (snapshot: AlertSnapshot) => void = () => undefined;
    const transport = new FakeTransport({ 'alerts.snapshot': () => new Promise<AlertSnapshot>((resolve) => (answerQueue = resolve)) });
    renderApp({ transport, page: 'board', alarmSound: sound });

    // The first screen is still loading: it comes first.
    await expect.poll(() => transport.callsOf('alerts.snapshot').length).toBeGreaterThan(0);
    idle.runIdle();
    expect(made.plays).toBe(0);

    answerQueue(testAlertSnapshot([]));
    await expect.poll(() => idle.pending()).toBe(1);
    idle.runIdle();
    expect(made.plays).toBe(1);
    await expect.poll(() => sound.getAvailability()).toBe('ready');
  });

  it('never makes an audio element on a wall kept silent, even with a critical alert firing', async () => {
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
    expect(made.players).toBe(0);
  });

  it('plays its first sound in the next idle moment once a muted console is unmuted', async () => {
    const idle = fakeIdle();
    const { sound, made } = countedSound();
    const transport = new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot([]) });
    renderApp({ transport, page: 'board', alarmSound: sound });
    act(() => useViewStore.getState().setSoundMuted(true));
    await expect.poll(() => transport.callsOf('alerts.snapshot').length).toBeGreaterThan(0);
    idle.runIdle();
    expect(made.plays).toBe(0);

    act(() => useViewStore.getState().setSoundMuted(false));
    await expect.poll(() => idle.pending()).toBe(1);
    idle.runIdle();
    expect(made.plays).toBe(1);
  });

  it('shows that the browser blocks sound before any alarm, and a click on the notice lets the alarm sound', async () => {
    const idle = fakeIdle();
    const browser = { allowed: false, heard: [] as string[] };
    const sound = new AlarmSound((url) => ({
      currentTime: 0,
      error: null,
      pause: () => undefined,
      play() {
        if (!browser.allowed) return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
        browser.heard.push(url === alarmUrl('high') ? 'high' : 'other');
        return Promise.resolve();
      },
    }));
    const transport = new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot([]) });
    renderApp({ transport, page: 'board', alarmSound: sound });
    await expect.poll(() => idle.pending()).toBe(1);
    act(() => idle.runIdle());
    const unlock = await screen.findByTestId('sound-unlock');
    expect(screen.getByTestId('sound-indicator').dataset.audio).toBe('blocked');

    // The click is the gesture the browser waits for.
    browser.allowed = true;
    fireEvent.pointerDown(unlock);
    fireEvent.click(unlock);
    await expect.poll(() => screen.getByTestId('sound-indicator').dataset.audio).toBe('ready');
    expect(screen.queryByTestId('sound-unlock')).toBeNull();
    act(() =>
      transport.emit('alert.attention', {
        alertId: 'door',
        severity: 'high',
        title: 'Door controller down',
        body: 'Depot',
        reason: 'fired',
        at: T0,
        sound: true,
      }),
    );
    await expect.poll(() => browser.heard.filter((heard) => heard === 'high')).toHaveLength(1);
  });
});
