import type { PrintReportRequest, WatchroomBridge } from '../../shared/contract';

/** The Electron shell's bridge, which prints the HTML to a PDF the operator saves; absent in a browser. */
export function shellBridge(): WatchroomBridge | null {
  return (window as { watchroom?: WatchroomBridge }).watchroom ?? null;
}

/**
 * Prints a report: through the shell when it can (Electron opens no windows of its own), else in
 * a new browser window that prints itself once loaded. Resolves with why it could not, or null.
 */
export async function printReportDocument(report: PrintReportRequest): Promise<string | null> {
  const bridge = shellBridge();
  if (bridge !== null) {
    const printed = await bridge.printReport({ html: report.html, fileStem: report.fileStem });
    return printed.ok ? null : printed.error.message;
  }
  const url = URL.createObjectURL(new Blob([report.html], { type: 'text/html;charset=utf-8' }));
  const printWindow = window.open(url, '_blank');
  if (printWindow === null) {
    URL.revokeObjectURL(url);
    return 'The browser did not open the report window. Allow pop-ups for the console, or download the Markdown instead.';
  }
  printWindow.addEventListener(
    'load',
    () => {
      printWindow.print();
      URL.revokeObjectURL(url);
    },
    { once: true },
  );
  return null;
}
