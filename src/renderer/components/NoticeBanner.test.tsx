// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeTransport, TEST_INFO } from '../testing/fake-transport';
import { renderApp } from '../testing/render-app';

const DISK_FULL = {
  id: 'disk-full',
  level: 'critical' as const,
  at: 5,
  title: "The disk holding the console's data is full",
  detail: "The disk holding the console's data is full; free space on it and the console resumes by itself.",
};

describe('the disk-full banner', () => {
  it('appears when core pushes it and goes away by itself when core withdraws it', async () => {
    const { transport } = renderApp();
    await waitFor(() => expect(screen.getByTestId('app-version').textContent).toBe('Watchroom v9.8.7'));
    act(() => transport.emit('app.notice', DISK_FULL));
    const banner = await screen.findByTestId('notice');
    expect(banner.dataset.level).toBe('critical');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain("Critical: The disk holding the console's data is full");
    act(() => transport.emit('app.notice.withdrawn', { id: 'disk-full' }));
    await waitFor(() => expect(screen.queryByTestId('notice')).toBeNull());
  });

  it('is shown to a console that connects while the disk is full, and withdrawn there too', async () => {
    const keep = {
      id: 'fresh-cache',
      level: 'warning' as const,
      at: 1,
      title: 'Started with a fresh local cache',
      detail: 'The key store was unavailable.',
    };
    const transport = new FakeTransport({ 'app.info': () => ({ ...TEST_INFO, notices: [keep, DISK_FULL] }) });
    renderApp({ transport });
    await waitFor(() => expect(screen.getAllByTestId('notice')).toHaveLength(2));
    act(() => transport.emit('app.notice.withdrawn', { id: 'disk-full' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('notice').map((element) => element.textContent)).toEqual([expect.stringContaining('fresh local cache')]),
    );
  });
});
