import type { Severity } from '../../shared/contract';
import { SEVERITY_PRESENTATION } from '../format/severity';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { label, symbol } = SEVERITY_PRESENTATION[severity];
  return (
    <span className={`badge badge--severity badge--${severity}`} data-testid="alert-severity">
      <span className="badge__symbol" aria-hidden="true">
        {symbol}
      </span>
      {label}
    </span>
  );
}
