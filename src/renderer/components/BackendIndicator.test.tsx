// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BackendState } from '../../shared/contract';
import { testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';

const ADDRESS = 'https://hub.example:4790';
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
const HUB = { kind: 'hub' as const, address: ADDRESS, fingerprint: FINGERPRINT, seatId: 'seat-3' };
const at = (hh: number, mm: number, ss = 0) => Date.UTC(2026, 10, 23, hh, mm, ss);

function onHub(link: BackendState['link']): BackendState {
  return { running: HUB, choice: HUB, restartNeeded: false, link };
}

describe('the backend in the status bar and the offline banner', () => {
  it('says a standalone console works against this workstation, and shows no banner', async () => {
    renderApp();
    await waitFor(() => expect(screen.getByTestId('backend-status').textContent).toContain('Backend: this workstation'));
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('names the hub and the seat when connected, and how far the replica is behind while it catches up', async () => {
    const transport = new FakeTransport({
      'backend.state': () =>
        onHub({ state: 'connected', address: ADDRESS, seatName: 'Seat 3', latencyMs: 4, appliedSeq: 90, head: 100, dataAsOf: at(14, 1) }),
    });
    renderApp({ transport });
    await waitFor(() =>
      expect(screen.getByTestId('backend-status').textContent).toContain(
        'Hub hub.example:4790: connected as Seat 3 · 4 ms, catching up (10 changes)',
      ),
    );
  });

  it('turns to offline on backend.changed: since when, and how old the data is, in the console time zone', async () => {
    const transport = new FakeTransport({
      'alerts.snapshot': () => testAlertSnapshot([]),
      'backend.state': () =>
        onHub({ state: 'connected', address: ADDRESS, seatName: 'Seat 3', latencyMs: 4, appliedSeq: 100, head: 100, dataAsOf: at(14, 1) }),
    });
    renderApp({ transport });
    await screen.findByText(/connected as Seat 3/);
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('ok'));
    act(() =>
      transport.emit(
        'backend.changed',
        onHub({
          state: 'offline',
          address: ADDRESS,
          since: at(14, 2, 10),
          reason: 'The connection to the hub was lost (ping timeout)',
          appliedSeq: 100,
          dataAsOf: at(14, 1, 55),
        }),
      ),
    );
    const banner = await screen.findByTestId('offline-banner');
    expect(banner.textContent).toContain(
      'Offline: hub unreachable since 14:02, data as of 14:01:55; new alarms are not seen while offline',
    );
    expect(banner.textContent).toContain('ping timeout');
    expect(screen.getByTestId('backend-status').dataset.state).toBe('offline');
    // What the hub said last may be stale: the header says the status is unknown rather than OK.
    expect(screen.getByTestId('console-status').dataset.status).toBe('unknown');
    expect(screen.getByTestId('console-status').textContent).toContain('was OK');
    act(() =>
      transport.emit(
        'backend.changed',
        onHub({ state: 'connected', address: ADDRESS, seatName: 'Seat 3', latencyMs: 5, appliedSeq: 120, head: 120, dataAsOf: at(14, 5) }),
      ),
    );
    await waitFor(() => expect(screen.queryByTestId('offline-banner')).toBeNull());
    expect(screen.getByTestId('console-status').dataset.status).toBe('ok');
  });
});

describe('choosing a hub in Settings', () => {
  it('pins only a certificate whose fingerprint the person confirmed, and sends the credential once', async () => {
    const transport = new FakeTransport({
      'backend.inspectHub': ({ address }) => ({
        address,
        fingerprint: FINGERPRINT,
        subject: 'hub.example',
        validFrom: 'Nov 23 00:00:00 2026 GMT',
        validTo: 'Nov 23 00:00:00 2036 GMT',
      }),
      'backend.useHub': ({ address, fingerprint, seatId }) => ({
        running: { kind: 'embedded' },
        choice: { kind: 'hub', address, fingerprint, seatId },
        restartNeeded: true,
        link: { state: 'embedded' },
      }),
    });
    renderApp({ transport, page: 'settings' });
    fireEvent.change(await screen.findByTestId('backend-address'), { target: { value: ADDRESS } });
    fireEvent.click(screen.getByTestId('backend-inspect'));
    expect((await screen.findByTestId('backend-fingerprint')).textContent).toContain(FINGERPRINT);
    // Every field the person types into has its limit (a pasted megabyte is cut by the browser).
    const fields = [...screen.getByTestId('backend-settings').querySelectorAll('input')];
    expect(fields.filter((field) => !(field.maxLength > 0)).map((field) => field.dataset.testid)).toEqual([]);
    fireEvent.change(screen.getByTestId('backend-seat'), { target: { value: 'seat-3' } });
    fireEvent.change(screen.getByTestId('backend-credential'), { target: { value: 'the-credential' } });
    const pin = screen.getByTestId('backend-use-hub') as HTMLButtonElement;
    fireEvent.change(screen.getByTestId('backend-expected'), { target: { value: FINGERPRINT.replace('00', '01') } });
    expect(pin.disabled).toBe(true);
    expect(screen.getByText('This is not the certificate the hub presents: do not connect')).toBeTruthy();
    fireEvent.change(screen.getByTestId('backend-expected'), { target: { value: FINGERPRINT.toLowerCase() } });
    await screen.findByTestId('backend-fingerprint-match');
    expect(pin.disabled).toBe(false);
    fireEvent.click(pin);
    await screen.findByTestId('backend-restart-needed');
    expect(transport.callsOf('backend.useHub')).toEqual([
      { address: ADDRESS, fingerprint: FINGERPRINT, seatId: 'seat-3', credential: 'the-credential' },
    ]);
    expect((screen.getByTestId('backend-credential') as HTMLInputElement).value).toBe('');
    expect(screen.getByTestId('backend-choice').textContent).toBe(
      `Working against this workstation. From the next start: the hub at ${ADDRESS} (seat seat-3), certificate ${FINGERPRINT}.`,
    );
  });
});
