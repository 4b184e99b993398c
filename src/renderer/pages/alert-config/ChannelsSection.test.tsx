// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '../../../shared/contract';
import { T0 } from '../../testing/monitoring-fixtures';
import { alertConfigTransport, errorBeside, fill, openTab, renderAlertConfig, testChannel } from './testing';

const DUTY_HOOK = testChannel('duty', {
  name: 'Duty phone',
  config: { kind: 'webhook', url: 'https://pager.example/hook', secret: SECRET_MASK, timeoutSeconds: 5, headers: { 'X-Team': 'night' } },
});
const OPS_MAIL = testChannel('ops', {
  name: 'Ops mailbox',
  config: {
    kind: 'email',
    host: 'smtp.example',
    port: 587,
    secure: false,
    username: 'watchroom',
    password: SECRET_MASK,
    from: 'watchroom@example.com',
    to: ['ops@example.com'],
    timeoutSeconds: 15,
  },
});

function channelRow(id: string): HTMLElement {
  const row = screen.getAllByTestId('channel-row').find((element) => element.dataset.channelId === id);
  if (row === undefined) throw new Error(`No channel row ${id}`);
  return row;
}

async function renderChannels() {
  const transport = alertConfigTransport({ 'channels.list': () => [DUTY_HOOK, OPS_MAIL] });
  await renderAlertConfig(transport);
  openTab('channels');
  await screen.findAllByTestId('channel-row');
  return transport;
}

