import { useState, type FormEvent } from 'react';
import { SEVERITIES, type Alert, type Severity } from '../../../shared/contract';
import { useAlertHistory, type AlertHistoryFilter } from '../../api/audit-export-queries';
import { useRules } from '../../api/alert-config-queries';
import { useBoardSnapshot, useSites } from '../../api/monitoring-queries';
import { useBoardVersion, useMonitorStore } from '../../api/monitor-store-context';
import type { BoardEntry } from '../../api/monitor-store';
import { useEffectiveSettings } from '../../api/queries';
import { Problem } from '../../components/Problem';
import { formatTimestamp, TIME_TEXT_EXAMPLE, timeTextToEpoch, timeZoneLabel, type TimeZoneSetting } from '../../format/time';
import { QUEUE_STATE_LABEL } from './alert-format';

interface Draft {
  text: string;
  siteId: string;
  monitorId: string;
  severity: string;
  ruleId: string;
  ackBy: string;
  from: string;
  to: string;
}
const EMPTY: Draft = { text: '', siteId: '', monitorId: '', severity: '', ruleId: '', ackBy: '', from: '', to: '' };

/** The search as typed, or what is wrong with its period. Empty fields are no filter. */
export function historyFilterFromDraft(
  draft: Draft,
  timeZone: TimeZoneSetting,
): { ok: true; filter: AlertHistoryFilter } | { ok: false; message: string } {
  const filter: AlertHistoryFilter = {};
  if (draft.text.trim() !== '') filter.text = draft.text.trim();
  if (draft.siteId !== '') filter.siteId = draft.siteId;
  if (draft.monitorId !== '') filter.monitorId = draft.monitorId;
  if (draft.severity !== '') filter.severity = draft.severity as Severity;
  if (draft.ruleId !== '') filter.ruleId = draft.ruleId;
  if (draft.ackBy.trim() !== '') filter.ackBy = draft.ackBy.trim();
  for (const bound of ['from', 'to'] as const) {
    if (draft[bound] === '') continue;
    const at = timeTextToEpoch(draft[bound], timeZone, bound === 'from' ? 'start' : 'end');
    if (at === null) return { ok: false, message: `Enter a complete date and time, like ${TIME_TEXT_EXAMPLE} (24-hour)` };
    filter[bound] = at;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to)
    return { ok: false, message: '"To" must not be before "From"' };
  return { ok: true, filter };
}

function HistoryRow({ alert, timeZone }: { alert: Alert; timeZone: TimeZoneSetting }) {
  return (
    <tr data-testid="alert-history-row" data-alert-id={alert.id}>
      <td className="mono">{formatTimestamp(alert.firstSeenAt, timeZone)}</td>
      <td>
        <span className={`severity severity--${alert.severity}`}>{alert.severity}</span>
      </td>
      <td>{alert.summary}</td>
      <td>{alert.siteName ?? '—'}</td>
      <td>{alert.ruleName}</td>
      <td>{QUEUE_STATE_LABEL[alert.state as keyof typeof QUEUE_STATE_LABEL] ?? alert.state}</td>
      <td>{alert.ackBy ?? '—'}</td>
    </tr>
  );
}

/**
 * Every alert ever kept, newest first, searched by text, site, monitor, severity, rule, who
 * acknowledged and period; older pages by keyset. A page that read its budget before it filled
 * says how far back it searched, and "Search older" goes on from there.
 */
