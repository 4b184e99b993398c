import { useQuery } from '@tanstack/react-query';
import type { RetentionKindState, RetentionOverview } from '../../../shared/contract';
import { useEffectiveSettings } from '../../api/queries';
import { useTransport } from '../../api/transport-context';
import { useCan } from '../../api/use-can';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { formatBytes } from '../../format/quantities';
import { formatTimestamp, type TimeZoneSetting } from '../../format/time';
import { useViewStore } from '../../state/view-store';

/** Audit entries (security events among them) are written to an archive before they are deleted; verification reads it. */
const ARCHIVED_FIRST: ReadonlySet<RetentionKindState['kind']> = new Set(['audit-log', 'security-events']);

const count = (value: number) => value.toLocaleString('en-GB');

function keptFor(days: number): string {
  return days % 365 === 0 && days >= 365 ? `${days / 365} ${days === 365 ? 'year' : 'years'} (${count(days)} days)` : `${count(days)} days`;
}

function Row({ state, timeZone }: { state: RetentionKindState; timeZone: TimeZoneSetting }) {
  return (
    <tr data-testid={`retention-${state.kind}`} data-kind={state.kind}>
      <th scope="row">{state.label}</th>
      <td>{keptFor(state.keepDays)}</td>
      <td data-testid="retention-rows">{state.rows === null ? '—' : count(state.rows)}</td>
      <td>{formatBytes(state.bytes)}</td>
      <td data-testid="retention-next">
        {state.notPrunedBecause !== null ? (
          <span className="muted">{state.notPrunedBecause}</span>
        ) : state.nextPruneRows === 0 ? (
          'Nothing'
        ) : (
          `${count(state.nextPruneRows ?? 0)} ${state.kind === 'log-file' ? 'lines ' : ''}older than ${formatTimestamp(state.cutoffAt, timeZone)}${
            ARCHIVED_FIRST.has(state.kind) ? ', archived first (encrypted, verifiable)' : ''
          }`
        )}
      </td>
    </tr>
  );
}

function RetentionTable({ overview, timeZone }: { overview: RetentionOverview; timeZone: TimeZoneSetting }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Retention by kind of data" data-testid="retention-table">
        <thead>
          <tr>
            <th scope="col">Data</th>
            <th scope="col">Kept for</th>
            <th scope="col">Rows</th>
            <th scope="col">Size (approx.)</th>
            <th scope="col">Next prune removes (dry run)</th>
          </tr>
        </thead>
        <tbody>
          {overview.kinds.map((state) => (
            <Row key={state.kind} state={state} timeZone={timeZone} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Retention (issue 15): one policy per kind of data, what each holds, and what the next prune
 * removes, counted by the same rule the prune deletes with. A supervisor reads it; an admin
 * changes the policies in Settings.
 */
export function RetentionPage() {
  const transport = useTransport();
  const { timeZone } = useEffectiveSettings();
  const showPage = useViewStore((state) => state.showPage);
  const canEdit = useCan('settings.set');
  const overview = useQuery({ queryKey: ['retention.overview'], queryFn: () => transport.call('retention.overview', undefined) });
  return (
    <section aria-labelledby="retention-title" data-testid="page-retention">
      <PageHeading id="retention-title" title="Retention">
        {canEdit.allowed ? (
          <button type="button" className="button button--small" onClick={() => showPage('settings')} data-testid="retention-edit">
            Change the policies in Settings
          </button>
        ) : null}
      </PageHeading>
      {overview.isError ? <Problem title={`Could not read the retention: ${overview.error.message}`} testId="retention-error" /> : null}
      {overview.isPending ? (
        <p className="loading" role="status">
          Counting what each kind of data holds…
        </p>
      ) : null}
      {overview.data ? (
        <>
          <p className="muted">
            As of {formatTimestamp(overview.data.at, timeZone)}. Probe history is pruned every 10 minutes, resolved alerts and incidents
            every hour.
          </p>
          {overview.data.retiredMonitors > 0 ? (
            <p data-testid="retention-retired">
              The counts include the history of {count(overview.data.retiredMonitors)} retired{' '}
              {overview.data.retiredMonitors === 1 ? 'monitor' : 'monitors'}, kept until retention removes it or an admin purges it (Sites,
              Retired monitors).
            </p>
          ) : null}
          {overview.data.expiringRetiredMonitors.length > 0 ? (
            <p data-testid="retention-retired-expiring">
              The next prune removes {overview.data.expiringRetiredMonitors.length === 1 ? 'a retired monitor' : 'retired monitors'} whose
              history has all expired, recorded in the audit log as purged by the system:{' '}
              {overview.data.expiringRetiredMonitors
                .map(
                  (monitor) =>
                    `${monitor.name} (${monitor.siteName || 'no site'}, retired ${formatTimestamp(monitor.retiredAt, timeZone)})`,
                )
                .join('; ')}
              .
            </p>
          ) : null}
          <RetentionTable overview={overview.data} timeZone={timeZone} />
        </>
      ) : null}
    </section>
  );
}
