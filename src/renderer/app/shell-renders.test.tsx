// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { testAlert, testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';
import type * as NavRailModule from '../components/NavRail';

// Counts how often the navigation renders: it has no state of its own, so it renders again only
// when the shell around it does.
const navigation = vi.hoisted(() => ({ renders: 0 }));
vi.mock('../components/NavRail', async (importOriginal) => {
  const actual = await importOriginal<typeof NavRailModule>();
  return {
    ...actual,
    NavRail: () => {
      navigation.renders += 1;
      return actual.NavRail();
    },
  };
});

describe('the shell under a stream of alerts', () => {
  it('shows a critical alert in the header status, the sound indicator and the title without rendering the navigation and the page again', async () => {
    const transport = new FakeTransport({ 'alerts.snapshot': () => testAlertSnapshot([], { status: 'ok' }) });
    renderApp({ transport, page: 'overview' });
    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('ok'));
    navigation.renders = 0;

    const critical = testAlert('nvr', { severity: 'critical', summary: 'NVR down' });
    act(() => transport.emit('alerts.changed', { alerts: [critical], removed: [], status: 'critical', storms: [] }));

    await waitFor(() => expect(screen.getByTestId('console-status').dataset.status).toBe('critical'));
    await waitFor(() => expect(screen.getByTestId('sound-indicator').dataset.sounding).toBe('true'));
    expect(document.title.startsWith('● CRITICAL · ')).toBe(true);
    expect(navigation.renders).toBe(0);
  });
});
