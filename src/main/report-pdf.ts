/** The shell's part of a post-incident report: print its HTML to a PDF the operator saves. */
import { writeFile } from 'node:fs/promises';
import { app, BrowserWindow, dialog } from 'electron';
import type { Envelope, PrintReportResult } from '../shared/contract';
import { reportDataUrl, reportPdfPlan } from './report-pdf-policy';

export async function printReportToPdf(owner: BrowserWindow | null, request: unknown): Promise<Envelope<PrintReportResult>> {
  const planned = reportPdfPlan(request, app.getPath('documents'));
  if (!planned.ok) return { ok: false, error: { code: 'invalid_input', message: planned.message } };
  const { plan } = planned;
  const printer = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true } });
  try {
    await printer.loadURL(reportDataUrl(plan.html));
    const pdf = await printer.webContents.printToPDF(plan.pdfOptions);
    const options = { defaultPath: plan.defaultPath, filters: [{ name: 'PDF', extensions: ['pdf'] }] };
    const choice = await (owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options));
    if (choice.canceled || !choice.filePath) return { ok: true, value: { savedTo: null } };
    await writeFile(choice.filePath, pdf);
    return { ok: true, value: { savedTo: choice.filePath } };
  } catch (error) {
    return {
      ok: false,
      error: { code: 'internal', message: `The report could not be printed: ${error instanceof Error ? error.message : String(error)}` },
    };
  } finally {
    printer.destroy();
  }
}