export function AlertHistory() {
  const { timeZone } = useEffectiveSettings();
  const sites = useSites();
  const rules = useRules();
  // The board's monitors (read once; kept current by its events) name the monitors to pick from.
  useBoardSnapshot();
  useBoardVersion();
  const monitorStore = useMonitorStore();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [applied, setApplied] = useState<AlertHistoryFilter>({});
  const [problem, setProblem] = useState<string | null>(null);
  const pages = useAlertHistory(applied, true);
  const alerts = pages.data?.pages.flatMap((page) => page.alerts) ?? [];
  const searchedBackTo = pages.data?.pages.at(-1)?.searchedBackTo ?? null;
  const monitors = monitorStore
    .orderedIds()
    .map((id) => monitorStore.getEntry(id))
    .filter((monitor): monitor is BoardEntry => monitor !== undefined && (draft.siteId === '' || monitor.siteId === draft.siteId));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = historyFilterFromDraft(draft, timeZone);
    setProblem(parsed.ok ? null : parsed.message);
    if (parsed.ok) setApplied(parsed.filter);
  };
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) => setDraft((current) => ({ ...current, [key]: event.target.value })),
  });

  return (
    <div className="alert-history" data-testid="alert-history">
      <form className="filter-bar" role="search" aria-label="Alert history" onSubmit={submit}>
        <label>
          Text <input type="search" {...field('text')} placeholder="summary, monitor, note…" data-testid="alert-history-text" />
        </label>
        <label>
          Site{' '}
          <select {...field('siteId')} data-testid="alert-history-site">
            <option value="">Any</option>
            {(sites.data ?? []).map((site) => (
              <option key={site.id} value={site.id}>
                {site.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Monitor{' '}
          <select {...field('monitorId')} data-testid="alert-history-monitor">
            <option value="">Any</option>
            {monitors.map((monitor) => (
              <option key={monitor.id} value={monitor.id}>
                {monitor.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity{' '}
          <select {...field('severity')} data-testid="alert-history-severity">
            <option value="">Any</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rule{' '}
          <select {...field('ruleId')} data-testid="alert-history-rule">
            <option value="">Any</option>
            {(rules.data ?? []).map((rule) => (
              <option key={rule.id} value={rule.id}>
                {rule.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Acknowledged by <input type="text" {...field('ackBy')} placeholder="name" data-testid="alert-history-ack-by" />
        </label>
        <label>
          From ({timeZoneLabel(timeZone)}){' '}
          <input type="text" {...field('from')} placeholder={TIME_TEXT_EXAMPLE} data-testid="alert-history-from" />
        </label>
        <label>
          To <input type="text" {...field('to')} placeholder={TIME_TEXT_EXAMPLE} data-testid="alert-history-to" />
        </label>
        <button type="submit" className="button button--primary" data-testid="alert-history-search">
          Search
        </button>
      </form>
      {problem ? <Problem title={`Not searched: ${problem}`} testId="alert-history-problem" /> : null}
      {pages.isError ? (
        <Problem title="Could not search the alert history" testId="alert-history-error">
          {pages.error.message}
        </Problem>
      ) : null}
      {pages.isPending ? (
        <p className="loading" role="status">
          Searching the alert history…
        </p>
      ) : null}
      {pages.isSuccess && alerts.length === 0 && !pages.hasNextPage ? (
        <p className="empty" data-testid="alert-history-empty">
          No alert in the history matches.
        </p>
      ) : null}
      {alerts.length > 0 ? (
        <table className="table" data-testid="alert-history-table">
          <thead>
            <tr>
              <th scope="col">First seen</th>
              <th scope="col">Severity</th>
              <th scope="col">Summary</th>
              <th scope="col">Site</th>
              <th scope="col">Rule</th>
              <th scope="col">State</th>
              <th scope="col">Acknowledged by</th>
            </tr>
          </thead>
          <tbody>
            {alerts.map((alert) => (
              <HistoryRow key={alert.id} alert={alert} timeZone={timeZone} />
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="load-more">
        {searchedBackTo !== null ? (
          <p className="muted" data-testid="alert-history-searched-back">
            Searched back to {formatTimestamp(searchedBackTo, timeZone)}.
          </p>
        ) : null}
        {pages.hasNextPage ? (
          <button
            type="button"
            className="button"
            onClick={() => void pages.fetchNextPage()}
            disabled={pages.isFetchingNextPage}
            data-testid="alert-history-older"
          >
            {pages.isFetchingNextPage ? 'Searching…' : searchedBackTo !== null ? 'Search older' : 'Load older'}
          </button>
        ) : alerts.length > 0 ? (
          <p className="muted" data-testid="alert-history-end">
            No older alerts.
          </p>
        ) : null}
      </div>
    </div>
  );
}
