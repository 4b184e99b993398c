import { useRef, useState, type ChangeEvent } from 'react';
import type { ConfigExport } from '../../../shared/contract';
import { useExportConfig, useMonitoringCommand } from '../../api/monitoring-queries';
import { downloadText, ImportProblemList, readPickedFile } from '../../components/file-transfer';
import { FormField } from '../../components/FormField';
import { KeyboardDialog } from '../../components/KeyboardDialog';
import { Problem } from '../../components/Problem';
import { isTransportError, type FieldError } from '../../transport/transport';
import { CommandButton } from '../../components/CommandButton';
import { useCan } from '../../api/use-can';

const MIN_PASSPHRASE = 12;

function downloadJson(document: ConfigExport, fileName: string): void {
  downloadText(`${JSON.stringify(document, null, 2)}\n`, fileName, 'application/json');
}

function exportFileName(now: Date, encrypted: boolean): string {
  return `watchroom-config-${now.toISOString().slice(0, 10)}${encrypted ? '.encrypted' : ''}.json`;
}

/** Whether a picked file is an export with secrets, which needs its passphrase to be imported. */
function isEncryptedExport(text: string): boolean {
  try {
    const json = JSON.parse(text) as unknown;
    return json !== null && typeof json === 'object' && (json as { format?: unknown }).format === 'watchroom-config-encrypted';
  } catch {
    return false;
  }
}

function passphraseError(error: Error): string | undefined {
  return isTransportError(error) ? error.fields.find((field) => field.path === 'passphrase')?.message : undefined;
}

/**
 * What to export: secrets left out (shown as •••• in the file), or included and encrypted with a
 * passphrase typed twice. The passphrase lives only in this dialog's state.
 */
function ExportDialog({ onClose }: { onClose: () => void }) {
  const exportConfig = useExportConfig();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const tooShort = includeSecrets && passphrase.length < MIN_PASSPHRASE;
  const differs = includeSecrets && confirm !== passphrase;
  const submit = () => {
    exportConfig.mutate(includeSecrets ? { includeSecrets: true, passphrase } : { includeSecrets: false }, {
      onSuccess: (document) => {
        downloadJson(document, exportFileName(new Date(), includeSecrets));
        onClose();
      },
    });
  };
  return (
    <KeyboardDialog
      title="Export the configuration"
      testIdPrefix="config-export"
      submitLabel={exportConfig.isPending ? 'Exporting…' : 'Export'}
      canSubmit={!tooShort && !differs}
      pending={exportConfig.isPending}
      error={exportConfig.isError ? exportConfig.error.message : null}
      onSubmit={submit}
      onCancel={onClose}
    >
      <label className="check">
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(e) => {
            setIncludeSecrets(e.target.checked);
            setPassphrase('');
            setConfirm('');
          }}
          data-testid="config-export-include-secrets"
        />
        Include secrets (asks for a passphrase)
      </label>
      <p className="form-row__hint" data-testid="config-export-secrets-hint">
        {includeSecrets
          ? 'Passwords in addresses and header values go into the file, which is encrypted with this passphrase: importing it asks for the passphrase, and without it the file cannot be opened.'
          : 'Passwords in addresses and header values are left out and shown as ••••: before such a monitor can be imported, its real values must be typed into the file.'}
      </p>
      {includeSecrets ? (
        <>
          <FormField
            field="passphrase"
            id="config-export-passphrase"
            label="Passphrase"
            hint={`At least ${MIN_PASSPHRASE} characters.`}
            error={passphrase !== '' && tooShort ? `At least ${MIN_PASSPHRASE} characters` : undefined}
          >
            {(a) => (
              <input
                {...a}
                className="input"
                type="password"
                autoComplete="new-password"
                maxLength={1000}
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
                data-testid="config-export-passphrase"
              />
            )}
          </FormField>
          <FormField
            field="passphraseConfirm"
            id="config-export-passphrase-confirm"
            label="Type it again"
            error={confirm !== '' && differs ? 'The two passphrases differ' : undefined}
          >
            {(a) => (
              <input
                {...a}
                className="input"
                type="password"
                autoComplete="new-password"
                maxLength={1000}
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
                data-testid="config-export-passphrase-confirm"
              />
            )}
          </FormField>
        </>
      ) : null}
    </KeyboardDialog>
  );
}

