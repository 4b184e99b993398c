import type { AuditAnchor, AuditVerifyResult } from '../../../shared/contract';
import { useEffectiveSettings, useVerifyChain } from '../../api/queries';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

function anchorName(anchor: AuditAnchor, timeZone: TimeZoneSetting): string {
  const when = formatTimestamp(anchor.at, timeZone);
  return anchor.source === 'log' ? `the core log's record of ${when}` : `the backup made ${when}`;
}

/** What the head was compared with: an anchor, or why truncation could not be checked. */
function AnchorLine({ result, timeZone }: { result: AuditVerifyResult; timeZone: TimeZoneSetting }) {
  const anchor = result.newestAnchor;
  return (
    <p className="verify-anchor muted" data-testid="verify-anchor">
      {anchor
        ? `Compared with ${plural(result.anchorsChecked, 'recorded head', 'recorded heads')}; the newest is ${anchorName(anchor, timeZone)} (entry ${anchor.seq}).`
        : 'No recorded head to compare with yet: deleted newest entries cannot be noticed until the log or a backup has recorded the head.'}
    </p>
  );
}

function VerifyOutcome({ result, timeZone }: { result: AuditVerifyResult; timeZone: TimeZoneSetting }) {
  const notes =
    result.notes.length > 0 ? (
      <ul className="verify-notes muted" data-testid="verify-notes">
        {result.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    ) : null;
  if (result.ok) {
    return (
      <div className="verify-outcome">
        <p className="verify-result verify-result--ok" role="status" data-testid="verify-result" data-ok="true">
          <span aria-hidden="true">✓ </span>
          Chain OK — {plural(result.checked, 'entry', 'entries')} verified
        </p>
        <AnchorLine result={result} timeZone={timeZone} />
        {notes}
      </div>
    );
  }
  const unlisted = result.problemCount - result.problems.length;
  return (
    <div className="verify-outcome verify-result verify-result--broken" role="alert" data-testid="verify-result" data-ok="false">
      <p className="verify-outcome__title">
        <span aria-hidden="true">✕ </span>
        {plural(result.problemCount, 'problem', 'problems')} in the audit chain ({plural(result.checked, 'entry', 'entries')} checked)
      </p>
      <ol className="verify-problems" data-testid="verify-problems">
        {result.problems.map((problem, index) => (
          <li key={index} data-seq={problem.seq} data-kind={problem.kind}>
            {problem.reason}
          </li>
        ))}
      </ol>
      {unlisted > 0 ? <p data-testid="verify-unlisted">…and {plural(unlisted, 'more problem', 'more problems')} after these.</p> : null}
      <p className="verify-advice" data-testid="verify-advice">
        What to do: change nothing in the console&apos;s data folder. Copy watchroom.db, watchroom.log and the newest backups somewhere safe
        as evidence and tell whoever is responsible for this console&apos;s security. To read what the entries said, restore a backup made
        before the first problem into a separate folder and compare its audit log.
      </p>
      <AnchorLine result={result} timeZone={timeZone} />
      {notes}
    </div>
  );
}

/** Recomputes the audit log's hash chain in core and compares its head with the recorded ones. */
export function VerifyChainPanel() {
  const verify = useVerifyChain();
  const { timeZone } = useEffectiveSettings();
  return (
    <div className="verify">
      <button
        type="button"
        className="button button--primary"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
        data-testid="audit-verify"
      >
        {verify.isPending ? 'Verifying…' : 'Verify chain'}
      </button>
      {verify.isSuccess ? <VerifyOutcome result={verify.data} timeZone={timeZone} /> : null}
      {verify.isError ? (
        <p className="verify-result verify-result--broken" role="alert" data-testid="verify-result" data-ok="error">
          <span aria-hidden="true">⚠ </span>
          Could not verify the chain: {verify.error.message}
        </p>
      ) : null}
    </div>
  );
}
