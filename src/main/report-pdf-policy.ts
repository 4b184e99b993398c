import { join } from 'node:path';
import { PrintReportRequest } from '../shared/contract';

export interface ReportPdfPlan {
  /** Where the save dialog starts: the documents folder, named after the report. */
  defaultPath: string;
  /** For webContents.printToPDF: A4 as the report's print CSS expects, with its background colours. */
  pdfOptions: { pageSize: 'A4'; printBackground: true; landscape: false };
  html: string;
}

/** What main does with a print request from the renderer: checked like any input, or refused with why. */
export function reportPdfPlan(request: unknown, documentsDir: string): { ok: true; plan: ReportPdfPlan } | { ok: false; message: string } {
  const parsed = PrintReportRequest.safeParse(request);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Not a report this console can print' };
  return {
    ok: true,
    plan: {
      defaultPath: join(documentsDir, `${parsed.data.fileStem}.pdf`),
      pdfOptions: { pageSize: 'A4', printBackground: true, landscape: false },
      html: parsed.data.html,
    },
  };
}

/**
 * The report is loaded as a data: URL in a hidden window with scripts off: it is our own HTML
 * (every value escaped), but printing it must not be able to run anything either way.
 */
export function reportDataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
