// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AvailabilityReport, Channel, OperationsReview } from '../../../shared/contract';
import { FakeTransport, personWhoAmI, TEST_SETTINGS } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

const NOW = Date.UTC(2026, 11, 3, 9, 0, 0);

function availability(targetPercent: number): AvailabilityReport {
  return {
    from: Date.UTC(2026, 10, 1),
    to: Date.UTC(2026, 11, 1),
    label: 'November 2026',
    targetPercent,
    periodMinutes: 43_200,
    allowedDowntimeMinutes: 43.2,
    sites: [
      {
        siteId: 's1',
        siteName: 'Depot North',
        monitors: 2,
        uptimePercent: 99.9363,
        downtimeMinutes: 55,
        outages: 2,
        longestOutageMinutes: 40,
        belowTarget: targetPercent > 99.8727 ? 1 : 0,
        incidents: 2,
        mttaMinutes: 15,
        mttrMinutes: 60,
      },
    ],
    monitors: [
      {
        monitorId: 'm2',
        name: 'Camera 1',
        siteId: 's1',
        siteName: 'Depot North',
        uptimePercent: 100,
        downtimeMinutes: 0,
        outages: 0,
        longestOutageMinutes: 0,
        measuredMinutes: 43_200,
        meetsTarget: true,
      },
      {
        monitorId: 'm1',
        name: 'Gate',
        siteId: 's1',
        siteName: 'Depot North',
        uptimePercent: 99.8727,
        downtimeMinutes: 55,
        outages: 2,
        longestOutageMinutes: 40,
        measuredMinutes: 43_200,
        meetsTarget: targetPercent <= 99.8727,
      },
    ],
    totals: { monitors: 2, uptimePercent: 99.9363, downtimeMinutes: 55, outages: 2, belowTarget: 1, incidents: 2, mttaMinutes: 15, mttrMinutes: 60 },
  };
}

const same = (value: number) => ({ value, previous: value });

const REVIEW: OperationsReview = {
  month: '2026-11',
  label: 'November 2026',
  from: Date.UTC(2026, 10, 1),
  to: Date.UTC(2026, 11, 1),
  previousMonth: '2026-10',
  previousLabel: 'October 2026',
  incidents: {
    total: { value: 3, previous: 1 },
    byPriority: [
      { key: 'P0', label: 'P0', detail: null, count: 1, previous: 0 },
      { key: 'P1', label: 'P1', detail: null, count: 0, previous: 1 },
      { key: 'P2', label: 'P2', detail: null, count: 2, previous: 0 },
    ],
  },
  respond: { met: { value: 1, previous: 1 }, missed: { value: 1, previous: 0 }, open: 1 },
  resolve: { met: { value: 1, previous: 0 }, missed: same(1), open: 1 },
  alerts: {
    total: { value: 7, previous: 3 },
    bySeverity: [{ key: 'critical', label: 'critical', detail: null, count: 2, previous: 0 }],
    byRule: [{ key: 'down', label: 'Monitor down', detail: null, count: 5, previous: 0 }],
  },
  noisiestMonitors: [{ key: 'm1', label: 'Gate', detail: 'Depot North', count: 5, previous: 0 }],
  acknowledgement: { acknowledged: { value: 5, previous: 3 }, medianSeconds: { value: 90, previous: 60 }, p90Seconds: { value: 600, previous: 60 } },
  backups: { run: { value: 3, previous: 1 }, verified: same(1), verifyFailed: { value: 1, previous: 0 }, testRestored: same(0) },
  security: { total: { value: 2, previous: 0 }, byType: [{ key: 'failed-sign-in', label: 'failed-sign-in', detail: null, count: 2, previous: 0 }] },
  auditChain: { ok: true, checked: 551, problemCount: 0, firstProblem: null, verifiedAt: NOW },
};

async function downloadedText(createObjectURL: { mock: { calls: unknown[][] } }): Promise<string> {
  await waitFor(() => expect(createObjectURL.mock.calls.length).toBeGreaterThan(0));
  return (createObjectURL.mock.calls.at(-1)?.[0] as Blob).text();
}

