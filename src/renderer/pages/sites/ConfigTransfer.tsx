import { useState, type ChangeEvent } from 'react';
import type { ConfigDocument } from '../../../shared/contract';
import { useExportConfig, useMonitoringCommand } from '../../api/monitoring-queries';
import { Problem } from '../../components/Problem';
import { isTransportError, type FieldError } from '../../transport/transport';

/** Hands the document to the browser as a download; the renderer never writes a file itself. */
function downloadJson(document: ConfigDocument, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = window.document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next turn: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function exportFileName(now: Date): string {
  return `watchroom-config-${now.toISOString().slice(0, 10)}.json`;
}

type ImportOutcome =
  | { kind: 'imported'; fileName: string; sites: number; monitors: number }
  | { kind: 'refused'; fileName: string; message: string; problems: readonly FieldError[] };

function ImportProblems({ outcome }: { outcome: Extract<ImportOutcome, { kind: 'refused' }> }) {
  return (
    <div className="problem import-problems" role="alert" data-testid="import-problems">
      <strong className="problem__title">
        <span aria-hidden="true">⚠ </span>Nothing was imported from {outcome.fileName}
      </strong>
      <p className="problem__detail">
        {outcome.problems.length === 0
          ? outcome.message
          : `Fix ${outcome.problems.length === 1 ? 'this problem' : `these ${outcome.problems.length} problems`} in the file and import it again; it is all or nothing.`}
      </p>
      {outcome.problems.length > 0 ? (
        <ol className="import-problems__list">
          {outcome.problems.map((problem, index) => (
            <li key={`${index}-${problem.path}`} data-testid="import-problem" data-line={problem.line ?? undefined}>
              <span className="import-problems__line">{problem.line === undefined ? 'File' : `Line ${problem.line}`}</span>
              {problem.path ? <code className="mono">{problem.path}</code> : null}
              <span>{problem.message}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** Export every site and monitor as one JSON file; import one, all of it or nothing. */
export function ConfigTransfer() {
  const exportConfig = useExportConfig();
  const importConfig = useMonitoringCommand('config.import');
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so choosing the same (corrected) file again still fires a change.
    event.target.value = '';
    if (!file) return;
    setOutcome(null);
    setReadError(null);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setReadError(`Could not read ${file.name}. Choose the file again.`);
      return;
    }
    importConfig.mutate(
      { text },
      {
        onSuccess: (result) => setOutcome({ kind: 'imported', fileName: file.name, ...result }),
        onError: (error) =>
          setOutcome({ kind: 'refused', fileName: file.name, message: error.message, problems: isTransportError(error) ? error.fields : [] }),
      },
    );
  };

  return (
    <section className="panel config-transfer" aria-labelledby="config-title">
      <h3 id="config-title" className="panel__title">
        Configuration file
      </h3>
      <p className="muted">Every site and monitor as JSON: to copy a setup to another console, or to keep it under version control.</p>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={exportConfig.isPending}
          onClick={() => exportConfig.mutate(undefined, { onSuccess: (document) => downloadJson(document, exportFileName(new Date())) })}
          data-testid="config-export"
        >
          <span aria-hidden="true">↓ </span>
          {exportConfig.isPending ? 'Exporting…' : 'Export to a file'}
        </button>
        <label className="button file-button">
          <span aria-hidden="true">↑ </span>
          {importConfig.isPending ? 'Importing…' : 'Import from a file…'}
          <input
            className="visually-hidden"
            type="file"
            accept="application/json,.json"
            disabled={importConfig.isPending}
            onChange={(event) => void onFile(event)}
            data-testid="config-import-file"
          />
        </label>
      </div>
      {exportConfig.isError ? <Problem title={`Not exported: ${exportConfig.error.message}`} /> : null}
      {readError ? <Problem title={readError} /> : null}
      {outcome?.kind === 'imported' ? (
        <p className="saved" role="status" data-testid="import-result">
          <span aria-hidden="true">✓ </span>Imported {outcome.sites} site{outcome.sites === 1 ? '' : 's'} and {outcome.monitors} monitor{outcome.monitors === 1 ? '' : 's'} from {outcome.fileName}.
        </p>
      ) : null}
      {outcome?.kind === 'refused' ? <ImportProblems outcome={outcome} /> : null}
    </section>
  );
}
