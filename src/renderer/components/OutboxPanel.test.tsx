// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../shared/contract';
import { testAlert, testAlertSnapshot } from '../testing/alert-fixtures';
import { FakeTransport } from '../testing/fake-transport';
import { withScreenHeight } from '../testing/layout';
import { renderApp } from '../testing/render-app';

// The queue renders the rows a screen shows: give the test page a screen.
withScreenHeight();

const at = (hh: number, mm: number) => Date.UTC(2026, 10, 23, hh, mm);

function entry(id: string, overrides: Partial<OutboxEntry>): OutboxEntry {
  return {
    id,
    method: 'alerts.acknowledge',
    input: { id: 'a1', reason: 'genuine', note: '' },
    personId: 'u-ben',
    personName: 'Ben Night',
    seat: 'Seat B',
    issuedAt: at(14, 5),
    basedOnSeq: 12,
    state: 'pending',
    error: null,
    refusedAt: null,
    ...overrides,
  };
}

describe('the changes this console made while the hub could not be asked', () => {
  it('counts those waiting to sync, lists those the hub refused with who, when and why, and drops one on request', async () => {
    let entries: OutboxEntry[] = [
      entry('00000000-0000-4000-8000-000000000001', {}),
      entry('00000000-0000-4000-8000-000000000002', { method: 'incidents.addNote', input: { id: 'i1', note: 'Gate 3 rebooted' } }),
      entry('00000000-0000-4000-8000-000000000003', {
        method: 'alerts.resolve',
        input: { id: 'a2', reason: 'cleared' },
        issuedAt: at(14, 7),
        state: 'refused',
        error: { code: 'conflict', message: 'This alert was already resolved by Anna Berg: fixed at the gate' },
        refusedAt: at(14, 20),
      }),
    ];
    const transport = new FakeTransport({
      'outbox.list': () => ({ entries }),
      'outbox.drop': ({ id }) => {
        entries = entries.filter((kept) => kept.id !== id);
        return { pending: 2, refused: 0 };
      },
    });
    renderApp({ transport });

    await waitFor(() => expect(screen.getByTestId('outbox-pending').textContent).toContain('2 changes waiting to sync'));
    const refused = screen.getByTestId('outbox-refused-list');
    expect(refused.textContent).toContain('Changes made offline that the hub refused');
    const [item] = within(refused).getAllByTestId('outbox-refused');
    expect(item!.textContent).toContain('Resolve an alert by hand, with a reason by Ben Night at');
    expect(item!.textContent).toContain('14:07');
    expect(within(item!).getByTestId('outbox-reason').textContent).toBe(
      'Refused: This alert was already resolved by Anna Berg: fixed at the gate',
    );

    fireEvent.click(within(item!).getByRole('button', { name: 'Drop' }));
    await waitFor(() => expect(screen.queryByTestId('outbox-refused-list')).toBeNull());
    expect(transport.callsOf('outbox.drop')).toEqual([{ id: '00000000-0000-4000-8000-000000000003' }]);

    // The hub applied the rest: the event says so and the count goes.
    entries = [];
    transport.emit('outbox.changed', { pending: 0, refused: 0 });
    await waitFor(() => expect(screen.queryByTestId('outbox-pending')).toBeNull());
  });

  it('shows a monitor edit refused as stale beside what the hub has now; Keep mine gives it again on the current version', async () => {
    const entries: OutboxEntry[] = [
      entry('00000000-0000-4000-8000-000000000004', {
        method: 'monitors.update',
        input: { id: 'm1', basedOnVersion: 3, name: 'Gate camera (north)' },
        state: 'refused',
        error: {
          code: 'conflict',
          message: 'Gate camera was changed by Anna Berg at 14:03 (version 4)',
          versions: {
            basedOn: { version: 3, fields: { Name: 'Gate camera (north)' } },
            current: { version: 4, fields: { Name: 'Gate cam' } },
          },
        },
        refusedAt: at(14, 20),
      }),
    ];
    const transport = new FakeTransport({ 'outbox.list': () => ({ entries }), 'outbox.redo': () => ({ applied: true }) });
    renderApp({ transport });

    const conflict = await screen.findByTestId('version-conflict');
    expect(conflict.textContent).toContain('Gate camera (north)');
    expect(conflict.textContent).toContain('Gate cam');
    expect(conflict.textContent).toContain('changed by Anna Berg at 14:03');
    fireEvent.click(within(conflict).getByRole('button', { name: /Keep mine/ }));
    await waitFor(() =>
      expect(transport.callsOf('outbox.redo')).toEqual([{ id: '00000000-0000-4000-8000-000000000004', onCurrentVersion: true }]),
    );
  });

  it('marks an alert acknowledged offline as pending sync in the queue, and only that one', async () => {
    const transport = new FakeTransport({
      'alerts.snapshot': () =>
        testAlertSnapshot([
          testAlert('a1', { state: 'acknowledged', ackBy: 'Ben Night', ackAt: at(14, 5), ackReason: 'genuine', pendingSync: true }),
          testAlert('a2'),
        ]),
    });
    renderApp({ transport, page: 'alerts' });
    const rows = await screen.findAllByTestId('alert-row');
    expect(rows).toHaveLength(2);
    const pending = rows.filter((row) => within(row).queryByTestId('pending-sync') !== null);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.textContent).toContain('pending sync');
    expect(pending[0]!.textContent).toContain('ack Ben Night');
  });
});
