// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RetentionOverview } from '../../../shared/contract';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

const AT = Date.UTC(2026, 10, 23, 9, 0, 0);
const OVERVIEW: RetentionOverview = {
  at: AT,
  kinds: [
    {
      kind: 'raw-results',
      label: 'Raw probe results',
      keepDays: 7,
      setting: 'retentionRawDays',
      rows: 1_234_567,
      bytes: 80 * 1024 * 1024,
      nextPruneRows: 4_321,
      cutoffAt: AT - 7 * 86_400_000,
      notPrunedBecause: null,
    },
    {
      kind: 'audit-log',
      label: 'Audit log',
      keepDays: 2555,
      setting: 'retentionRecordsDays',
      rows: 900,
      bytes: 200_000,
      nextPruneRows: 120,
      cutoffAt: AT - 2555 * 86_400_000,
      notPrunedBecause: null,
    },
    {
      kind: 'log-file',
      label: "The console's log file",
      keepDays: 30,
      setting: 'retentionLogDays',
      rows: null,
      bytes: 4_000,
      nextPruneRows: 0,
      cutoffAt: AT - 30 * 86_400_000,
      notPrunedBecause: 'Not pruned: an example reason',
    },
  ],
  retiredMonitors: 0,
  expiringRetiredMonitors: [],
};

describe('the Retention page', () => {
  it('shows each policy, what it holds and what the next prune removes, and why a kind is not pruned', async () => {
    const transport = new FakeTransport({ 'retention.overview': () => OVERVIEW, 'app.whoami': () => personWhoAmI('supervisor') });
    renderApp({ transport, page: 'retention' });
    const raw = await screen.findByTestId('retention-raw-results');
    expect(raw.textContent).toContain('7 days');
    expect(within(raw).getByTestId('retention-rows').textContent).toBe('1,234,567');
    expect(within(raw).getByTestId('retention-next').textContent).toContain('4,321 older than');
    const audit = screen.getByTestId('retention-audit-log');
    expect(audit.textContent).toContain('7 years (2,555 days)');
    // The audit log is pruned too, into an encrypted archive first.
    expect(within(audit).getByTestId('retention-next').textContent).toContain('120 older than');
    expect(within(audit).getByTestId('retention-next').textContent).toContain('archived first');
    expect(within(screen.getByTestId('retention-log-file')).getByTestId('retention-next').textContent).toContain('an example reason');
    // A supervisor reads; changing the policies is an admin's.
    expect(screen.queryByTestId('retention-edit')).toBeNull();
  });

  it('offers an admin the way to change the policies', async () => {
    const transport = new FakeTransport({ 'retention.overview': () => OVERVIEW, 'app.whoami': () => personWhoAmI('admin') });
    renderApp({ transport, page: 'retention' });
    expect(await screen.findByTestId('retention-edit')).toBeTruthy();
  });

  it('says how many retired monitors the counts still hold the history of', async () => {
    const transport = new FakeTransport({
      'retention.overview': () => ({ ...OVERVIEW, retiredMonitors: 3 }),
      'app.whoami': () => personWhoAmI('supervisor'),
    });
    renderApp({ transport, page: 'retention' });
    expect((await screen.findByTestId('retention-retired')).textContent).toContain('the history of 3 retired monitors');
  });

  it('names the retired monitors the next prune removes because their history has expired', async () => {
    const transport = new FakeTransport({
      'retention.overview': () => ({
        ...OVERVIEW,
        retiredMonitors: 2,
        expiringRetiredMonitors: [{ id: 'm1', name: 'Old gate', siteName: 'Depot North', retiredAt: Date.UTC(2019, 0, 7, 9, 0) }],
      }),
      'app.whoami': () => personWhoAmI('supervisor'),
    });
    renderApp({ transport, page: 'retention' });
    const expiring = (await screen.findByTestId('retention-retired-expiring')).textContent;
    expect(expiring).toContain('The next prune removes a retired monitor whose history has all expired');
    expect(expiring).toContain('Old gate (Depot North, retired 2019-01-07');
  });

  it('says nothing of retired monitors when there are none', async () => {
    const transport = new FakeTransport({ 'retention.overview': () => OVERVIEW, 'app.whoami': () => personWhoAmI('supervisor') });
    renderApp({ transport, page: 'retention' });
    await screen.findByTestId('retention-raw-results');
    expect(screen.queryByTestId('retention-retired')).toBeNull();
    expect(screen.queryByTestId('retention-retired-expiring')).toBeNull();
  });
});
