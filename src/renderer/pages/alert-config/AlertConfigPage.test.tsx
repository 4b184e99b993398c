// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { alertConfigTransport, fill, openTab, renderAlertConfig } from './testing';

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
});
