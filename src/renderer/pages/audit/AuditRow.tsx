import { useState } from 'react';
import type { AuditEntry } from '../../../shared/contract';
import { summarizeChange } from '../../format/change-summary';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';

export const AUDIT_COLUMN_COUNT = 7;

function ResultBadge({ result }: { result: AuditEntry['result'] }) {
  return result === 'ok' ? (
    <span className="badge badge--outcome badge--ok">
      <span aria-hidden="true">✓ </span>OK
    </span>
  ) : (
    <span className="badge badge--outcome badge--error">
      <span aria-hidden="true">✕ </span>Failed
    </span>
  );
}

function JsonBlock({ value }: { value: unknown }) {
  return <pre className="json">{value === undefined ? '—' : JSON.stringify(value, null, 2)}</pre>;
}

/** "Ann Example at Desk 2"; entries written before the log named people show the id they recorded. */
export function actorLabel(entry: AuditEntry): string {
  const name = entry.actorName ?? entry.actor;
  return entry.seat ? `${name} at ${entry.seat}` : name;
}

function AuditActor({ entry }: { entry: AuditEntry }) {
  return (
    <>
      <span data-testid="audit-actor">{actorLabel(entry)}</span>
      {entry.authorizedBy ? (
        <span className="audit-row__authorized" data-testid="audit-authorized-by">
          authorized by {entry.authorizedBy.displayName}
        </span>
      ) : null}
    </>
  );
}

function AuditDetails({ entry, id }: { entry: AuditEntry; id: string }) {
  return (
    <tr className="audit-details" id={id}>
      <td colSpan={AUDIT_COLUMN_COUNT}>
        <dl className="audit-details__list">
          <dt>Entry</dt>
          <dd>#{entry.seq}</dd>
          <dt>User id</dt>
          <dd className="mono">
            {entry.actor}
            {entry.authorizedBy ? ` (authorized by ${entry.authorizedBy.id})` : ''}
          </dd>
          {entry.detail ? (
            <>
              <dt>Error</dt>
              <dd>{entry.detail}</dd>
            </>
          ) : null}
          <dt>Before</dt>
          <dd>
            <JsonBlock value={entry.before} />
          </dd>
          <dt>After</dt>
          <dd>
            <JsonBlock value={entry.after} />
          </dd>
          <dt>Hash</dt>
          <dd className="mono">{entry.hash}</dd>
        </dl>
      </td>
    </tr>
  );
}

export function AuditRow({ entry, timeZone }: { entry: AuditEntry; timeZone: TimeZoneSetting }) {
  const [expanded, setExpanded] = useState(false);
  const failed = entry.result === 'error';
  const summary = failed ? (entry.detail ?? '') : summarizeChange(entry.before, entry.after);
  const detailsId = `audit-details-${entry.seq}`;
  return (
    <>
      <tr
        className={failed ? 'audit-row audit-row--error' : 'audit-row'}
        data-testid="audit-row"
        data-seq={entry.seq}
        data-result={entry.result}
      >
        <td className="nowrap">{formatTimestamp(entry.at, timeZone)}</td>
        <td className="audit-row__actor">
          <AuditActor entry={entry} />
        </td>
        <td className="mono">{entry.action}</td>
        <td className="mono audit-row__target">{entry.target || '—'}</td>
        <td>
          <ResultBadge result={entry.result} />
        </td>
        <td className="audit-row__summary" title={summary}>
          {summary || '—'}
        </td>
        <td>
          <button
            type="button"
            className="button button--small"
            aria-expanded={expanded}
            aria-controls={expanded ? detailsId : undefined}
            onClick={() => setExpanded(!expanded)}
            aria-label={`${expanded ? 'Hide' : 'Show'} details of entry ${entry.seq}`}
          >
            {expanded ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {expanded ? <AuditDetails entry={entry} id={detailsId} /> : null}
    </>
  );
}
