import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { incidentKeys } from '../../api/incident-queries';
import { useTransport } from '../../api/transport-context';
import { Problem } from '../../components/Problem';
import { failureText } from '../../format/incident';
import { printReportDocument } from '../../components/print-report';
import { downloadMarkdown } from './report-output';
import { CommandButton } from '../../components/CommandButton';

/** The report, read when first asked for; the incident's commands make it stale, so it stays current. */
function useIncidentReport(id: string, wanted: boolean) {
  const transport = useTransport();
  return useQuery({ queryKey: incidentKeys.report(id), queryFn: () => transport.call('incidents.report', { id }), enabled: wanted });
}

/** The post-incident report as Markdown (a download) and as printable HTML (a PDF from the print dialog). */
export function ReportExport({ incidentId }: { incidentId: string }) {
  const [wanted, setWanted] = useState(false);
  const report = useIncidentReport(incidentId, wanted);
  const [printProblem, setPrintProblem] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);

  const print = async () => {
    if (report.data === undefined) return;
    setPrintProblem(null);
    setPrinting(true);
    try {
      setPrintProblem(await printReportDocument(report.data));
    } catch (error) {
      setPrintProblem(failureText(error));
    } finally {
      setPrinting(false);
    }
  };

  return (
    <section className="panel report-export" aria-labelledby="report-title">
      <div className="panel__head">
        <h3 className="panel__title" id="report-title">
          Post-incident report
        </h3>
        {wanted ? null : (
          <CommandButton
            method="incidents.report"
            type="button"
            className="button button--small"
            onClick={() => setWanted(true)}
            data-testid="report-export"
          >
            Export report
          </CommandButton>
        )}
      </div>
      <p className="muted">
        Summary, priority, duration, impact, timeline, every SOP step with who, when and note, root cause, actions and lessons learned.
      </p>
      {wanted && report.isPending ? (
        <p className="loading" role="status">
          Writing the report…
        </p>
      ) : null}
      {report.isError ? (
        <Problem title="Could not write the report" testId="report-error">
          {report.error.message}{' '}
          <button type="button" className="button button--small" onClick={() => void report.refetch()}>
            Try again
          </button>
        </Problem>
      ) : null}
      {report.data !== undefined ? (
        <div className="report-export__buttons">
          <button
            type="button"
            className="button button--primary"
            onClick={() => downloadMarkdown(report.data)}
            data-testid="report-download-md"
          >
            Download Markdown
          </button>
          <button type="button" className="button" disabled={printing} onClick={() => void print()} data-testid="report-print">
            Print / Save as PDF
          </button>
          <span className="muted mono">{report.data.fileStem}</span>
        </div>
      ) : null}
      {printProblem !== null ? (
        <Problem title="Could not print the report" testId="report-print-error">
          {printProblem}
        </Problem>
      ) : null}
    </section>
  );
}