describe('channels', () => {
  it('keeps a stored secret by sending its mask back unchanged', async () => {
    const transport = await renderChannels();
    transport.respond('channels.update', ({ id }) => testChannel(id));
    fireEvent.click(within(channelRow('duty')).getByTestId('channel-edit'));
    expect((screen.getByTestId('channel-form-secret') as HTMLInputElement).value).toBe(SECRET_MASK);
    fill('channel-form-name', 'Duty phone (night)');
    fill('channel-form-headers', 'X-Team: night\nX-Shift: B');
    fireEvent.click(screen.getByTestId('channel-save'));
    await waitFor(() =>
      expect(transport.callsOf('channels.update')).toEqual([
        {
          id: 'duty',
          channel: {
            name: 'Duty phone (night)',
            enabled: true,
            ratePerMinute: 20,
            config: {
              kind: 'webhook',
              url: 'https://pager.example/hook',
              secret: SECRET_MASK,
              timeoutSeconds: 5,
              headers: { 'X-Team': 'night', 'X-Shift': 'B' },
            },
          },
        },
      ]),
    );
  });

  it('keeps a stored SMTP password the same way, and reads recipients one a line', async () => {
    const transport = await renderChannels();
    transport.respond('channels.update', ({ id }) => testChannel(id));
    fireEvent.click(within(channelRow('ops')).getByTestId('channel-edit'));
    fill('channel-form-to', 'ops@example.com\n\nnight-lead@example.com\n');
    fireEvent.click(screen.getByTestId('channel-save'));
    await waitFor(() => expect(transport.callsOf('channels.update')).toHaveLength(1));
    expect(transport.callsOf('channels.update')[0]?.channel.config).toEqual({
      kind: 'email',
      host: 'smtp.example',
      port: 587,
      secure: false,
      username: 'watchroom',
      password: SECRET_MASK,
      from: 'watchroom@example.com',
      to: ['ops@example.com', 'night-lead@example.com'],
      timeoutSeconds: 15,
    });
  });

  it('says which recipient line is not an address, and sends nothing', async () => {
    const transport = await renderChannels();
    fireEvent.click(within(channelRow('ops')).getByTestId('channel-edit'));
    fill('channel-form-to', 'ops@example.com\nnight lead');
    fireEvent.click(screen.getByTestId('channel-save'));
    expect(errorBeside('channel-form-to')).toContain('Line 2: An e-mail address');
    expect(transport.callsOf('channels.update')).toEqual([]);
  });

  it('sends a test and shows what happened, failure detail included', async () => {
    const transport = await renderChannels();
    transport.respond('channels.test', ({ id }) => ({
      channelId: id,
      channelName: 'Duty phone',
      at: T0,
      ok: false,
      attempts: 3,
      detail: 'HTTP 503 from pager.example',
      stage: 'failed',
      status: 503,
      answer: null,
    }));
    fireEvent.click(within(channelRow('duty')).getByTestId('channel-test'));
    const result = await screen.findByTestId('channel-test-result');
    expect(result.dataset.ok).toBe('false');
    expect(result.textContent).toContain('Test through Duty phone failed');
    expect(result.textContent).toContain('3 attempts');
    expect(result.textContent).toContain('HTTP 503 from pager.example');
    expect(transport.callsOf('channels.test')).toEqual([{ id: 'duty' }]);
  });

  it('adds a webhook with a generated secret', async () => {
    const transport = alertConfigTransport({ 'channels.create': (input) => testChannel('new', { name: input.name }) });
    await renderAlertConfig(transport);
    openTab('channels');
    fireEvent.click(await screen.findByTestId('channel-add'));
    fill('channel-form-name', 'Radio bridge');
    fill('channel-form-url', 'https://radio.example/in');
    fireEvent.click(screen.getByTestId('channel-form-generate-secret'));
    fireEvent.click(screen.getByTestId('channel-save'));
    await waitFor(() => expect(transport.callsOf('channels.create')).toHaveLength(1));
    const sent = transport.callsOf('channels.create')[0];
    expect(sent?.config).toMatchObject({ kind: 'webhook', url: 'https://radio.example/in', timeoutSeconds: 5, headers: {} });
    expect(sent?.config.kind === 'webhook' ? sent.config.secret : '').toMatch(/^[0-9a-f]{32}$/);
  });

  it('adds a PagerDuty channel with a link back to the console and quiet hours (22:00 to 06:00 unless changed)', async () => {
    const transport = alertConfigTransport({ 'channels.create': (input) => testChannel('new', { name: input.name }) });
    await renderAlertConfig(transport);
    openTab('channels');
    fireEvent.click(await screen.findByTestId('channel-add'));
    fill('channel-form-name', 'On call');
    fireEvent.change(screen.getByTestId('channel-form-kind'), { target: { value: 'pagerduty' } });
    fill('channel-form-routing-key', 'R0UT1NG');
    fill('channel-form-console-url', 'https://watchroom.example.com');
    fireEvent.click(screen.getByTestId('channel-form-quiet'));
    expect((screen.getByTestId('channel-form-quiet-start') as HTMLInputElement).value).toBe('22:00');
    fill('channel-form-quiet-end', '07:00');
    fireEvent.click(screen.getByTestId('channel-save'));
    await waitFor(() => expect(transport.callsOf('channels.create')).toHaveLength(1));
    expect(transport.callsOf('channels.create')[0]?.config).toEqual({
      kind: 'pagerduty',
      routingKey: 'R0UT1NG',
      eventsUrl: 'https://events.pagerduty.com/v2/enqueue',
      consoleUrl: 'https://watchroom.example.com',
      timeoutSeconds: 5,
      quietHours: { start: '22:00', end: '07:00' },
    });
  });

  it('refuses an SMS template with an unknown placeholder beside the template, and sends nothing', async () => {
    const transport = alertConfigTransport({ 'channels.create': (input) => testChannel('new', { name: input.name }) });
    await renderAlertConfig(transport);
    openTab('channels');
    fireEvent.click(await screen.findByTestId('channel-add'));
    fill('channel-form-name', 'Texts');
    fireEvent.change(screen.getByTestId('channel-form-kind'), { target: { value: 'sms' } });
    fill('channel-form-url', 'https://sms.example/send');
    fill('channel-form-sms-template', 'to={{to}}&msg={{message}}');
    fill('channel-form-sms-recipients', '+4915112345678');
    fireEvent.click(screen.getByTestId('channel-save'));
    expect(errorBeside('channel-form-sms-template')).toMatch(/Unknown placeholder/);
    expect(transport.callsOf('channels.create')).toHaveLength(0);
  });
});
