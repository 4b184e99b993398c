// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../transport/transport';
import { FakeTransport, TEST_SETTINGS } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

/** The message shown under a settings field, found the way every form's field errors are marked. */
function fieldError(field: string): Element | null {
  return document.querySelector(`[data-testid="field-error"][data-field="${field}"]`);
}

async function openSettings(transport = new FakeTransport()) {
  renderApp({ transport, page: 'settings' });
  const name = await screen.findByLabelText('Console name');
  return { transport, name: name as HTMLInputElement, save: screen.getByTestId('settings-save') as HTMLButtonElement };
}

describe('the Settings page', () => {
  it('shows the current settings and keeps Save disabled until something changes', async () => {
    const { name, save } = await openSettings();
    expect(name.value).toBe('Test room');
    expect(save.disabled).toBe(true);
    fireEvent.change(name, { target: { value: 'Wall 2' } });
    expect(save.disabled).toBe(false);
  });

  it('shows a field error for an empty console name and does not call settings.set', async () => {
    const { transport, name, save } = await openSettings();
    fireEvent.change(name, { target: { value: '   ' } });
    expect(fieldError('consoleName')?.textContent).toContain('Give the console a name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(save);
    expect(transport.callsOf('settings.set')).toEqual([]);
    expect(document.activeElement).toBe(name);
  });

  it('sends only the changed fields and confirms the save', async () => {
    const transport = new FakeTransport();
    transport.respond('settings.set', (patch) => ({ ...TEST_SETTINGS, ...patch }));
    const { name, save } = await openSettings(transport);
    fireEvent.change(name, { target: { value: ' Wall 2 ' } });
    fireEvent.click(save);
    await screen.findByTestId('settings-saved');
    expect(transport.callsOf('settings.set')).toEqual([{ consoleName: 'Wall 2' }]);
    expect(name.value).toBe('Wall 2');
    expect(save.disabled).toBe(true);
    expect(screen.getByTestId('console-name').textContent).toBe('Wall 2');
  });

  it("shows core's field errors next to the field they name", async () => {
    const transport = new FakeTransport();
    transport.respond('settings.set', () => {
      throw new TransportError('invalid_input', 'Invalid input: healthRefreshSeconds: Too often for this core', [
        { path: 'healthRefreshSeconds', message: 'Too often for this core' },
      ]);
    });
    await openSettings(transport);
    fireEvent.change(screen.getByLabelText('Health refresh (seconds)'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(fieldError('healthRefreshSeconds')?.textContent).toContain('Too often for this core'));
  });

  it('keeps what the operator typed when another console changes a different setting', async () => {
    const { transport, name } = await openSettings();
    fireEvent.change(name, { target: { value: 'Draft name' } });
    act(() => transport.emit('settings.changed', { ...TEST_SETTINGS, uiScale: 'large' }));
    await waitFor(() => expect((screen.getByLabelText('Text size') as HTMLSelectElement).value).toBe('large'));
    expect(name.value).toBe('Draft name');
  });
});

describe('retention settings', () => {
  it('shows the retention fields, checks them inline, and saves only what changed', async () => {
    const transport = new FakeTransport();
    transport.respond('settings.set', (patch) => ({ ...TEST_SETTINGS, ...patch }));
    await openSettings(transport);
    const raw = screen.getByLabelText('Every single result (days)') as HTMLInputElement;
    expect(raw.value).toBe('7');
    fireEvent.change(raw, { target: { value: '1' } });
    expect(fieldError('retentionRawDays')?.textContent).toContain('At least 2 days');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(transport.callsOf('settings.set')).toEqual([]);
    fireEvent.change(raw, { target: { value: '14' } });
    fireEvent.change(screen.getByLabelText('Per-day summaries (years)'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await screen.findByTestId('settings-saved');
    expect(transport.callsOf('settings.set')).toEqual([{ retentionRawDays: 14, retentionDayYears: 10 }]);
  });
});
