// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../testing/render-app';

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
