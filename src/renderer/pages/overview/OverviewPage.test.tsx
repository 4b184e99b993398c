// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../transport/transport';
import { FakeTransport } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

describe('the Overview page', () => {
  it("shows the console's health in words an operator reads at a glance", async () => {
    renderApp();
    expect((await screen.findByTestId('health-uptime')).textContent).toBe('3 h 12 min');
    expect(screen.getByTestId('health-db-latency').textContent).toBe('0.42 ms');
    expect(screen.getByTestId('health-memory').textContent).toBe('120.0 MB');
    expect(screen.getByTestId('health-db-size').textContent).toBe('2.5 MB');
    expect(await screen.findByTestId('chart-db-latency')).toBeTruthy();
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
    await waitFor(() => expect(screen.getByTestId('health-error').textContent).toContain('Not connected to core. Core refused this console.'));
  });
});
