// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../../testing/fake-transport';
import { testAlert, testAlertSnapshot } from '../../testing/alert-fixtures';
import { listIncident } from '../../testing/incident-fixtures';
import { withScreenSize } from '../../testing/layout';
import { boardMonitor, testSite, testSnapshot, testState, T0 } from '../../testing/monitoring-fixtures';
import { renderApp } from '../../testing/render-app';
import { AlarmSound } from '../../components/alarm-sound';
import { REORDER_EVERY_MS } from './WallPage';
import { WALL_SOUND_KEY } from '../../state/wall-sound';

withScreenSize(1400, 960);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(T0);
  window.localStorage.clear();
});
afterEach(() => vi.useRealTimers());

const SITES = Array.from({ length: 500 }, (_, s) => testSite(`site-${s}`, { name: `Site ${String(s + 1).padStart(3, '0')}` }));
const MONITORS = [
  ...SITES.map((site) => boardMonitor(`cam-${site.id}`, site.id, { name: `Camera at ${site.name}` })),
  boardMonitor('gate-uplink', 'site-417', {
    name: 'Gate uplink',
    state: { status: 'down', verdict: 'down', lastError: 'connection refused', since: T0 - 4 * 60_000 },
  }),
  boardMonitor('nvr', 'site-250', { name: 'NVR', state: { status: 'degraded', verdict: 'degraded', health: 'warning' } }),
];

function wallTransport() {
  return new FakeTransport({
    'board.snapshot': () => testSnapshot(SITES, MONITORS),
    'alerts.snapshot': () =>
      testAlertSnapshot([
        testAlert('a-high', { severity: 'high', subjectName: 'NVR', siteName: 'Site 251', firstSeenAt: T0 - 30 * 60_000 }),
        testAlert('a-crit', {
          severity: 'critical',
          subjectName: 'Gate uplink',
          siteName: 'Site 418',
          firstSeenAt: T0 - 4 * 60_000,
          ackBy: 'Anna Berg',
          ackAt: T0 - 60_000,
          owner: 'Anna Berg',
          state: 'acknowledged',
        }),
        testAlert('a-medium', { severity: 'medium', subjectName: 'Fence sensor' }),
      ]),
    'incidents.list': () => [listIncident('i1', 42, { title: 'Gate uplink lost', priority: 'P1', owner: 'Anna Berg' })],
  });
}

/** A sound whose audio the browser would let start: the wall then asks whether it should sound. */
function audibleSound(): AlarmSound {
  return new AlarmSound(() => ({ currentTime: 0, error: null, play: () => Promise.resolve(), pause: () => undefined }));
}

async function openWall(hash = '#page=wall', transport = wallTransport()) {
  window.location.hash = hash;
  const view = renderApp({ transport, page: 'wall', alarmSound: audibleSound() });
  await act(async () => {
    await vi.dynamicImportSettled();
  });
  await screen.findByTestId('page-wall');
  await screen.findAllByTestId('wall-site');
  return view;
}

