// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../../shared/contract';
import { testAlert, testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { T0 } from '../testing/monitoring-fixtures';
import { renderApp } from '../testing/render-app';
import { AlarmSound } from './alarm-sound';

/** The console's sound with no audio: it records what it was asked to play. */
class RecordingSound extends AlarmSound {
  readonly played: Severity[] = [];
  constructor() {
    super(null);
  }
  override play(severity: Severity): void {
    this.played.push(severity);
  }
}

const MEDIUM = testAlert('disk', { severity: 'medium', summary: 'Disk 80% full' });
const HIGH = testAlert('door', { severity: 'high', summary: 'Door controller down' });

describe('the alarm follows the routing table', () => {
  it('sounds for an attention the route gives sound, and stays silent for one it does not, while the banner shows both', async () => {
    const sound = new RecordingSound();
    const transport = new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot([MEDIUM, HIGH], { status: 'warning' }) });
    renderApp({ transport, page: 'overview', alarmSound: sound });
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('warning'));
    const attention = { reason: 'fired' as const, body: 'Depot', at: T0 };
    act(() =>
      transport.emit('alert.attention', { ...attention, alertId: 'disk', severity: 'medium', title: 'Disk 80% full', sound: false }),
    );
    act(() =>
      transport.emit('alert.attention', { ...attention, alertId: 'door', severity: 'high', title: 'Door controller down', sound: true }),
    );
    expect(sound.played).toEqual(['high']);
    expect((await screen.findByTestId('attention-banner')).textContent).toContain('+1 more');
  });
});
