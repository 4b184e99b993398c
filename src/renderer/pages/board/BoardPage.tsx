import { useSyncExternalStore } from 'react';
import { useConnection } from '../../api/connection';
import { useBoardVersion, useMonitorStore } from '../../api/monitor-store-context';
import { useBoardSnapshot } from '../../api/monitoring-queries';
import { useEffectiveSettings } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { Problem } from '../../components/Problem';
import { formatClock } from '../../format/time';
import { EMPTY_BOARD_FILTERS, useViewStore } from '../../state/view-store';
import { BoardFilterBar } from './BoardFilterBar';
import { MonitorGrid } from './MonitorGrid';
import { SiteTiles } from './SiteTiles';
import { hasActiveFilters } from './visible-monitors';
import './board.css';
import { CommandButton } from '../../components/CommandButton';

/** While core is away the board shows what it last knew: say so, and since when, so nobody trusts a green tile. */
function StaleBoardWarning() {
  const { state, detail } = useConnection();
  // Connected, nothing to say: the board's every change (up to a frame's worth) must not render this again.
  if (state === 'connected' || state === 'connecting') return null;
  return <StaleBoardProblem detail={detail} />;
}

function StaleBoardProblem({ detail }: { detail: string | null }) {
  const store = useMonitorStore();
  const { timeZone } = useEffectiveSettings();
  useBoardVersion();
  const at = store.snapshotAt();
  return (
    <Problem title="Not connected to core: these states may be out of date" testId="board-stale">
      {detail ?? 'Reconnecting…'}{' '}
      {at !== null ? `Last full update at ${formatClock(at, timeZone)}; the board refreshes itself when core is back.` : ''}
    </Problem>
  );
}

function EmptyBoardMessage() {
  const filters = useViewStore((state) => state.boardFilters);
  const setBoardFilters = useViewStore((state) => state.setBoardFilters);
  const openMonitorForm = useViewStore((state) => state.openMonitorForm);
  const store = useMonitorStore();
  if (store.size === 0) {
    return (
      <p className="empty" data-testid="board-empty">
        No monitors yet.{' '}
        <CommandButton
          method="monitors.create"
          className="button button--small"
          onClick={() => openMonitorForm({ monitorId: null, siteId: null })}
        >
          Add the first monitor
        </CommandButton>
      </p>
    );
  }
  return (
    <p className="empty" data-testid="board-no-match">
      No monitors match these filters.{' '}
      {hasActiveFilters(filters) ? (
        <button
          type="button"
          className="button button--small"
          onClick={() => setBoardFilters({ ...EMPTY_BOARD_FILTERS, order: filters.order })}
        >
          Clear filters
        </button>
      ) : null}
    </p>
  );
}

/** The live status board: every site at a glance, then every monitor, filtered in memory. */
export function BoardPage() {
  const snapshot = useBoardSnapshot();
  const store = useMonitorStore();
  const openMonitorForm = useViewStore((state) => state.openMonitorForm);
  // The first screenful loads the store before the query succeeds: the board shows it at once.
  const loaded = useSyncExternalStore(store.subscribe, () => store.snapshotAt() !== null) || snapshot.isSuccess;
  return (
    <section className="board" aria-labelledby="board-title" data-testid="board-page">
      {/* Gives way to the monitor list on a short window (banners, wall display text): it scrolls on its own. */}
      <div className="board__controls">
        <PageHeading id="board-title" title="Status board">
          <CommandButton
            method="monitors.create"
            type="button"
            className="button button--primary"
            onClick={() => openMonitorForm({ monitorId: null, siteId: null })}
            data-testid="add-monitor"
          >
            Add monitor
          </CommandButton>
        </PageHeading>
        <StaleBoardWarning />
        {snapshot.isError ? (
          <Problem title="Could not read the board" testId="board-error">
            {snapshot.error.message} The board retries when core is reachable again.
          </Problem>
        ) : null}
        {!loaded && snapshot.isPending ? (
          <p className="loading" role="status">
            Reading every monitor&apos;s state…
          </p>
        ) : null}
        {loaded ? (
          <>
            <SiteTiles />
            <BoardFilterBar />
          </>
        ) : null}
      </div>
      {loaded ? <MonitorGrid emptyMessage={<EmptyBoardMessage />} /> : null}
    </section>
  );
}
