import { Fragment, memo, useCallback, useMemo } from 'react';
import type { MonitorStatus } from '../../../shared/contract';
import { STATUS_SEVERITY } from '../../../shared/domain/monitor-status';
import { OTHER_SITES_LABEL } from '../../../shared/domain/own-sites';
import { useBoardVersion, useMonitorStore, useSiteSummary } from '../../api/monitor-store-context';
import { useOwnSites } from '../../api/queries';
import { StatusBadge } from '../../components/StatusBadge';
import { STATUS_PRESENTATION } from '../../format/monitor-status';
import { useViewStore } from '../../state/view-store';
import { orderedSiteIds } from './visible-monitors';

function StatusCountList({ counts }: { counts: Record<MonitorStatus, number> }) {
  const present = STATUS_SEVERITY.filter((status) => counts[status] > 0);
  if (present.length === 0) return <p className="site-tile__empty">No monitors</p>;
  return (
    <ul className="site-tile__counts">
      {present.map((status) => (
        <li key={status} className={`site-tile__count status-text--${status}`} data-status={status}>
          <span aria-hidden="true">{STATUS_PRESENTATION[status].symbol} </span>
          {counts[status]} {STATUS_PRESENTATION[status].label.toLowerCase()}
        </li>
      ))}
    </ul>
  );
}

/** One site at a glance: its worst status and how many monitors are in each. Click to show only its monitors. */
const SiteTile = memo(function SiteTile({
  siteId,
  selected,
  onSelect,
}: {
  siteId: string;
  selected: boolean;
  onSelect: (siteId: string) => void;
}) {
  const site = useSiteSummary(siteId);
  if (site === undefined) return null;
  const worst = site.worst;
  return (
    <li>
      <button
        type="button"
        className={`site-tile site-tile--${worst ?? 'none'}`}
        data-testid="site-tile"
        data-site-id={site.id}
        data-worst={worst ?? 'none'}
        aria-pressed={selected}
        title={selected ? `Showing only ${site.name}; click to show every site` : `Show only ${site.name}`}
        onClick={() => onSelect(site.id)}
      >
        <span className="site-tile__head">
          <span className="site-tile__name">{site.name}</span>
          {worst ? <StatusBadge status={worst} /> : <span className="muted">—</span>}
        </span>
        {site.maintenance ? (
          <span className="site-tile__maintenance">
            <span aria-hidden="true">⚒ </span>Site in maintenance
          </span>
        ) : null}
        <StatusCountList counts={site.counts} />
      </button>
    </li>
  );
});

export function SiteTiles() {
  const store = useMonitorStore();
  // Each tile follows its own counts; the list re-orders at most once a frame.
  const version = useBoardVersion();
  const order = useViewStore((state) => state.boardFilters.order);
  const selectedSiteId = useViewStore((state) => state.boardFilters.siteId);
  const setBoardFilters = useViewStore((state) => state.setBoardFilters);
  const select = useCallback(
    (siteId: string) => setBoardFilters({ siteId: useViewStore.getState().boardFilters.siteId === siteId ? null : siteId }),
    [setBoardFilters],
  );
  const own = useOwnSites();
  const { ids: siteIds, firstOther } = useMemo(
    () => orderedSiteIds(store.siteIds(), store.getSite, order, own),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version says the store changed
    [store, order, own, version],
  );
  if (siteIds.length === 0) return null;
  return (
    <section className="site-tiles" aria-label="Sites">
      <ul className="site-tiles__list">
        {siteIds.map((siteId, index) => (
          <Fragment key={siteId}>
            {index === firstOther ? (
              <li className="other-sites-divider site-tiles__divider" data-testid="other-sites-divider">
                {OTHER_SITES_LABEL}
              </li>
            ) : null}
            <SiteTile siteId={siteId} selected={siteId === selectedSiteId} onSelect={select} />
          </Fragment>
        ))}
      </ul>
    </section>
  );
}
