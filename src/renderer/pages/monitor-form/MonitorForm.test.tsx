// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MonitorInput } from '../../../shared/contract';
import { useViewStore } from '../../state/view-store';
import { FakeTransport } from '../../testing/fake-transport';
import { boardMonitor, emptySeries, T0, testDetail, testMonitor, testSite, testSnapshot } from '../../testing/monitoring-fixtures';
import { renderApp } from '../../testing/render-app';
import { TransportError } from '../../transport/transport';

const SITES = [testSite('s1', { name: 'Depot North' }), testSite('s2', { name: 'Harbour Gate' })];

function formTransport() {
  return new FakeTransport({
    'sites.list': () => SITES,
    'board.snapshot': () => testSnapshot(SITES, [boardMonitor('uplink', 's1', { name: 'Site uplink' })]),
    'monitors.create': (input) => testMonitor('new1', { name: input.name, siteId: input.siteId }),
    'monitors.get': ({ id }) => testDetail(testMonitor(id)),
    'monitors.series': ({ id }) => emptySeries(id),
  });
}

async function openNewMonitorForm(transport = formTransport()) {
  renderApp({ transport, page: 'monitor-form' });
  await screen.findByTestId('monitor-form');
  await waitFor(() => expect(screen.getByTestId('monitor-form-site').querySelectorAll('option')).toHaveLength(3));
  return transport;
}

function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

/** The error shown in the same form row as the input, so "beside the field" is what is checked. */
function errorBeside(testId: string): string | null {
  const row = screen.getByTestId(testId).closest('.form-row');
  return row?.querySelector('[data-testid="field-error"]')?.textContent ?? null;
}

