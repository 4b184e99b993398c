import { useState, type ChangeEvent } from 'react';
import type { ConfigDocument } from '../../../shared/contract';
import { useExportConfig, useMonitoringCommand } from '../../api/monitoring-queries';
import { downloadText, ImportProblemList, readPickedFile } from '../../components/file-transfer';
import { Problem } from '../../components/Problem';
import { isTransportError, type FieldError } from '../../transport/transport';

function downloadJson(document: ConfigDocument, fileName: string): void {
  downloadText(`${JSON.stringify(document, null, 2)}\n`, fileName, 'application/json');
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
        <ImportProblemList problems={outcome.problems} itemTestId="import-problem" />
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
    const picked = await readPickedFile(event);
    if (picked === null) return;
    setOutcome(null);
    setReadError(picked.ok ? null : picked.problem);
    if (!picked.ok) return;
    const { fileName, text } = picked;
    importConfig.mutate(
      { text },
      {
        onSuccess: (result) => setOutcome({ kind: 'imported', fileName, ...result }),
        onError: (error) => setOutcome({ kind: 'refused', fileName, message: error.message, problems: isTransportError(error) ? error.fields : [] }),
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
