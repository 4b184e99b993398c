// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/contract';
import { useViewStore } from '../state/view-store';
import { AlarmSound } from './alarm-sound';
import { testAlert, testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { withScreenHeight } from '../testing/layout';
import { T0 } from '../testing/monitoring-fixtures';
import { renderApp } from '../testing/render-app';

withScreenHeight();

const CRITICAL = testAlert('nvr', { severity: 'critical', summary: 'NVR down' });
const HIGH = testAlert('door', { severity: 'high', summary: 'Door controller down' });

function transportWith(alerts: readonly Alert[], status: 'ok' | 'warning' | 'critical') {
  return new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot(alerts, { status }) });
}

const indicator = () => screen.getByTestId('sound-indicator');

describe('the console status, on every page', () => {
  it('shows in the header and leads the window title', async () => {
    const { transport } = renderApp({ transport: transportWith([CRITICAL], 'critical'), page: 'overview' });
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('critical'));
    expect(screen.getByTestId('console-status').textContent).toContain('CRITICAL');
    await waitFor(() => expect(document.title).toBe('● CRITICAL · Test room — Watchroom'));

    act(() =>
      transport.emit('alerts.changed', {
        alerts: [{ ...CRITICAL, state: 'resolved', resolvedAt: T0 }],
        removed: [],
        status: 'ok',
        storms: [],
      }),
    );
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('ok'));
    expect(document.title).toBe('● OK · Test room — Watchroom');
  });

  it('says the status is unknown, not the last one, while core cannot be reached, in the header and the title', async () => {
    const { transport } = renderApp({ transport: transportWith([CRITICAL], 'ok'), page: 'overview' });
    await waitFor(() => expect(document.title).toBe('● OK · Test room — Watchroom'));
    act(() => transport.setConnection('reconnecting', 'Core is not answering'));
    const badge = screen.getByTestId('console-status');
    expect(badge.dataset.status).toBe('unknown');
    expect(badge.textContent).toBe('○ Status unknown · was OK');
    expect(document.title).toBe('○ Status unknown (was OK) · Test room — Watchroom');
    act(() => transport.setConnection('connected'));
    expect(screen.getByTestId('console-status').dataset.status).toBe('ok');
    expect(document.title).toBe('● OK · Test room — Watchroom');
  });
});

describe('the alarm', () => {
  it('sounds for an unacknowledged critical alert and stops once it is acknowledged', async () => {
    // A computer that cannot play audio: the console says so and carries on.
    const { transport } = renderApp({
      transport: transportWith([CRITICAL, HIGH], 'critical'),
      page: 'board',
      alarmSound: new AlarmSound(null),
    });
    await waitFor(() => expect(indicator().dataset.sounding).toBe('true'));
    expect(indicator().dataset.audio).toBe('unsupported');

    act(() =>
      transport.emit('alerts.changed', {
        alerts: [{ ...CRITICAL, state: 'acknowledged', ackBy: 'sam', ackAt: T0 }],
        removed: [],
        status: 'warning',
        storms: [],
      }),
    );
    await waitFor(() => expect(indicator().dataset.sounding).toBe('false'));
  });

  it('does not sound for high alerts, nor for silenced or snoozed critical ones', async () => {
    const silenced = { ...CRITICAL, silencedBy: { id: 's', kind: 'silence' as const, comment: 'Planned work' } };
    const snoozed = testAlert('cam', { severity: 'critical', snoozedUntil: Date.now() + 60_000 });
    renderApp({ transport: transportWith([HIGH, silenced, snoozed], 'warning'), page: 'board' });
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('warning'));
    expect(indicator().dataset.sounding).toBe('false');
  });

  it('mutes this console without hiding that the alarm sounds', async () => {
    renderApp({ transport: transportWith([CRITICAL], 'critical'), page: 'board' });
    await waitFor(() => expect(indicator().dataset.sounding).toBe('true'));
    fireEvent.click(screen.getByTestId('sound-mute'));
    expect(indicator().dataset.muted).toBe('true');
    expect(indicator().dataset.sounding).toBe('true');
    expect(indicator().textContent).toContain('Alarm (muted)');
  });
});

describe('the attention banner', () => {
  it('shows an attention event on any page and opens the queue at its alert', async () => {
    const { transport } = renderApp({ transport: transportWith([HIGH, CRITICAL], 'critical'), page: 'overview' });
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('critical'));
    act(() =>
      transport.emit('alert.attention', {
        alertId: 'door',
        severity: 'high',
        reason: 'fired',
        title: 'Door controller down',
        body: 'Depot · Monitor down',
        at: T0,
      }),
    );
    act(() =>
      transport.emit('alert.attention', {
        alertId: 'nvr',
        severity: 'critical',
        reason: 'escalated',
        title: 'NVR down',
        body: 'Depot · escalated to level 1',
        at: T0,
      }),
    );
    const banner = await screen.findByTestId('attention-banner');
    expect(banner.dataset.severity).toBe('critical');
    expect(banner.textContent).toContain('NVR down');
    expect(banner.textContent).toContain('+1 more');

    fireEvent.click(screen.getByTestId('attention-open'));
    await screen.findByTestId('alerts-page');
    expect(useViewStore.getState().alertCursor).toBe('nvr');
    await waitFor(() =>
      expect(screen.getAllByTestId('alert-row').find((row) => row.dataset.cursor === 'true')?.dataset.alertId).toBe('nvr'),
    );
  });

  it('goes away once its alert is acknowledged, here or elsewhere', async () => {
    const { transport } = renderApp({ transport: transportWith([CRITICAL], 'critical'), page: 'board' });
    await waitFor(() => expect(indicator().dataset.sounding).toBe('true'));
    act(() =>
      transport.emit('alert.attention', {
        alertId: 'nvr',
        severity: 'critical',
        reason: 'fired',
        title: 'NVR down',
        body: 'Depot',
        at: T0,
      }),
    );
    await screen.findByTestId('attention-banner');
    act(() =>
      transport.emit('alerts.changed', { alerts: [{ ...CRITICAL, state: 'acknowledged' }], removed: [], status: 'warning', storms: [] }),
    );
    await waitFor(() => expect(screen.queryByTestId('attention-banner')).toBeNull());
  });
});
