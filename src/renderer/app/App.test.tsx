// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from '../testing/render-app';
import { RootErrorBoundary } from './ErrorBoundaries';
import { PAGE_LOADERS } from './page-loaders';

describe('moving between pages', () => {
  it('switches page with g then a, and keeps the page in the URL fragment', async () => {
    renderApp();
    await screen.findByTestId('page-overview');
    act(() => {
      fireEvent.keyDown(window, { key: 'g' });
      fireEvent.keyDown(window, { key: 'a' });
    });
    expect(await screen.findByTestId('page-audit')).toBeTruthy();
    expect(window.location.hash).toContain('page=audit');
    expect(screen.getByTestId('nav-audit').getAttribute('aria-current')).toBe('page');
  });

  it('ignores the shortcut while the operator types in a field', async () => {
    renderApp({ page: 'settings' });
    const name = await screen.findByLabelText('Console name');
    act(() => {
      fireEvent.keyDown(name, { key: 'g' });
      fireEvent.keyDown(name, { key: 'o' });
    });
    expect(screen.getByTestId('page-settings')).toBeTruthy();
  });
});

describe('the events a console listens to', () => {
  it('takes every event on every page of the console, the audit log’s too, not only on the audit page (a wall does not)', async () => {
    const { transport } = renderApp({ page: 'overview' });
    await screen.findByTestId('page-overview');
    expect(transport.unshown.size).toBe(0);
    expect(transport.listensTo('audit.appended')).toBe(true);
  });
});

describe('a page whose code does not arrive', () => {
  // React and the boundary report the failure on the developer console; the test reads the screen.
  beforeEach(() => void vi.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => vi.restoreAllMocks());

  it('says what happened in the page’s place, keeps the console around it, and opens the page once core is back', async () => {
    let coreUp = false;
    const realAudit = PAGE_LOADERS.audit;
    const pageLoaders = {
      ...PAGE_LOADERS,
      audit: () =>
        coreUp
          ? realAudit()
          : Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/AuditPage-x.js')),
    };
    const { transport } = renderApp({ page: 'audit', pageLoaders });
    const failed = await screen.findByTestId('page-failed');
    expect(failed.dataset.reason).toBe('code');
    expect(failed.textContent).toContain('opens by itself as soon as the connection is back');
    // The shell is still there: header, navigation, status bar.
    expect(screen.getByTestId('console-status')).toBeTruthy();
    expect(screen.getByTestId('nav-board')).toBeTruthy();

    act(() => transport.setConnection('reconnecting', 'Core is not answering'));
    coreUp = true;
    act(() => transport.setConnection('connected'));
    expect(await screen.findByTestId('page-audit')).toBeTruthy();
    expect(screen.queryByTestId('page-failed')).toBeNull();
  });

  it('can be tried again by hand, and a failure stays with its page', async () => {
    let attempts = 0;
    const pageLoaders = {
      ...PAGE_LOADERS,
      settings: () => {
        attempts += 1;
        return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      },
    };
    renderApp({ page: 'settings', pageLoaders });
    await screen.findByTestId('page-failed');
    fireEvent.click(screen.getByTestId('page-failed-retry'));
    await waitFor(() => expect(attempts).toBe(2));
    await screen.findByTestId('page-failed');
    fireEvent.click(screen.getByTestId('nav-audit'));
    expect(await screen.findByTestId('page-audit')).toBeTruthy();
    expect(screen.queryByTestId('page-failed')).toBeNull();
  });
});

describe('a fault outside any page', () => {
  it('leaves a message and a reload button, never an empty window', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function Broken(): never {
      throw new Error('render failed');
    }
    render(
      <RootErrorBoundary>
        <Broken />
      </RootErrorBoundary>,
    );
    expect(screen.getByTestId('root-failed').textContent).toContain('Reload the window');
    vi.restoreAllMocks();
  });
});
