// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { testSite } from '../../testing/monitoring-fixtures';
import { TransportError } from '../../transport/transport';
import { alertConfigTransport, errorBeside, fill, renderAlertConfig, testChannel, testRule } from './testing';

const RULES = [
  testRule('down', { name: 'Monitor down', builtIn: true, severity: 'critical' }),
  testRule('slow', { name: 'Slow recorder', condition: { kind: 'latency-above', thresholdMs: 800 } }),
];

function rulesTransport() {
  return alertConfigTransport({
    'rules.list': () => RULES,
    'sites.list': () => [testSite('s1', { name: 'Depot North' }), testSite('s2', { name: 'Harbour Gate' })],
    'channels.list': () => [testChannel('duty', { name: 'Duty phone' }), testChannel('ops', { name: 'Ops mailbox' })],
  });
}

async function openNewRuleForm(transport = rulesTransport()) {
  await renderAlertConfig(transport);
  await screen.findAllByTestId('rule-row');
  fireEvent.click(screen.getByTestId('rule-add'));
  await screen.findByTestId('rule-form');
  return transport;
}

function ruleRows(): string[] {
  return screen.getAllByTestId('rule-row').map((row) => `${row.dataset.ruleId}: ${row.querySelector('th')?.firstChild?.textContent ?? ''}`);
}

describe('the rules table', () => {
  it('lists every rule in words and marks the built-in ones, which cannot be deleted', async () => {
    await renderAlertConfig(rulesTransport());
    const [builtIn, user] = await screen.findAllByTestId('rule-row');
    expect(builtIn?.dataset.ruleId).toBe('down');
    expect(builtIn?.textContent).toContain('built-in');
    expect(within(builtIn as HTMLElement).queryByTestId('rule-delete')).toBeNull();
    expect(user?.textContent).toContain('Latency above 800 ms');
    expect(user?.textContent).toContain('Every monitor');
    expect(within(user as HTMLElement).getByTestId('rule-delete')).toBeTruthy();
  });

  it('deletes a user rule only after a confirmation', async () => {
    const transport = rulesTransport();
    transport.respond('rules.delete', ({ id }) => ({ id }));
    await renderAlertConfig(transport);
    const slow = (await screen.findAllByTestId('rule-row'))[1] as HTMLElement;
    fireEvent.click(within(slow).getByTestId('rule-delete'));
    expect(transport.callsOf('rules.delete')).toEqual([]);
    fireEvent.click(screen.getByTestId('rule-delete-confirm'));
    await waitFor(() => expect(transport.callsOf('rules.delete')).toEqual([{ id: 'slow' }]));
  });
});

