// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EscalationPolicy } from '../../../shared/contract';
import { alertConfigTransport, errorBeside, openTab, renderAlertConfig, testPolicies } from './testing';

function escalationRow(severity: string): HTMLElement {
  const row = screen.getAllByTestId('escalation-row').find((element) => element.dataset.severity === severity);
  if (row === undefined) throw new Error(`No escalation row for ${severity}`);
  return row;
}

describe('escalation', () => {
  it('saves one edited severity with escalation.set and says so', async () => {
    let policies = testPolicies();
    const transport = alertConfigTransport({
      'escalation.list': () => policies,
      'escalation.set': (input) => {
        const saved = input as EscalationPolicy;
        policies = policies.map((policy) => (policy.severity === saved.severity ? saved : policy));
        return saved;
      },
    });
    await renderAlertConfig(transport);
    openTab('escalation');
    await screen.findAllByTestId('escalation-row');
    const high = within(escalationRow('high'));
    expect((high.getByTestId('escalation-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(high.getByTestId('escalation-after'), { target: { value: '10' } });
    fireEvent.click(high.getByTestId('escalation-no-ack-timeout'));
    fireEvent.click(high.getByTestId('escalation-save'));

    await waitFor(() =>
      expect(transport.callsOf('escalation.set')).toEqual([
        { severity: 'high', escalateAfterMinutes: 10, repeatEveryMinutes: 30, maxLevel: 3, ackTimeoutMinutes: null },
      ]),
    );
    expect(await within(escalationRow('high')).findByTestId('escalation-saved')).toBeTruthy();
    expect((within(escalationRow('high')).getByTestId('escalation-after') as HTMLInputElement).value).toBe('10');
    expect((within(escalationRow('high')).getByTestId('escalation-ack-timeout') as HTMLInputElement).disabled).toBe(true);
  });

  it('says what is wrong beside the number and sends nothing', async () => {
    const transport = alertConfigTransport({ 'escalation.set': (input) => input as EscalationPolicy });
    await renderAlertConfig(transport);
    openTab('escalation');
    await screen.findAllByTestId('escalation-row');
    const critical = within(escalationRow('critical'));
    fireEvent.change(critical.getByTestId('escalation-max-level'), { target: { value: '9' } });
    fireEvent.click(critical.getByTestId('escalation-save'));
    expect(errorBeside(critical.getByTestId('escalation-max-level'))).toContain('At most 5');
    expect(critical.getAllByTestId('field-error').map((error) => error.dataset.field)).toEqual(['maxLevel']);
    expect(transport.callsOf('escalation.set')).toEqual([]);
  });
});
