import { useState, type ChangeEvent } from 'react';
import type { SopTemplate } from '../../../shared/contract';
import { useSopCommand } from '../../api/incident-queries';
import { ImportProblemList, readPickedFile } from '../../components/file-transfer';
import { Problem } from '../../components/Problem';
import { isTransportError, type FieldError } from '../../transport/transport';
import { useCan } from '../../api/use-can';

interface ImportRefusal {
  fileName: string;
  /** core's words: they name the file, the line and the field. */
  message: string;
  problems: readonly FieldError[];
}

/** A YAML template from a file the operator picks: its text goes to core, which saves it as the template's next version or refuses it whole. */
export function useSopImport(onImported: (template: SopTemplate, fileName: string) => void) {
  const importSop = useSopCommand('sops.import');
  const [refusal, setRefusal] = useState<ImportRefusal | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = await readPickedFile(event);
    if (picked === null) return;
    setRefusal(null);
    setReadError(picked.ok ? null : picked.problem);
    if (!picked.ok) return;
    const { fileName, text } = picked;
    importSop.mutate(
      { fileName, text },
      {
        onSuccess: (template) => onImported(template, fileName),
        onError: (error) => setRefusal({ fileName, message: error.message, problems: isTransportError(error) ? error.fields : [] }),
      },
    );
  };

  return { onFile, pending: importSop.isPending, refusal, readError };
}

type SopImportState = ReturnType<typeof useSopImport>;

export function SopImportButton({ state }: { state: SopImportState }) {
  const can = useCan('sops.import');
  return (
    <label className="button file-button" aria-disabled={can.allowed ? undefined : true} title={can.control.title}>
      <span aria-hidden="true">↑ </span>
      {state.pending ? 'Importing…' : 'Import YAML…'}
      <input
        className="visually-hidden"
        type="file"
        accept=".yaml,.yml,application/yaml,text/yaml"
        disabled={state.pending || !can.allowed}
        aria-describedby={can.control['aria-describedby']}
        onChange={(event) => void state.onFile(event)}
        data-testid="sop-import-file"
      />
      {can.note}
    </label>
  );
}

/** Why a file was refused, as core said it (core also says what stays in use: a new template has no earlier version). */
export function SopImportProblem({ state }: { state: SopImportState }) {
  if (state.readError !== null) return <Problem title={state.readError} testId="sop-import-error" />;
  const { refusal } = state;
  if (refusal === null) return null;
  return (
    <Problem title={`Not imported: ${refusal.fileName}`} testId="sop-import-error">
      <p>{refusal.message}</p>
      {/* A single problem is what the message says already; several are listed one a line. */}
      {refusal.problems.length > 1 ? <ImportProblemList problems={refusal.problems} itemTestId="sop-import-problem" /> : null}
    </Problem>
  );
}