/** An encrypted file waits here for its passphrase; a wrong one is said beside the field and the file is kept for another try. */
function ImportPassphraseDialog({
  fileName,
  error,
  pending,
  onSubmit,
  onCancel,
}: {
  fileName: string;
  error: string | undefined;
  pending: boolean;
  onSubmit: (passphrase: string) => void;
  onCancel: () => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const field = useRef<HTMLInputElement>(null);
  return (
    <KeyboardDialog
      title="Passphrase of the file"
      testIdPrefix="config-import-passphrase"
      subject={`${fileName} was exported with its secrets, encrypted with a passphrase.`}
      submitLabel={pending ? 'Importing…' : 'Import'}
      canSubmit={passphrase !== ''}
      pending={pending}
      error={null}
      onSubmit={() => onSubmit(passphrase)}
      onCancel={onCancel}
      initialFocus={field}
    >
      <FormField field="passphrase" id="config-import-passphrase" label="Passphrase" error={error}>
        {(a) => (
          <input
            {...a}
            ref={field}
            className="input"
            type="password"
            autoComplete="off"
            maxLength={1000}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            data-testid="config-import-passphrase"
          />
        )}
      </FormField>
    </KeyboardDialog>
  );
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
      {outcome.problems.length > 0 ? <ImportProblemList problems={outcome.problems} itemTestId="import-problem" /> : null}
    </div>
  );
}

/** Export every site and monitor as one JSON file; import one, all of it or nothing. */
export function ConfigTransfer() {
  const importConfig = useMonitoringCommand('config.import');
  const [exporting, setExporting] = useState(false);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [encrypted, setEncrypted] = useState<{ fileName: string; text: string; error: string | undefined } | null>(null);

  const runImport = (fileName: string, text: string, passphrase?: string) => {
    importConfig.mutate(
      { text, ...(passphrase === undefined ? {} : { passphrase }) },
      {
        onSuccess: (result) => {
          setEncrypted(null);
          setOutcome({ kind: 'imported', fileName, ...result });
        },
        onError: (error) => {
          const wrongPassphrase = passphrase === undefined ? undefined : passphraseError(error);
          if (wrongPassphrase !== undefined) {
            setEncrypted({ fileName, text, error: wrongPassphrase });
            return;
          }
          setEncrypted(null);
          setOutcome({ kind: 'refused', fileName, message: error.message, problems: isTransportError(error) ? error.fields : [] });
        },
      },
    );
  };

  const canImport = useCan('config.import');
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = await readPickedFile(event);
    if (picked === null) return;
    setOutcome(null);
    setReadError(picked.ok ? null : picked.problem);
    if (!picked.ok) return;
    if (isEncryptedExport(picked.text)) setEncrypted({ fileName: picked.fileName, text: picked.text, error: undefined });
    else runImport(picked.fileName, picked.text);
  };

  return (
    <section className="panel config-transfer" aria-labelledby="config-title">
      <h3 id="config-title" className="panel__title">
        Configuration file
      </h3>
      <p className="muted">Every site and monitor as JSON: to copy a setup to another console, or to keep it under version control.</p>
      <div className="form-actions">
        <CommandButton
          method="config.export"
          type="button"
          className="button"
          onClick={() => setExporting(true)}
          data-testid="config-export"
        >
          <span aria-hidden="true">↓ </span>
          Export to a file…
        </CommandButton>
        <label className="button file-button" aria-disabled={canImport.allowed ? undefined : true} title={canImport.control.title}>
          <span aria-hidden="true">↑ </span>
          {importConfig.isPending ? 'Importing…' : 'Import from a file…'}
          <input
            className="visually-hidden"
            type="file"
            accept="application/json,.json"
            disabled={importConfig.isPending || !canImport.allowed}
            aria-describedby={canImport.control['aria-describedby']}
            onChange={(event) => void onFile(event)}
            data-testid="config-import-file"
          />
          {canImport.note}
        </label>
      </div>
      {exporting ? <ExportDialog onClose={() => setExporting(false)} /> : null}
      {encrypted ? (
        <ImportPassphraseDialog
          fileName={encrypted.fileName}
          error={encrypted.error}
          pending={importConfig.isPending}
          onSubmit={(passphrase) => runImport(encrypted.fileName, encrypted.text, passphrase)}
          onCancel={() => setEncrypted(null)}
        />
      ) : null}
      {readError ? <Problem title={readError} /> : null}
      {outcome?.kind === 'imported' ? (
        <p className="saved" role="status" data-testid="import-result">
          <span aria-hidden="true">✓ </span>Imported {outcome.sites} site{outcome.sites === 1 ? '' : 's'} and {outcome.monitors} monitor
          {outcome.monitors === 1 ? '' : 's'} from {outcome.fileName}.
        </p>
      ) : null}
      {outcome?.kind === 'refused' ? <ImportProblems outcome={outcome} /> : null}
    </section>
  );
}
