import type { MonitorStatus } from '../../../shared/contract';
import { STATUS_SEVERITY } from '../../../shared/domain/monitor-status';
import { useBoardVersion, useMonitorStore } from '../../api/monitor-store-context';
import { STATUS_PRESENTATION } from '../../format/monitor-status';
import { EMPTY_BOARD_FILTERS, useViewStore, type BoardOrder } from '../../state/view-store';
import { hasActiveFilters } from './visible-monitors';
import { FREE_TEXT_MAX } from '../../format/field-limits';

export const BOARD_SEARCH_ID = 'board-search';

/** Status checkboxes with how many monitors are in each, worst first. */
function StatusFilter() {
  const store = useMonitorStore();
  useBoardVersion();
  const counts = store.counts();
  const selected = useViewStore((state) => state.boardFilters.statuses);
  const setBoardFilters = useViewStore((state) => state.setBoardFilters);
  const toggle = (status: MonitorStatus, on: boolean) =>
    setBoardFilters({
      statuses: on ? STATUS_SEVERITY.filter((s) => s === status || selected.includes(s)) : selected.filter((s) => s !== status),
    });
  return (
    <fieldset className="status-filter" data-testid="board-filter-status">
      <legend className="field__label status-filter__legend">Status</legend>
      {STATUS_SEVERITY.map((status) => (
        <label key={status} className={`status-chip status-chip--${status}`} data-status={status}>
          <input
            type="checkbox"
            value={status}
            checked={selected.includes(status)}
            onChange={(event) => toggle(status, event.target.checked)}
          />
          <span aria-hidden="true" className="status-chip__symbol">
            {STATUS_PRESENTATION[status].symbol}
          </span>
          {STATUS_PRESENTATION[status].label}
          <span className="status-chip__count">{counts[status]}</span>
        </label>
      ))}
    </fieldset>
  );
}

function SiteAndTagFilters() {
  const store = useMonitorStore();
  useBoardVersion();
  const { siteId, tag } = useViewStore((state) => state.boardFilters);
  const setBoardFilters = useViewStore((state) => state.setBoardFilters);
  const tags = store.tags();
  return (
    <>
      <label className="field">
        <span className="field__label">Site</span>
        <select
          className="input"
          value={siteId ?? ''}
          onChange={(e) => setBoardFilters({ siteId: e.target.value || null })}
          data-testid="board-filter-site"
        >
          <option value="">All sites</option>
          {store.siteIds().map((id) => (
            <option key={id} value={id}>
              {store.getSite(id)?.name ?? id}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Tag</span>
        <select
          className="input"
          value={tag ?? ''}
          onChange={(e) => setBoardFilters({ tag: e.target.value || null })}
          data-testid="board-filter-tag"
        >
          <option value="">Any tag</option>
          {tags.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** Filters apply as typed: they run in memory over the store, so there is nothing to wait for. */
export function BoardFilterBar() {
  const filters = useViewStore((state) => state.boardFilters);
  const setBoardFilters = useViewStore((state) => state.setBoardFilters);
  return (
    <form className="filters board-filters" role="search" aria-label="Filter monitors" onSubmit={(event) => event.preventDefault()}>
      <label className="field board-filters__search">
        <span className="field__label">
          Search <kbd className="key">/</kbd>
        </span>
        <input
          id={BOARD_SEARCH_ID}
          className="input"
          type="search"
          placeholder="Monitor name or target"
          maxLength={FREE_TEXT_MAX}
          value={filters.text}
          onChange={(e) => setBoardFilters({ text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
          autoComplete="off"
          data-testid="board-filter-text"
        />
      </label>
      <SiteAndTagFilters />
      <label className="field">
        <span className="field__label">Order</span>
        <select
          className="input"
          value={filters.order}
          onChange={(e) => setBoardFilters({ order: e.target.value as BoardOrder })}
          data-testid="board-order"
        >
          <option value="problems-first">Problems first</option>
          <option value="site-name">Site, then name</option>
        </select>
      </label>
      {hasActiveFilters(filters) ? (
        <button
          type="button"
          className="button"
          onClick={() => setBoardFilters({ ...EMPTY_BOARD_FILTERS, order: filters.order })}
          data-testid="board-filter-clear"
        >
          Clear filters
        </button>
      ) : null}
      <StatusFilter />
    </form>
  );
}