describe('the Reports page', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: NOW }));
  afterEach(() => void vi.useRealTimers());

  it('opens on the availability of the month just ended, monitors under target first, and judges again against another target', async () => {
    const transport = new FakeTransport({ 'reports.availability': (input) => availability(input.targetPercent ?? 99.9) });
    renderApp({ transport, page: 'reports' });
    const monitors = await screen.findAllByTestId('availability-monitor');
    expect(transport.callsOf('reports.availability')).toEqual([{ month: '2026-11' }]);
    expect(monitors.map((row) => row.dataset.monitor)).toEqual(['Gate', 'Camera 1']);
    expect(within(monitors[0] as HTMLElement).getByText('missed')).toBeTruthy();
    expect(screen.getByTestId('availability-summary').textContent).toContain('against a target of 99.9 % (at most 43.2 minutes down per monitor)');
    expect(screen.getByTestId('availability-site').textContent).toContain('Depot North');

    fireEvent.change(screen.getByTestId('reports-target'), { target: { value: '99.5' } });
    await waitFor(() => expect(transport.callsOf('reports.availability')).toContainEqual({ month: '2026-11', targetPercent: 99.5 }));
    fireEvent.change(screen.getByTestId('reports-target'), { target: { value: '101' } });
    expect(screen.getByTestId('reports-input-problem').textContent).toBe('The target is a percentage from 50 to 100');
  });

  it('reports on any period of whole days', async () => {
    const transport = new FakeTransport({ 'reports.availability': (input) => availability(input.targetPercent ?? 99.9) });
    renderApp({ transport, page: 'reports' });
    await screen.findAllByTestId('availability-monitor');
    fireEvent.change(screen.getByTestId('reports-period-kind'), { target: { value: 'period' } });
    expect(screen.getByTestId('reports-input-problem').textContent).toBe('Pick the first and last day of the period');
    fireEvent.change(screen.getByTestId('reports-from'), { target: { value: '2026-11-10' } });
    fireEvent.change(screen.getByTestId('reports-to'), { target: { value: '2026-11-12' } });
    await waitFor(() =>
      expect(transport.callsOf('reports.availability')).toContainEqual({ from: Date.UTC(2026, 10, 10), to: Date.UTC(2026, 10, 13) }),
    );
  });

  it('downloads the availability report as CSV and Markdown, and prints it alone in a window of its own in a browser', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:report');
    // happy-dom has no print dialog: the window the page opens and its print call are what is checked.
    const print = vi.fn();
    const reportWindow = { print, addEventListener: (_event: string, listener: () => void) => listener() };
    const open = vi.fn(() => reportWindow);
    vi.stubGlobal('open', open);
    const transport = new FakeTransport({ 'reports.availability': () => availability(99.9) });
    renderApp({ transport, page: 'reports' });
    fireEvent.click(await screen.findByTestId('availability-export-csv'));
    const csv = await downloadedText(createObjectURL);
    expect(csv.split('\r\n')[0]).toBe(
      'level,site,monitor,uptime_percent,downtime_minutes,outages,longest_outage_minutes,measured_minutes,meets_target,incidents,mtta_minutes,mttr_minutes',
    );
    expect(csv).toContain('monitor,Depot North,Gate,99.8727,55,2,40,43200,false,,,');
    fireEvent.click(screen.getByTestId('availability-export-md'));
    await waitFor(() => expect(createObjectURL.mock.calls).toHaveLength(2));
    expect(await downloadedText(createObjectURL)).toContain('| Depot North | Gate | 99.8727 % | 55 | 2 | 40 | missed |');
    expect(screen.getByTestId('availability-export-print').textContent).toBe('Print');
    fireEvent.click(screen.getByTestId('availability-export-print'));
    await waitFor(() => expect(print).toHaveBeenCalledOnce());
    expect(open).toHaveBeenCalledWith('blob:report', '_blank');
    const printed = await downloadedText(createObjectURL);
    expect(printed).toContain('<h1>Availability November 2026</h1>');
    expect(printed).toContain('<td>Gate</td><td>99.8727 %</td><td>55</td><td>2</td><td>40</td><td>missed</td>');
    createObjectURL.mockRestore();
    vi.unstubAllGlobals();
  });

  it('exports the report as a PDF through the desktop shell, named after its period', async () => {
    const printReport = vi.fn(() => Promise.resolve({ ok: true, value: { savedTo: '/home/op/Documents/availability-november-2026.pdf' } }));
    vi.stubGlobal('watchroom', { printReport });
    const transport = new FakeTransport({ 'reports.operationsReview': () => REVIEW, 'reports.availability': () => availability(99.9) });
    renderApp({ transport, page: 'reports' });
    const exportPdf = await screen.findByTestId('availability-export-print');
    expect(exportPdf.textContent).toBe('Export PDF');
    fireEvent.click(exportPdf);
    await waitFor(() => expect(printReport).toHaveBeenCalledOnce());
    expect(printReport).toHaveBeenCalledWith({ fileStem: 'availability-november-2026', html: expect.stringContaining('<td>Gate</td>') });
    fireEvent.click(screen.getByTestId('reports-tab-review'));
    fireEvent.click(await screen.findByTestId('review-export-print'));
    await waitFor(() => expect(printReport).toHaveBeenCalledTimes(2));
    expect(printReport).toHaveBeenLastCalledWith({
      fileStem: 'operations-review-2026-11',
      html: expect.stringContaining('<h1>Operations review November 2026</h1>'),
    });
    vi.unstubAllGlobals();
  });

  it('shows the monthly review with arrows against the month before: up in red when more is worse', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:review');
    const transport = new FakeTransport({ 'reports.operationsReview': () => REVIEW, 'reports.availability': () => availability(99.9) });
    renderApp({ transport, page: 'reports' });
    fireEvent.click(await screen.findByTestId('reports-tab-review'));
    const alerts = await screen.findByTestId('review-alerts-total');
    expect(transport.callsOf('reports.operationsReview')).toEqual([{ month: '2026-11' }]);
    expect(alerts.textContent).toBe('Alerts7 \u2191 up from (3)');
    expect(alerts.querySelector('.reports-trend')?.getAttribute('data-good')).toBe('false');
    expect(screen.getByTestId('review-backups-run').querySelector('.reports-trend')?.getAttribute('data-good')).toBe('true');
    expect(screen.getByTestId('review-monitor-m1').textContent).toContain('Gate (Depot North)');
    expect(screen.getByTestId('review-ack-median').textContent).toContain('90 s');
    expect(screen.getByTestId('review-security-type-failed-sign-in').textContent).toContain('Failed sign-ins2');
    expect(screen.getByTestId('review-severity-critical').textContent).toContain('Critical2');
    expect(screen.getByTestId('review-chain').textContent).toBe('Audit chain intact: 551 entries verified.');
    fireEvent.click(screen.getByTestId('review-export-md'));
    expect(await downloadedText(createObjectURL)).toContain('# Operations review November 2026');
    createObjectURL.mockRestore();
  });

  it('lets an admin set the default target and the e-mail channel the review goes to on the 1st', async () => {
    const email: Channel = {
      id: 'c-mail',
      name: 'Management mail',
      enabled: true,
      config: {
        kind: 'email',
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        username: null,
        password: null,
        from: 'watchroom@example.com',
        to: ['lead@example.com'],
        timeoutSeconds: 15,
      },
      ratePerMinute: 20,
      createdAt: NOW,
      updatedAt: NOW,
    };
    const transport = new FakeTransport({
      'reports.availability': () => availability(99.9),
      'channels.list': () => [email],
      'settings.set': (patch) => ({ ...TEST_SETTINGS, ...patch }),
    });
    renderApp({ transport, page: 'reports' });
    const channel = (await screen.findByTestId('report-settings-channel')) as HTMLSelectElement;
    await waitFor(() => expect(channel.options).toHaveLength(2));
    fireEvent.change(channel, { target: { value: 'c-mail' } });
    fireEvent.change(screen.getByTestId('report-settings-target'), { target: { value: '99.95' } });
    fireEvent.click(screen.getByTestId('report-settings-save'));
    await waitFor(() =>
      expect(transport.callsOf('settings.set')).toEqual([{ availabilityTargetPercent: 99.95, monthlyReviewChannelId: 'c-mail' }]),
    );
  });

  it('refuses a target outside 50 to 100 before asking core', async () => {
    const transport = new FakeTransport({ 'reports.availability': () => availability(99.9) });
    renderApp({ transport, page: 'reports' });
    fireEvent.change(await screen.findByTestId('report-settings-target'), { target: { value: '120' } });
    fireEvent.click(screen.getByTestId('report-settings-save'));
    expect((await screen.findByTestId('report-settings-error')).textContent).toContain('The target is a percentage from 50 to 100');
    expect(transport.callsOf('settings.set')).toEqual([]);
  });

  it('is disabled in the navigation for an operator, saying who may', async () => {
    renderApp({ transport: new FakeTransport({ 'app.whoami': () => personWhoAmI('operator') }), page: 'board' });
    const entry = screen.getByTestId('nav-reports');
    await waitFor(() => expect(entry.hasAttribute('disabled')).toBe(true));
    expect(entry.getAttribute('title')).toBe('Only a supervisor or above may do this; Ann Example is an operator');
  });
});