describe('the wall display', () => {
  it('shows every one of 500 sites, problems first, with no navigation and nothing to page through', async () => {
    await openWall();
    const cells = screen.getAllByTestId('wall-site');
    expect(cells).toHaveLength(500);
    expect(cells[0]?.dataset.siteId).toBe('site-417');
    expect(cells[0]?.getAttribute('aria-label')).toContain('Down');
    expect(cells[1]?.dataset.siteId).toBe('site-250');
    expect(screen.queryByTestId('nav-board')).toBeNull();
    // Colour is never the only signal: a down site carries its symbol.
    expect(cells[0]?.textContent).toContain('✕');
    expect(screen.getByTestId('wall-site-grid').dataset.detail).toBe('minimal');
  });

  it('changes a site’s colour and symbol at once, and its place only at the next reorder, so the wall stays readable', async () => {
    const { transport } = await openWall();
    act(() => transport.emit('monitor.state', testState('cam-site-3', { status: 'down', verdict: 'down', since: T0 + 1_000 })));
    const cell = () => screen.getAllByTestId('wall-site').find((each) => each.dataset.siteId === 'site-3');
    await waitFor(() => expect(cell()?.dataset.worst).toBe('down'));
    expect(cell()?.textContent).toContain('✕');
    expect(screen.getAllByTestId('wall-site').indexOf(cell()!)).toBe(5);
    act(() => void vi.advanceTimersByTime(REORDER_EVERY_MS));
    expect(
      screen
        .getAllByTestId('wall-site')
        .slice(0, 3)
        .map((each) => each.dataset.siteId),
    ).toEqual(['site-3', 'site-417', 'site-250']);
    // Each cell's words and colour are its own site's, wherever it now stands.
    const [first, , third] = screen.getAllByTestId('wall-site');
    expect(first?.textContent).toBe('✕Site 004');
    expect(first?.dataset.worst).toBe('down');
    expect(third?.textContent).toContain('Site 251');
    expect(third?.dataset.worst).toBe('degraded');
    expect(cell()?.getAttribute('aria-label')).toContain('Site 004: Down');
  });

  it('lists the open critical and high alerts with their age and who has them, critical first; not the medium one', async () => {
    await openWall();
    const alerts = await screen.findAllByTestId('wall-alert');
    expect(alerts.map((alert) => alert.dataset.alertId)).toEqual(['a-crit', 'a-high']);
    expect(alerts[0]?.textContent).toContain('4 min');
    expect(within(alerts[0]!).getByTestId('wall-alert-owner').textContent).toBe('Acknowledged by Anna Berg');
    expect(within(alerts[1]!).getByTestId('wall-alert-owner').textContent).toBe('Nobody has it yet');
  });

  it('shows the incidents’ clocks, the time, and says how old its data is once core cannot be heard', async () => {
    const { transport } = await openWall();
    const incident = await screen.findByTestId('wall-incident');
    expect(incident.textContent).toContain('INC-42');
    expect(incident.textContent).toContain('Respond');
    expect(screen.getByTestId('wall-clock').textContent).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(screen.getByTestId('wall-as-of').dataset.live).toBe('true');
    act(() => transport.setConnection('reconnecting', 'Core is not answering'));
    act(() => void vi.advanceTimersByTime(5_000));
    const asOf = screen.getByTestId('wall-as-of');
    expect(asOf.dataset.live).toBe('false');
    expect(asOf.textContent).toMatch(/not connected: data as of \d\d:\d\d:\d\d/);
    // The sites stay on screen: a wall never goes blank.
    expect(screen.getAllByTestId('wall-site')).toHaveLength(500);
    expect(screen.getByTestId('wall-status').dataset.status).toBe('unknown');
  });

  it('rotates between sites, alerts and incidents when asked, and holds on the alerts while an alarm sounds', async () => {
    const transport = wallTransport();
    await openWall('#page=wall&rotate=10', transport);
    expect(screen.getByTestId('page-wall').dataset.view).toBe('sites');
    act(() => void vi.advanceTimersByTime(10_000));
    expect(screen.getByTestId('page-wall').dataset.view).toBe('alerts');
    act(() => void vi.advanceTimersByTime(10_000));
    expect(screen.getByTestId('page-wall').dataset.view).toBe('incidents');
    act(() =>
      transport.emit('alerts.changed', {
        alerts: [testAlert('a-new', { severity: 'critical', subjectName: 'Perimeter', firstSeenAt: T0 + 20_000 })],
        removed: [],
        status: 'critical',
        storms: [],
      }),
    );
    act(() => void vi.advanceTimersByTime(1_000));
    expect(screen.getByTestId('page-wall').dataset.view).toBe('alerts');
    act(() => void vi.advanceTimersByTime(30_000));
    expect(screen.getByTestId('page-wall').dataset.view).toBe('alerts');
  });

  it('says it shows nothing of the audit log or attention, and nothing on it listens to the audit log, so core sends it none', async () => {
    const { transport } = await openWall();
    expect(transport.unshown).toEqual(new Set(['audit.appended', 'alert.attention']));
    expect(transport.listensTo('audit.appended')).toBe(false);
    // This wall may sound: its alarm listens to attention, so core still sends it.
    for (const shown of ['monitor.state', 'alerts.changed', 'alert.attention', 'incidents.changed', 'auth.changed'] as const)
      expect(transport.listensTo(shown)).toBe(true);
  });

  it('does not listen to attention when kept silent, so core does not send it (the alert still shows)', async () => {
    window.localStorage.setItem(WALL_SOUND_KEY, 'off');
    const { transport } = await openWall();
    expect(transport.listensTo('alert.attention')).toBe(false);
    expect(transport.listensTo('alerts.changed')).toBe(true);
  });

  it('asks once whether to sound, and remembers a silent wall', async () => {
    const first = await openWall();
    fireEvent.click(await screen.findByTestId('wall-sound-off'));
    expect(screen.queryByTestId('wall-sound-prompt')).toBeNull();
    expect(window.localStorage.getItem(WALL_SOUND_KEY)).toBe('off');
    first.unmount();
    await openWall();
    expect(screen.queryByTestId('wall-sound-prompt')).toBeNull();
  });
});
