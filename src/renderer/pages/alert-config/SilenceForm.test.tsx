// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testSite } from '../../testing/monitoring-fixtures';
import { alertConfigTransport, fill, openTab, renderAlertConfig } from './testing';

afterEach(() => {
  vi.useRealTimers();
});

async function openNewSilenceForm() {
  const transport = alertConfigTransport({
    'sites.list': () => [testSite('s1')],
    'silences.preview': () => ({ matches: [], nextActiveAt: null }),
  });
  await renderAlertConfig(transport);
  openTab('silences');
  fireEvent.click(await screen.findByTestId('silence-add'));
  await screen.findByTestId('silence-form');
  return transport;
}

describe('the silence form’s times', () => {
  it('are typed and shown on the console’s 24-hour clock, never in the browser’s 12-hour locale', async () => {
    // 22:05 UTC, the test console's time zone: a 12-hour locale would show 10:05 PM.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 24, 22, 5, 30) });
    await openNewSilenceForm();
    const starts = screen.getByTestId('silence-form-starts') as HTMLInputElement;
    // A datetime-local input is drawn by the browser in its own locale.
    expect(starts.type).toBe('text');
    expect(starts.placeholder).toBe('2026-11-23 21:30');
    fireEvent.click(screen.getByTestId('silence-form-now-4h'));
    expect(starts.value).toBe('2026-11-24 22:05');
    expect((screen.getByTestId('silence-form-ends') as HTMLInputElement).value).toBe('2026-11-25 02:05');
  });

  it('say how to write a time that cannot be read', async () => {
    const transport = await openNewSilenceForm();
    fill('silence-form-comment', 'Camera 3 replaced');
    fill('silence-form-site', 's1');
    fill('silence-form-starts', '2026-11-24 10:00 PM');
    fill('silence-form-ends', '2026-11-25 02:00');
    fireEvent.click(screen.getByTestId('silence-preview'));
    await waitFor(() =>
      expect(screen.getAllByTestId('field-error').map((error) => error.textContent)).toContain(
        '⚠ Enter a complete date and time, like 2026-11-23 21:30 (24-hour)',
      ),
    );
    expect(transport.callsOf('silences.preview')).toEqual([]);
  });
});
