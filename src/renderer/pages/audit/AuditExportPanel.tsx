import { useState, type ChangeEvent } from 'react';
import type { AuditExportCheck, AuditExportFormat } from '../../../shared/contract';
import { useAuditExport, useCheckAuditExport } from '../../api/audit-export-queries';
import { useCan } from '../../api/use-can';
import { CommandButton } from '../../components/CommandButton';
import { downloadText, readPickedFile } from '../../components/file-transfer';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const MEDIA_TYPES: Record<AuditExportFormat, string> = { csv: 'text/csv', jsonl: 'application/jsonl' };

function CheckOutcome({ check, fileName, timeZone }: { check: AuditExportCheck; fileName: string; timeZone: TimeZoneSetting }) {
  const period =
    check.from !== null && check.to !== null ? ` (${formatTimestamp(check.from, timeZone)} to ${formatTimestamp(check.to, timeZone)})` : '';
  if (check.ok) {
    return (
      <p className="verify-result verify-result--ok" role="status" data-testid="audit-check-result" data-ok="true">
        <span aria-hidden="true">✓ </span>
        {fileName} is intact: {plural(check.entries, 'entry', 'entries')}
        {check.firstSeq !== null ? `, ${check.firstSeq} to ${check.lastSeq}` : ''}
        {period}; {check.comparedWithConsole} compared with this console&apos;s own.
      </p>
    );
  }
  const unlisted = check.problemCount - check.problems.length;
  return (
    <div className="verify-outcome verify-result verify-result--broken" role="alert" data-testid="audit-check-result" data-ok="false">
      <p className="verify-outcome__title">
        <span aria-hidden="true">✕ </span>
        {fileName}: {plural(check.problemCount, 'break', 'breaks')}; the first: {check.problems[0]?.reason}
      </p>
      <ol className="verify-problems" data-testid="audit-check-problems">
        {check.problems.map((problem, index) => (
          <li key={index} data-seq={problem.seq ?? undefined} data-kind={problem.kind}>
            {problem.reason}
          </li>
        ))}
      </ol>
      {unlisted > 0 ? <p>…and {plural(unlisted, 'more break', 'more breaks')} after these.</p> : null}
    </div>
  );
}

/**
 * Exports the period of the filters above (all of the log when they set none) as CSV or JSON Lines,
 * and checks an export file: the same check `npm run audit:verify -- FILE` makes without the
 * console, then each entry against this console's own.
 */
export function AuditExportPanel({
  from,
  to,
  timeZone,
}: {
  from?: number | undefined;
  to?: number | undefined;
  timeZone: TimeZoneSetting;
}) {
  const [format, setFormat] = useState<AuditExportFormat>('csv');
  const exporter = useAuditExport();
  const checker = useCheckAuditExport();
  const canCheck = useCan('audit.checkExport');
  const [checked, setChecked] = useState<{ fileName: string; check: AuditExportCheck } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const exportPeriod = () =>
    exporter.mutate(
      { format, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) },
      { onSuccess: (file) => downloadText(file.text, file.fileName, MEDIA_TYPES[file.format]) },
    );
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = await readPickedFile(event);
    if (picked === null) return;
    setChecked(null);
    setReadError(picked.ok ? null : picked.problem);
    if (!picked.ok) return;
    checker.mutate(
      { fileName: picked.fileName, text: picked.text },
      { onSuccess: (check) => setChecked({ fileName: picked.fileName, check }) },
    );
  };

  return (
    <section className="panel audit-export" aria-labelledby="audit-export-title">
      <h3 id="audit-export-title" className="panel__title">
        Export and check
      </h3>
      <p className="muted">
        The period of the filters above ({from === undefined ? 'from the first entry' : `from ${formatTimestamp(from, timeZone)}`}
        {to === undefined ? ' to now' : ` to ${formatTimestamp(to, timeZone)}`}), every entry with its hash: anyone can check the file with{' '}
        <code>npm run audit:verify -- FILE</code>. The export is recorded in this log.
      </p>
      <div className="form-actions">
        <label>
          Format{' '}
          <select value={format} onChange={(event) => setFormat(event.target.value as AuditExportFormat)} data-testid="audit-export-format">
            <option value="csv">CSV</option>
            <option value="jsonl">JSON Lines</option>
          </select>
        </label>
        <CommandButton
          method="audit.export"
          className="button"
          onClick={exportPeriod}
          disabled={exporter.isPending}
          data-testid="audit-export"
        >
          <span aria-hidden="true">↓ </span>
          {exporter.isPending ? 'Exporting…' : 'Export'}
        </CommandButton>
        <label className="button file-button" aria-disabled={canCheck.allowed ? undefined : true} title={canCheck.control.title}>
          <span aria-hidden="true">✓ </span>
          {checker.isPending ? 'Checking…' : 'Check an export file…'}
          <input
            className="visually-hidden"
            type="file"
            accept=".csv,.jsonl,text/csv,application/jsonl"
            disabled={checker.isPending || !canCheck.allowed}
            aria-describedby={canCheck.control['aria-describedby']}
            onChange={(event) => void onFile(event)}
            data-testid="audit-check-file"
          />
          {canCheck.note}
        </label>
      </div>
      {exporter.isError ? (
        <p className="verify-result verify-result--broken" role="alert" data-testid="audit-export-error">
          Could not export: {exporter.error.message}
        </p>
      ) : null}
      {readError ? (
        <p className="verify-result verify-result--broken" role="alert">
          {readError}
        </p>
      ) : null}
      {checker.isError ? (
        <p className="verify-result verify-result--broken" role="alert" data-testid="audit-check-error">
          Could not check the file: {checker.error.message}
        </p>
      ) : null}
      {checked ? <CheckOutcome check={checked.check} fileName={checked.fileName} timeZone={timeZone} /> : null}
    </section>
  );
}
