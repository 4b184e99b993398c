import { describe, expect, it } from 'vitest';
import type { OperationsReview } from '../shared/contract';
import { reviewDocument } from '../shared/domain/report-documents';
import { reportDataUrl, reportPdfPlan } from './report-pdf-policy';

describe('printing a report to PDF', () => {
  it('offers the report name in the documents folder, printed on A4 with its colours', () => {
    const result = reportPdfPlan({ html: '<h1>INC-42</h1>', fileStem: 'INC-42-camera-down-2026-11-23' }, '/home/op/Documents');
    expect(result).toEqual({
      ok: true,
      plan: {
        defaultPath: '/home/op/Documents/INC-42-camera-down-2026-11-23.pdf',
        pdfOptions: { pageSize: 'A4', printBackground: true, landscape: false },
        html: '<h1>INC-42</h1>',
      },
    });
  });

  it('prints the monthly review like a handover or an incident report: its own name, A4', () => {
    const review: OperationsReview = {
      month: '2026-11',
      label: 'November 2026',
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 11, 1),
      previousMonth: '2026-10',
      previousLabel: 'October 2026',
      auditChain: { ok: true, checked: 3, problemCount: 0, firstProblem: null, verifiedAt: 0 },
      respond: { met: { value: 1, previous: 0 }, missed: { value: 0, previous: 0 }, open: 0 },
      resolve: { met: { value: 1, previous: 0 }, missed: { value: 0, previous: 0 }, open: 0 },
      incidents: { total: { value: 1, previous: 0 }, byPriority: [] },
      alerts: { total: { value: 0, previous: 0 }, bySeverity: [], byRule: [] },
      noisiestMonitors: [],
      acknowledgement: {
        acknowledged: { value: 0, previous: 0 },
        medianSeconds: { value: null, previous: null },
        p90Seconds: { value: null, previous: null },
      },
      backups: {
        run: { value: 0, previous: 0 },
        verified: { value: 0, previous: 0 },
        verifyFailed: { value: 0, previous: 0 },
        testRestored: { value: 2, previous: 1 },
      },
      security: { total: { value: 0, previous: 0 }, byType: [] },
    };
    const document = reviewDocument(review, { consoleName: 'Harbour', formatTime: (ms) => new Date(ms).toISOString(), now: 0 });
    const planned = reportPdfPlan(document, '/home/op/Documents');
    expect(planned.ok && planned.plan.defaultPath).toBe('/home/op/Documents/operations-review-2026-11.pdf');
    expect(planned.ok && planned.plan.html).toContain('<td>Jobs test-restored</td><td>2 \u2191 (1)</td>');
  });

  it('refuses a file name that could leave the documents folder, and a request that is not a report', () => {
    expect(reportPdfPlan({ html: '<p>x</p>', fileStem: '../../etc/passwd' }, '/docs')).toEqual({
      ok: false,
      message: 'Not a safe file name',
    });
    expect(reportPdfPlan({ html: '', fileStem: 'INC-1' }, '/docs').ok).toBe(false);
    expect(reportPdfPlan('print me', '/docs').ok).toBe(false);
  });

  it('loads the HTML as data, so nothing is fetched or written to print it', () => {
    expect(reportDataUrl('<p>50% done & #1</p>')).toBe('data:text/html;charset=utf-8,%3Cp%3E50%25%20done%20%26%20%231%3C%2Fp%3E');
  });
});
