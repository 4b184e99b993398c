// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeTransport, TEST_INFO, TEST_SETTINGS } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';

describe('the status bar', () => {
  it('shows the connection in words, and "Reconnecting" when the transport loses core', async () => {
    const { transport } = renderApp();
    expect(screen.getByTestId('connection-status').textContent).toContain('Connected');
    act(() => transport.setConnection('reconnecting', 'Core stopped answering.'));
    const status = screen.getByTestId('connection-status');
    expect(status.textContent).toContain('Reconnecting…');
    expect(status.textContent).toContain('Core stopped answering.');
    expect(status.dataset.state).toBe('reconnecting');
    await waitFor(() => expect(screen.getByTestId('app-version').textContent).toBe('Watchroom v9.8.7'));
  });

  it('says the database is encrypted, with its cipher, and names the console and mode', async () => {
    renderApp();
    await waitFor(() => expect(screen.getByTestId('db-encryption').textContent).toBe('Database encrypted: yes (sqlcipher)'));
    expect(screen.getByTestId('app-mode').textContent).toBe('Mode: serve');
    await waitFor(() => expect(screen.getByTestId('status-console-name').textContent).toBe('Test room'));
  });

  it('warns when the database is not encrypted', async () => {
    const transport = new FakeTransport({
      'app.info': () => ({ ...TEST_INFO, database: { encrypted: false, cipher: null, schemaVersion: 1 } }),
    });
    renderApp({ transport });
    await waitFor(() => expect(screen.getByTestId('db-encryption').textContent).toContain('Database encrypted: NO'));
  });
});

describe('notices', () => {
  it('shows start-up notices and pushed ones until dismissed', async () => {
    const notice = {
      id: 'fresh-cache',
      level: 'warning' as const,
      at: 1,
      title: 'Started with a fresh local cache',
      detail: 'The key store was unavailable.',
    };
    const transport = new FakeTransport({ 'app.info': () => ({ ...TEST_INFO, notices: [notice] }) });
    renderApp({ transport });
    await screen.findByText('Warning: Started with a fresh local cache');
    act(() =>
      transport.emit('app.notice', { id: 'disk', level: 'critical', at: 2, title: 'Disk almost full', detail: 'Free some space.' }),
    );
    await waitFor(() => expect(screen.getAllByTestId('notice')).toHaveLength(2));
    act(() => screen.getAllByTestId('notice-dismiss')[0]?.click());
    expect(screen.getAllByTestId('notice').map((element) => element.textContent)).toEqual([expect.stringContaining('Disk almost full')]);
  });
});

describe('settings applied to the whole console', () => {
  it('follows settings.changed events: name in header and title, text scale on the root', async () => {
    const { transport } = renderApp();
    await waitFor(() => expect(screen.getByTestId('console-name').textContent).toBe('Test room'));
    act(() => transport.emit('settings.changed', { ...TEST_SETTINGS, consoleName: 'Wall 2', uiScale: 'wall' }));
    await waitFor(() => expect(screen.getByTestId('console-name').textContent).toBe('Wall 2'));
    expect(document.title).toBe('Wall 2 — Watchroom');
    expect(document.documentElement.dataset.scale).toBe('wall');
  });
});