describe('the rule form', () => {
  it('shows the fields core refused beside them, and changes nothing else', async () => {
    const transport = await openNewRuleForm();
    transport.respond('rules.create', () => {
      throw new TransportError('invalid_input', 'Invalid input', [
        { path: 'name', message: 'A rule with this name exists' },
        { path: 'condition.thresholdMs', message: 'Below the probe timeout of this core' },
      ]);
    });
    fill('rule-form-name', 'Slow recorder');
    fill('rule-form-condition', 'latency-above');
    fill('rule-form-threshold', '5');
    fireEvent.click(screen.getByTestId('rule-save'));

    await waitFor(() => expect(errorBeside('rule-form-name')).toContain('A rule with this name exists'));
    expect(errorBeside('rule-form-threshold')).toContain('Below the probe timeout of this core');
    expect(screen.getAllByTestId('field-error').map((error) => error.dataset.field)).toEqual(['name', 'condition.thresholdMs']);
    expect(screen.getByTestId('rule-form-name').getAttribute('aria-invalid')).toBe('true');
    // The form keeps what was typed, and the table is as it was: nothing was saved, nothing reread.
    expect((screen.getByTestId('rule-form-name') as HTMLInputElement).value).toBe('Slow recorder');
    expect(ruleRows()).toEqual(['down: Monitor down', 'slow: Slow recorder']);
    expect(transport.callsOf('rules.list')).toHaveLength(1);
    expect(screen.queryByTestId('rule-form-errors')).toBeNull();
  });

  it('sends the rule as the contract takes it, then closes and rereads the table', async () => {
    const transport = await openNewRuleForm();
    transport.respond('rules.create', (input) => testRule('new', { name: input.name }));
    fill('rule-form-name', ' Certificates ');
    fill('rule-form-scope', 'site');
    fill('rule-form-site', 's2');
    fill('rule-form-condition', 'cert-expiring');
    fill('rule-form-days', '21');
    fill('rule-form-pending', '5');
    fill('rule-form-recovery-count', '2');
    fill('rule-form-max-open', '50');
    fill('rule-form-severity', 'medium');
    fireEvent.click(screen.getByTestId('rule-form-routing-channels'));
    const duty = screen.getAllByTestId('rule-form-channel').find((box) => box.dataset.channelId === 'duty');
    fireEvent.click(duty as HTMLElement);
    fireEvent.click(screen.getByTestId('rule-save'));

    await waitFor(() => expect(screen.queryByTestId('rule-form')).toBeNull());
    expect(transport.callsOf('rules.create')).toEqual([
      {
        name: 'Certificates',
        enabled: true,
        scope: { kind: 'site', siteId: 's2' },
        condition: { kind: 'cert-expiring', days: 21 },
        pendingMinutes: 5,
        recovery: { kind: 'good-results', count: 2 },
        severity: 'medium',
        routing: 'channels',
        channelIds: ['duty'],
        maxOpenAlerts: 50,
      },
    ]);
    await waitFor(() => expect(transport.callsOf('rules.list')).toHaveLength(2));
  });

  it('offers a separate latency to recover below only for "latency above", and checks it is the lower one', async () => {
    const transport = await openNewRuleForm();
    expect(screen.queryByTestId('rule-form-recovery')).toBeNull();
    fill('rule-form-name', 'Slow uplink');
    fill('rule-form-condition', 'latency-above');
    fill('rule-form-threshold', '800');
    fill('rule-form-recovery', 'latency-below');
    fill('rule-form-recovery-threshold', '900');
    expect(errorBeside('rule-form-recovery-threshold')).toContain('Recover below a latency lower than the one that raises the alert');
    fireEvent.click(screen.getByTestId('rule-save'));
    expect(transport.callsOf('rules.create')).toEqual([]);

    transport.respond('rules.create', (input) => testRule('new', { name: input.name }));
    fill('rule-form-recovery-threshold', '400');
    fireEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(transport.callsOf('rules.create')).toHaveLength(1));
    expect(transport.callsOf('rules.create')[0]).toMatchObject({
      condition: { kind: 'latency-above', thresholdMs: 800 },
      recovery: { kind: 'latency-below', thresholdMs: 400 },
    });
  });

  it('edits a built-in rule, keeping what was not changed', async () => {
    const transport = rulesTransport();
    transport.respond('rules.update', ({ id, rule }) => testRule(id, { name: rule.name, builtIn: true }));
    await renderAlertConfig(transport);
    const builtIn = (await screen.findAllByTestId('rule-row'))[0] as HTMLElement;
    fireEvent.click(within(builtIn).getByTestId('rule-edit'));
    fireEvent.click(await screen.findByTestId('rule-form-enabled'));
    fireEvent.click(screen.getByTestId('rule-save'));
    await waitFor(() => expect(transport.callsOf('rules.update')).toHaveLength(1));
    expect(transport.callsOf('rules.update')[0]).toEqual({
      id: 'down',
      rule: {
        name: 'Monitor down',
        enabled: false,
        scope: { kind: 'all' },
        condition: { kind: 'monitor-down' },
        pendingMinutes: 0,
        recovery: { kind: 'good-results', count: 1 },
        severity: 'critical',
        routing: 'table',
        channelIds: [],
        maxOpenAlerts: 200,
      },
      basedOnVersion: 1,
    });
  });

  it('shows an edit based on an older version beside the current one; "Keep mine" saves it again on the current version', async () => {
    const transport = rulesTransport();
    transport.respond('rules.update', ({ id, rule, basedOnVersion }) => {
      if (basedOnVersion === 1)
        throw new TransportError('conflict', '"Monitor down" was changed at 14:03 after you opened it', [], {
          basedOn: { version: 1, fields: { Name: 'Monitor down', Enabled: 'No', Severity: 'critical' } },
          current: { version: 2, fields: { Name: 'Monitor down', Enabled: 'Yes', Severity: 'high' } },
        });
      return testRule(id, { name: rule.name, builtIn: true, version: 3 });
    });
    await renderAlertConfig(transport);
    const builtIn = (await screen.findAllByTestId('rule-row'))[0] as HTMLElement;
    fireEvent.click(within(builtIn).getByTestId('rule-edit'));
    fireEvent.click(await screen.findByTestId('rule-form-enabled'));
    fireEvent.click(screen.getByTestId('rule-save'));
    const conflict = await screen.findByTestId('version-conflict');
    expect(conflict.textContent).toContain('"Monitor down" was changed at 14:03');
    expect(screen.getAllByTestId('version-conflict-row').filter((row) => row.dataset.differs === 'true')).toHaveLength(2);
    fireEvent.click(screen.getByTestId('version-conflict-keep-mine'));
    await waitFor(() => expect(transport.callsOf('rules.update')).toHaveLength(2));
    const [first, second] = transport.callsOf('rules.update');
    expect(second).toEqual({ ...first, basedOnVersion: 2 });
    await waitFor(() => expect(screen.queryByTestId('rule-form')).toBeNull());
  });
});
