// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../transport/transport';
import { FakeTransport, testHealth } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

describe('the Overview page', () => {
  it("shows the console's health in words an operator reads at a glance", async () => {
    renderApp();
    expect((await screen.findByTestId('health-uptime')).textContent).toBe('3 h 12 min');
    expect(screen.getByTestId('health-db-latency').textContent).toBe('0.42 ms');
    expect(screen.getByTestId('health-memory').textContent).toBe('120.0 MB');
    expect(screen.getByTestId('health-db-size').textContent).toBe('2.5 MB');
    // The charts' code is loaded on first use, which can take more than a second on a busy machine.
    expect(await screen.findByTestId('chart-db-latency', {}, { timeout: 10_000 })).toBeTruthy();
  });

  it('starts its charts from the history core recorded, not from one reading', async () => {
    const recorded = Array.from({ length: 30 }, (_, index) =>
      testHealth({ at: Date.UTC(2026, 10, 23, 8, 55, 0) + index * 10_000, dbLatencyMs: 0.3 }),
    );
    const transport = new FakeTransport({ 'app.healthHistory': () => ({ sampleEveryMs: 10_000, samples: recorded }) });
    renderApp({ transport });
    const chart = await screen.findByTestId('chart-db-latency', {}, { timeout: 10_000 });
    // 30 recorded readings and the current one.
    expect(chart.dataset.points).toBe('31');
    expect(chart.textContent).toContain('since 08:55:00');
    expect(transport.callsOf('app.healthHistory')).toHaveLength(1);
  });

  it('lists the thresholded checks with their level now and the worst of the last hour, from what core kept', async () => {
    const check = (value: number, level: 'ok' | 'warning' | 'critical') => ({
      key: 'disk:backup:job-1',
      signal: 'disk' as const,
      label: 'Free disk: backup destination of Nightly',
      value,
      unit: '%' as const,
      warning: 15,
      critical: 5,
      level,
    });
    const at = (minute: number) => Date.UTC(2026, 10, 23, 8, minute, 0);
    const recorded = [
      testHealth({ at: at(10), checks: [check(40, 'ok')] }),
      testHealth({ at: at(11), checks: [check(3, 'critical')] }),
      testHealth({ at: at(12), checks: [check(40, 'ok')] }),
    ];
    const transport = new FakeTransport({
      'app.healthHistory': () => ({ sampleEveryMs: 10_000, samples: recorded }),
      'app.health': () => testHealth({ checks: [check(40, 'ok')] }),
    });
    renderApp({ transport });
    const row = await screen.findByTestId('health-check-disk:backup:job-1');
    expect(row.dataset.level).toBe('ok');
    expect(row.textContent).toContain('Free disk: backup destination of Nightly');
    expect(row.textContent).toContain('< 15 %');
    expect(row.textContent).toContain('Critical, last at');
  });

  it('says core is not answering when the connection is lost', async () => {
    const transport = new FakeTransport({
      'app.health': () => {
        throw new TransportError('unavailable', 'Core is not connected — reconnecting.');
      },
    });
    act(() => transport.setConnection('reconnecting'));
    renderApp({ transport });
    await waitFor(() => expect(screen.getByTestId('health-error').textContent).toContain('Core is not answering — reconnecting…'));
  });

  it('says the console is not connected, and why, when core refused it', async () => {
    const transport = new FakeTransport({
      'app.health': () => {
        throw new TransportError('unavailable', 'Not connected to core.');
      },
    });
    act(() => transport.setConnection('disconnected', 'Core refused this console.'));
    renderApp({ transport });
    await waitFor(() =>
      expect(screen.getByTestId('health-error').textContent).toContain('Not connected to core. Core refused this console.'),
    );
  });
});