describe('the monitor form', () => {
  it('shows a field error for a bad URL and does not call monitors.create', async () => {
    const transport = await openNewMonitorForm();
    fill('monitor-form-site', 's1');
    fill('monitor-form-name', 'NVR web interface');
    fill('monitor-form-url', 'recorder.local/health');
    const error = screen.getAllByTestId('field-error').find((element) => element.dataset.field === 'probe.url');
    expect(error?.textContent).toContain('Enter a full URL');
    expect(screen.getByTestId('monitor-form-url').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    expect(transport.callsOf('monitors.create')).toEqual([]);
    expect(document.activeElement).toBe(screen.getByTestId('monitor-form-url'));
  });

  it('says a number out of range as a sentence, not in the validator’s words', async () => {
    await openNewMonitorForm();
    fill('monitor-form-failures', '0');
    expect(errorBeside('monitor-form-failures')).toBe('⚠ At least 1');
  });

  it('shows every missing field after a Save, not before', async () => {
    await openNewMonitorForm();
    expect(screen.queryAllByTestId('field-error')).toEqual([]);
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    expect(screen.getAllByTestId('field-error').map((element) => element.dataset.field)).toEqual(['siteId', 'name', 'probe.url']);
  });

  it("places core's invalid_input fields beside the fields they name", async () => {
    const transport = await openNewMonitorForm();
    transport.respond('monitors.create', () => {
      throw new TransportError('invalid_input', 'Invalid input', [
        { path: 'probe.url', message: 'This host is not allowed here' },
        { path: 'timeoutSeconds', message: 'Too long for this core' },
        { path: 'parentId', message: 'Pick an existing monitor' },
        { path: 'somethingElse', message: 'A rule this form does not know' },
      ]);
    });
    fill('monitor-form-site', 's1');
    fill('monitor-form-name', 'NVR');
    fill('monitor-form-url', 'https://nvr.example/health');
    fill('monitor-form-parent', 'uplink');
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    await waitFor(() => expect(errorBeside('monitor-form-url')).toContain('This host is not allowed here'));
    expect(errorBeside('monitor-form-timeout')).toContain('Too long for this core');
    expect(errorBeside('monitor-form-parent')).toContain('Pick an existing monitor');
    expect(screen.getByTestId('monitor-form-errors').textContent).toContain('somethingElse: A rule this form does not know');
    // Editing the field clears core's message for it.
    fill('monitor-form-timeout', '5');
    expect(errorBeside('monitor-form-timeout')).toBeNull();
  });

  it('sends the contract input and opens the new monitor', async () => {
    const transport = await openNewMonitorForm();
    fill('monitor-form-site', 's2');
    fill('monitor-form-name', ' Barrier controller ');
    fill('monitor-form-kind', 'tcp');
    fill('monitor-form-host', '10.0.0.7');
    fill('monitor-form-port', '4070');
    fill('monitor-form-interval', '15');
    fill('monitor-form-timeout', '5');
    fill('monitor-form-failures', '3');
    fill('monitor-form-parent', 'uplink');
    fill('monitor-form-tags', 'access, gate');
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    await screen.findByTestId('monitor-detail');
    const sent = transport.callsOf('monitors.create')[0] as MonitorInput;
    expect(sent).toMatchObject({
      siteId: 's2',
      name: 'Barrier controller',
      probe: { kind: 'tcp', host: '10.0.0.7', port: 4070 },
      intervalSeconds: 15,
      timeoutSeconds: 5,
      failuresToDown: 3,
      parentId: 'uplink',
      tags: ['access', 'gate'],
    });
    expect(useViewStore.getState().monitorId).toBe('new1');
  });

  it('checks the timeout against the interval with the contract rule, as soon as either changes', async () => {
    await openNewMonitorForm();
    fill('monitor-form-site', 's1');
    fill('monitor-form-name', 'x');
    fill('monitor-form-url', 'https://x.example');
    // The timeout keeps its default of 10 s: shortening the interval is what breaks the rule.
    fill('monitor-form-interval', '10');
    expect(errorBeside('monitor-form-timeout')).toContain('The timeout must be shorter than the interval');
  });

  it('edits an existing monitor with monitors.update', async () => {
    const transport = formTransport();
    transport.respond('monitors.update', ({ id, monitor }) => testMonitor(id, { name: monitor.name }));
    renderApp({ transport, page: 'monitor-form' });
    useViewStore.setState({ monitorForm: { monitorId: 'm7', siteId: null } });
    const name = (await screen.findByTestId('monitor-form-name')) as HTMLInputElement;
    expect(name.value).toBe('Monitor m7');
    expect((screen.getByTestId('monitor-form-url') as HTMLInputElement).value).toBe('https://m7.example/health');
    fill('monitor-form-name', 'Renamed');
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    await waitFor(() => expect(transport.callsOf('monitors.update')).toHaveLength(1));
    expect(transport.callsOf('monitors.update')[0]).toMatchObject({
      id: 'm7',
      monitor: { name: 'Renamed', probe: { kind: 'http' } },
      basedOnVersion: 1,
    });
  });
});

describe('two admins editing the same monitor', () => {
  /** What the hub answers a save based on version 1 once the other admin saved version 2 (the monitor renamed). */
  const STALE = new TransportError(
    'conflict',
    '"Gate recorder" was changed at 14:05 after you opened it (your edit is based on version 1; it is at version 2 now): compare them, then keep yours or take theirs',
    [],
    {
      basedOn: { version: 1, fields: { Name: 'Monitor m7', 'Interval (s)': '120', URL: 'https://m7.example/health' } },
      current: { version: 2, fields: { Name: 'Gate recorder', 'Interval (s)': '30', URL: 'https://m7.example/health' } },
    },
  );

  /** Admin A has the form open on version 1 when admin B's save (version 2) reaches this console. */
  async function editedElsewhereMeanwhile() {
    const transport = formTransport();
    renderApp({ transport, page: 'monitor-form' });
    useViewStore.setState({ monitorForm: { monitorId: 'm7', siteId: null } });
    await screen.findByTestId('monitor-form-name');
    fill('monitor-form-interval', '120');
    transport.respond('monitors.get', ({ id }) =>
      testDetail(testMonitor(id, { name: 'Gate recorder', version: 2, updatedAt: T0 + 5 * 60_000 })),
    );
    transport.emit('monitors.changed', { reason: 'monitor' });
    await waitFor(() => expect(transport.callsOf('monitors.get').length).toBeGreaterThan(1));
    return transport;
  }

  it('keeps what admin A typed when B saves, and shows both versions side by side when A saves on the old one', async () => {
    const transport = await editedElsewhereMeanwhile();
    // B's save does not restart A's form under them.
    expect((screen.getByTestId('monitor-form-interval') as HTMLInputElement).value).toBe('120');
    transport.respond('monitors.update', () => {
      throw STALE;
    });
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    const conflict = await screen.findByTestId('version-conflict');
    expect(transport.callsOf('monitors.update')[0]).toMatchObject({ id: 'm7', basedOnVersion: 1, monitor: { intervalSeconds: 120 } });
    expect(conflict.textContent).toContain('"Gate recorder" was changed at 14:05');
    const rows = screen.getAllByTestId('version-conflict-row').map((row) => [...row.children].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Name (differs)', 'Monitor m7', 'Gate recorder'],
      ['Interval (s) (differs)', '120', '30'],
      ['URL', 'https://m7.example/health', 'https://m7.example/health'],
    ]);
    expect(screen.getByRole('columnheader', { name: 'Yours (from version 1)' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Now (version 2)' })).toBeTruthy();
  });

  it('"Keep mine" saves the same edit again based on the current version', async () => {
    const transport = await editedElsewhereMeanwhile();
    transport.respond('monitors.update', ({ id, monitor, basedOnVersion }) => {
      if (basedOnVersion === 1) throw STALE;
      return testMonitor(id, { name: monitor.name, intervalSeconds: monitor.intervalSeconds, version: 3 });
    });
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    fireEvent.click(await screen.findByTestId('version-conflict-keep-mine'));
    await screen.findByTestId('monitor-detail');
    const [first, second] = transport.callsOf('monitors.update');
    expect(second).toEqual({ ...first, basedOnVersion: 2 });
  });

  it('"Take theirs" drops the edit and starts the form again from the current version', async () => {
    const transport = await editedElsewhereMeanwhile();
    transport.respond('monitors.update', () => {
      throw STALE;
    });
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    fireEvent.click(await screen.findByTestId('version-conflict-take-theirs'));
    await waitFor(() => expect((screen.getByTestId('monitor-form-name') as HTMLInputElement).value).toBe('Gate recorder'));
    expect((screen.getByTestId('monitor-form-interval') as HTMLInputElement).value).toBe('30');
    expect(screen.queryByTestId('version-conflict')).toBeNull();
    // Saved from here, the edit is based on the version it now shows.
    transport.respond('monitors.update', ({ id, monitor }) => testMonitor(id, { name: monitor.name, version: 3 }));
    fireEvent.click(screen.getByTestId('monitor-form-save'));
    await waitFor(() => expect(transport.callsOf('monitors.update')).toHaveLength(2));
    expect(transport.callsOf('monitors.update')[1]).toMatchObject({
      basedOnVersion: 2,
      monitor: { name: 'Gate recorder', intervalSeconds: 30 },
    });
  });
});
