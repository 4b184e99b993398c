import type { AuditVerifyResult } from '../../../shared/contract';
import { useVerifyChain } from '../../api/queries';

function VerifyOutcome({ result }: { result: AuditVerifyResult }) {
  if (result.ok) {
    return (
      <p className="verify-result verify-result--ok" role="status" data-testid="verify-result" data-ok="true">
        <span aria-hidden="true">✓ </span>
        Chain OK — {result.checked} {result.checked === 1 ? 'entry' : 'entries'} verified
      </p>
    );
  }
  return (
    <p className="verify-result verify-result--broken" role="alert" data-testid="verify-result" data-ok="false">
      <span aria-hidden="true">✕ </span>
      Chain broken at entry #{result.firstBrokenSeq}: {result.reason}
    </p>
  );
}

/** Recomputes the audit log's hash chain in core; a broken link means entries were changed or removed. */
export function VerifyChainPanel() {
  const verify = useVerifyChain();
  return (
    <div className="verify">
      <button type="button" className="button button--primary" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="audit-verify">
        {verify.isPending ? 'Verifying…' : 'Verify chain'}
      </button>
      {verify.isSuccess ? <VerifyOutcome result={verify.data} /> : null}
      {verify.isError ? (
        <p className="verify-result verify-result--broken" role="alert" data-testid="verify-result" data-ok="error">
          <span aria-hidden="true">⚠ </span>
          Could not verify the chain: {verify.error.message}
        </p>
      ) : null}
    </div>
  );
}
