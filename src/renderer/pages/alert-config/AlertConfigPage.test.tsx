// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { testAlertSnapshot } from '../../testing/alert-fixtures';
import { renderApp } from '../../testing/render-app';
import { alertConfigTransport, fill, openTab, renderAlertConfig, testSilence } from './testing';

describe('the rules & silences page', () => {
  it('moves between its sections with the arrow keys, Home and End, one tab stop in all', async () => {
    await renderAlertConfig(alertConfigTransport());
    const rules = screen.getByTestId('alert-config-tab-rules');
    expect(rules.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByTestId('alert-config-tab-channels').tabIndex).toBe(-1);
    fireEvent.keyDown(rules, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByTestId('alert-config-tab-escalation'));
    expect(screen.getByTestId('alert-config-panel-escalation').hidden).toBe(false);
    expect(screen.getByTestId('alert-config-panel-rules').hidden).toBe(true);
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End' });
    expect(screen.getByTestId('alert-config-tab-channels').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(rules);
  });

  it('keeps a half-filled form while another section is looked at', async () => {
    await renderAlertConfig(alertConfigTransport());
    fireEvent.click(screen.getByTestId('rule-add'));
    fill('rule-form-name', 'Half typed');
    openTab('channels');
    openTab('rules');
    expect((screen.getByTestId('rule-form-name') as HTMLInputElement).value).toBe('Half typed');
  });

  it('shows a silence saved on another console at once, without rereading it when something else changed', async () => {
    const transport = alertConfigTransport({ 'alerts.snapshot': () => testAlertSnapshot([]) });
    renderApp({ transport, page: 'alert-config' });
    await screen.findByTestId('alert-config-tab-silences');
    openTab('silences');
    await waitFor(() => expect(transport.callsOf('silences.list')).toHaveLength(1));

    act(() => transport.emit('audit.appended', { seq: 7, action: 'alerts.acknowledge', actor: 'night-supervisor' }));
    act(() => transport.emit('config.changed', { kind: 'rules' }));
    transport.respond('silences.list', () => [testSilence('from-elsewhere', { comment: 'Gate camera swap' })]);
    act(() => transport.emit('config.changed', { kind: 'silences' }));
    expect((await screen.findByTestId('silence-row')).textContent).toContain('Gate camera swap');
    expect(transport.callsOf('silences.list')).toHaveLength(2);
  });
});
