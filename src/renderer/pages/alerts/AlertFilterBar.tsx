import { SEVERITIES, type Severity } from '../../../shared/contract';
import {
  EMPTY_ALERT_FILTERS,
  hasActiveAlertFilters,
  NO_OWNER,
  NO_SITE,
  QUEUE_STATES,
  type AlertQueue,
  type QueueState,
} from '../../../shared/domain/alert-queue';
import { useWhoAmI } from '../../api/queries';
import { SEVERITY_PRESENTATION } from '../../format/severity';
import { useViewStore } from '../../state/view-store';
import { ALERT_SEARCH_ID, NO_OWNER_OPTION, NO_SITE_OPTION, QUEUE_STATE_LABEL } from './alert-format';
import { FREE_TEXT_MAX } from '../../format/field-limits';

/** Filters apply as typed: they run in memory over the store, so there is nothing to wait for. */
export function AlertFilterBar({ sites }: { sites: AlertQueue['sites'] }) {
  const filters = useViewStore((state) => state.alertFilters);
  const setAlertFilters = useViewStore((state) => state.setAlertFilters);
  // "Mine" is the signed-in person's user id: a namesake's alerts are not mine.
  const me = useWhoAmI();
  return (
    <form
      className="filters board-filters alert-filters"
      role="search"
      aria-label="Filter alerts"
      onSubmit={(event) => event.preventDefault()}
    >
      <label className="field board-filters__search">
        <span className="field__label">
          Search <kbd className="key">/</kbd>
        </span>
        <input
          id={ALERT_SEARCH_ID}
          className="input"
          type="search"
          placeholder="Summary, subject, rule or site"
          value={filters.text}
          onChange={(event) => setAlertFilters({ text: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape' || event.key === 'Enter') event.currentTarget.blur();
          }}
          autoComplete="off"
          maxLength={FREE_TEXT_MAX}
          data-testid="alert-search"
        />
      </label>
      <label className="field">
        <span className="field__label">Severity</span>
        <select
          className="input"
          value={filters.severity ?? ''}
          onChange={(event) => setAlertFilters({ severity: (event.target.value || null) as Severity | null })}
          data-testid="alert-filter-severity"
        >
          <option value="">Every severity</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {SEVERITY_PRESENTATION[severity].label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">State</span>
        <select
          className="input"
          value={filters.state ?? ''}
          onChange={(event) => setAlertFilters({ state: (event.target.value || null) as QueueState | null })}
          data-testid="alert-filter-state"
        >
          <option value="">Every state</option>
          {QUEUE_STATES.map((state) => (
            <option key={state} value={state}>
              {QUEUE_STATE_LABEL[state]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Site</span>
        <select
          className="input"
          value={filters.siteId === null ? '' : filters.siteId === NO_SITE ? NO_SITE_OPTION : filters.siteId}
          onChange={(event) =>
            setAlertFilters({
              siteId: event.target.value === '' ? null : event.target.value === NO_SITE_OPTION ? NO_SITE : event.target.value,
            })
          }
          data-testid="alert-filter-site"
        >
          <option value="">Every site</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
          <option value={NO_SITE_OPTION}>No site</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">Owner</span>
        <select
          className="input"
          value={filters.ownerId === null ? '' : filters.ownerId === NO_OWNER ? NO_OWNER_OPTION : filters.ownerId}
          onChange={(event) =>
            setAlertFilters({
              ownerId: event.target.value === '' ? null : event.target.value === NO_OWNER_OPTION ? NO_OWNER : event.target.value,
            })
          }
          data-testid="alert-filter-owner"
        >
          <option value="">Anyone</option>
          {me !== null ? <option value={me.id}>Mine</option> : null}
          <option value={NO_OWNER_OPTION}>Nobody yet</option>
        </select>
      </label>
      {hasActiveAlertFilters(filters) ? (
        <button type="button" className="button" onClick={() => setAlertFilters(EMPTY_ALERT_FILTERS)} data-testid="alert-filter-clear">
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
