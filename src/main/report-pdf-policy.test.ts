import { describe, expect, it } from 'vitest';
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
