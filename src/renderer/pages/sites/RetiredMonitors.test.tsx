// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RetiredMonitor, Role } from '../../../shared/contract';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { testSite } from '../../testing/monitoring-fixtures';
import { renderApp } from '../../testing/render-app';

const RECORDER: RetiredMonitor = {
  id: 'nvr',
  name: 'Recorder',
  kind: 'tcp',
  siteId: 'north',
  siteName: 'Depot North',
  retiredAt: Date.UTC(2026, 10, 20, 14, 5, 0),
  retiredBy: 'Ada Admin',
};

function sitesPageAs(role: Role, retired: RetiredMonitor[] = [RECORDER]) {
  let list = retired;
  const transport = new FakeTransport({
    'app.whoami': () => personWhoAmI(role),
    'sites.list': () => [testSite('north', { name: 'Depot North' })],
    'monitors.retired': () => list,
    'monitors.restore': ({ id }) => {
      list = list.filter((monitor) => monitor.id !== id);
      return { id };
    },
    'monitors.purge': ({ id }) => {
      list = list.filter((monitor) => monitor.id !== id);
      return { id };
    },
    'auth.stepUp': (stepUp) => ({
      method: (stepUp as { method: string }).method,
      authorizedBy: { id: 'u-sam', displayName: 'Sam Supervisor' },
      result: { id: 'nvr' },
    }),
  });
  renderApp({ transport, page: 'sites' });
  return transport;
}

describe('retired monitors on the Sites page', () => {
  it('lists a retired monitor with its site, when and by whom it was retired', async () => {
    sitesPageAs('supervisor');
    const row = await screen.findByTestId('retired-row');
    expect(within(row).getByRole('rowheader').textContent).toBe('Recorder');
    expect(row.textContent).toContain('Depot North');
    expect(within(row).getByTestId('retired-when').textContent).toBe('2026-11-20 14:05:00 UTC by Ada Admin');
  });

  it('says when nothing is retired', async () => {
    sitesPageAs('supervisor', []);
    expect((await screen.findByTestId('retired-empty')).textContent).toContain('None');
    expect(screen.queryByTestId('retired-table')).toBeNull();
  });

  it('lets a supervisor restore it, and the list no longer shows it', async () => {
    const transport = sitesPageAs('supervisor');
    const restore = await screen.findByTestId('retired-restore');
    await waitFor(() => expect(restore.hasAttribute('disabled')).toBe(false));
    fireEvent.click(restore);
    await waitFor(() => expect(transport.callsOf('monitors.restore')).toEqual([{ id: 'nvr' }]));
    expect(await screen.findByTestId('retired-empty')).toBeTruthy();
  });

  it('leaves purging to an admin: a supervisor sees Purge disabled with who may', async () => {
    sitesPageAs('supervisor');
    const purge = await screen.findByTestId('retired-purge');
    await waitFor(() => expect(purge.hasAttribute('disabled')).toBe(true));
    expect(purge.getAttribute('title')).toBe('Only an admin or above may do this; Ann Example is a supervisor');
  });

  it('purges only after the admin confirms, saying all its history goes', async () => {
    const transport = sitesPageAs('admin');
    const purge = await screen.findByTestId('retired-purge');
    await waitFor(() => expect(purge.hasAttribute('disabled')).toBe(false));
    fireEvent.click(purge);
    const confirm = screen.getByTestId('retired-purge-confirm');
    expect(confirm.textContent).toContain('probe results, roll-ups, status changes and alerts are removed');
    expect(transport.callsOf('monitors.purge')).toEqual([]);
    fireEvent.click(within(confirm).getByTestId('retired-purge-confirm-button'));
    await waitFor(() => expect(transport.callsOf('monitors.purge')).toEqual([{ id: 'nvr' }]));
    expect(await screen.findByTestId('retired-empty')).toBeTruthy();
  });

  it('lets an operator restore only through a supervisor at the seat', async () => {
    const transport = sitesPageAs('operator');
    const restore = await screen.findByTestId('retired-restore');
    await waitFor(() => expect(restore.hasAttribute('disabled')).toBe(true));
    fireEvent.click(screen.getByTestId('retired-restore-ask-supervisor'));
    const dialog = await screen.findByTestId('step-up-dialog');
    expect(dialog.textContent).toContain('Restore the monitor Recorder (Depot North) with its history');
    fireEvent.change(screen.getByTestId('step-up-username'), { target: { value: 'sam' } });
    fireEvent.change(screen.getByTestId('step-up-password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByTestId('step-up-submit'));
    await waitFor(() => expect(screen.queryByTestId('step-up-dialog')).toBeNull());
    expect(transport.callsOf('auth.stepUp')).toMatchObject([{ username: 'sam', method: 'monitors.restore', input: { id: 'nvr' } }]);
    expect(transport.callsOf('monitors.restore')).toEqual([]);
  });
});
