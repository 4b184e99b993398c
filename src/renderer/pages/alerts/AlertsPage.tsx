import { useMemo, useState } from 'react';
import { buildAlertQueue, EMPTY_ALERT_FILTERS, hasActiveAlertFilters, type AlertQueue } from '../../../shared/domain/alert-queue';
import { useAlertSnapshot } from '../../api/alert-queries';
import { useAlertStore, useAlertVersion } from '../../api/alert-store-context';
import { useConnection } from '../../api/connection';
import { useOwnSites } from '../../api/queries';
import { PageHeading } from '../../components/PageHeading';
import { AlertHistory } from './AlertHistory';
import { Problem } from '../../components/Problem';
import { useSharedNow } from '../../components/use-shared-now';
import { useViewStore } from '../../state/view-store';
import { QUEUE_KEYS_HINT } from './alert-format';
import { AlertDetailPanel } from './AlertDetailPanel';
import { AlertFilterBar } from './AlertFilterBar';
import { AlertQueueList } from './AlertQueueList';
import { QueueDialogs } from './QueueDialogs';
import { StormBanner } from './StormBanner';
import { useAlertActions, type CommandOutcome } from './use-alert-actions';
import { useQueueKeys } from './use-queue-keys';
import './alerts.css';

/**
 * The queue as shown, recomputed only when the alerts (at most once a frame) or the filters change:
 * never on a cursor move. The clock counts only while a state filter is on, since only then can a
 * snooze running out change what is shown.
 */
function useAlertQueue(): AlertQueue {
  const store = useAlertStore();
  const version = useAlertVersion();
  const filters = useViewStore((state) => state.alertFilters);
  const now = useSharedNow();
  const clock = filters.state === null ? 0 : now;
  const own = useOwnSites();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- version says the store changed
  return useMemo(() => buildAlertQueue(store.all(), filters, clock, own), [store, version, filters, clock, own]);
}

function EmptyQueueMessage({ total }: { total: number }) {
  const filters = useViewStore((state) => state.alertFilters);
  const setAlertFilters = useViewStore((state) => state.setAlertFilters);
  if (total === 0) {
    return (
      <p className="empty" data-testid="alert-queue-empty">
        No alerts. Every rule is quiet.
      </p>
    );
  }
  return (
    <p className="empty" data-testid="alert-queue-no-match">
      No alerts match these filters.{' '}
      {hasActiveAlertFilters(filters) ? (
        <button type="button" className="button button--small" onClick={() => setAlertFilters(EMPTY_ALERT_FILTERS)}>
          Clear filters
        </button>
      ) : null}
    </p>
  );
}

function CommandOutcomeLine({ outcome }: { outcome: CommandOutcome | null }) {
  const dialogOpen = useViewStore((state) => state.alertDialog !== null);
  // A dialog shows its own refusal; saying it twice would only crowd the screen.
  if (outcome === null || dialogOpen) return null;
  if (!outcome.ok) {
    return (
      <Problem title="Core refused this" testId="alert-command-error">
        {outcome.text}
      </Problem>
    );
  }
  return (
    <p className="alert-command-done" role="status" data-testid="alert-command-done">
      <span aria-hidden="true">✓ </span>
      {outcome.text}
    </p>
  );
}

/** While core is away the queue shows what it last knew: say so, so nobody trusts a quiet queue. */
function StaleQueueWarning() {
  const { state, detail } = useConnection();
  if (state === 'connected' || state === 'connecting') return null;
  return (
    <Problem title="Not connected to core: this queue may be out of date" testId="alert-queue-stale">
      {detail ?? 'Reconnecting…'} The queue is read again when core is back.
    </Problem>
  );
}

/** `stillLoading` is the whole snapshot's size while only its first screenful is here. */
function QueueCount({ queue, stillLoading }: { queue: AlertQueue; stillLoading: number | null }) {
  const open = queue.groups.reduce((sum, group) => sum + group.openCount, 0);
  const resolved = queue.groups.reduce((sum, group) => sum + group.resolvedCount, 0);
  const shown = queue.ids.length;
  const counts =
    stillLoading !== null
      ? `Showing the ${shown} most urgent of ${stillLoading} alerts; reading the rest…`
      : shown === queue.total
        ? `${open} open · ${resolved} resolved`
        : `Showing ${shown} of ${queue.total} alerts (${open} open)`;
  return (
    <p className="board-grid__count muted" role="status" data-testid="alert-count">
      {counts}
      <span className="board-grid__keys">{QUEUE_KEYS_HINT}</span>
    </p>
  );
}

/** The alert queue: every open alert and recent resolution, grouped by site, worked from the keyboard. */
function AlertQueueView() {
  const snapshot = useAlertSnapshot();
  const store = useAlertStore();
  const queue = useAlertQueue();
  const actions = useAlertActions();
  const detailId = useViewStore((state) => state.alertDetailId);
  useQueueKeys(queue, store, actions);
  const loaded = store.snapshotAt() !== null;
  return (
    <>
      <StaleQueueWarning />
      <StormBanner />
      {snapshot.isError ? (
        <Problem title="Could not read the alerts" testId="alert-queue-error">
          {snapshot.error.message} The queue is read again when core is reachable.
        </Problem>
      ) : null}
      {!loaded && snapshot.isPending ? (
        <p className="loading" role="status">
          Reading the alert queue…
        </p>
      ) : null}
      {loaded ? (
        <>
          <AlertFilterBar sites={queue.sites} />
          <CommandOutcomeLine outcome={actions.outcome} />
          <QueueCount queue={queue} stillLoading={store.totalStillLoading()} />
          <div className={`alerts-page__body${detailId !== null ? ' alerts-page__body--detail' : ''}`}>
            <AlertQueueList queue={queue} emptyMessage={<EmptyQueueMessage total={queue.total} />} />
            {detailId !== null ? <AlertDetailPanel key={detailId} alertId={detailId} actions={actions} /> : null}
          </div>
        </>
      ) : null}
      <QueueDialogs actions={actions} />
    </>
  );
}

const VIEWS = [
  { id: 'queue', label: 'Queue' },
  { id: 'history', label: 'History' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

/** The queue (open alerts, worked from the keyboard) and the history (every alert ever kept, searched); only the shown one is mounted, so the queue's keys act only on the queue. */
export function AlertsPage() {
  const [view, setView] = useState<ViewId>('queue');
  return (
    <section className="alerts-page" aria-labelledby="alerts-title" data-testid="alerts-page">
      <PageHeading id="alerts-title" title={view === 'queue' ? 'Alert queue' : 'Alert history'} />
      <div role="tablist" aria-label="Alerts" className="tabs">
        {VIEWS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            aria-selected={tab.id === view}
            className="tab"
            onClick={() => setView(tab.id)}
            data-testid={`alerts-tab-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {view === 'queue' ? <AlertQueueView /> : <AlertHistory />}
    </section>
  );
}
