import { memo, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { Alert, Severity } from '../../../shared/contract';
import { isAlarmSounding, queueStateOf } from '../../../shared/domain/alert-queue';
import { sitesByWorstStatus } from '../../../shared/domain/board-order';
import { byUrgency } from '../../../shared/domain/incident-order';
import { describeClock, slaClocks } from '../../../shared/domain/incident-sla';
import { useAlertStore, useAlertVersion } from '../../api/alert-store-context';
import { useConnection } from '../../api/connection';
import { useIncidents } from '../../api/incident-queries';
import { useBoardSnapshot } from '../../api/monitoring-queries';
import { useBoardVersion, useMonitorStore, useSiteSummary } from '../../api/monitor-store-context';
import { useBackendState, useConsoleName, useEffectiveSettings } from '../../api/queries';
import { useShownConsoleStatus } from '../../components/ConsoleStatusBadge';
import { SEVERITY_PRESENTATION } from '../../format/severity';
import { useNow } from '../../components/use-now';
import { incidentName } from '../../format/incident';
import { STATUS_PRESENTATION } from '../../format/monitor-status';
import { formatUptime } from '../../format/quantities';
import { formatClock } from '../../format/time';
import { WallSoundPrompt } from './WallSoundPrompt';
import { wallGrid, WALL_GAP_PX, type WallDetail } from './wall-layout';
import { wallOptionsFromHash, wallViewAt, type WallView } from './wall-view';
import { wallCellWords, wallCountWords, WALL_FIRST_CONNECTING, WALL_READING_ALERTS, WALL_READING_INCIDENTS } from './wall-words';

const WALL_SEVERITIES: ReadonlySet<Severity> = new Set(['critical', 'high']);
/**
 * More rows than a wall's panel can show are not drawn: during an alert storm a thousand rows would
 * cost every frame and be read by nobody. The count says how many more there are.
 */
const MOST_ROWS = 30;
/** How long the sites keep their places on the wall before they are put in order again. */
export const REORDER_EVERY_MS = 5_000;

/**
 * The size of an element, followed as the window or the wall's layout changes. Measured before the
 * browser paints (a layout effect): the first frame React shows already holds the sites, in place of
 * the early paint's (app/first-paint-wall.ts), never an empty area between the two.
 */
function useSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/**
 * How old what the wall shows is: live while core (and its hub) can be heard, else the moment it
 * last could. A wall that cannot hear core keeps what it had, and says how old it is.
 */
function useDataAsOf(now: number): { live: boolean; asOf: number | null; firstConnecting: boolean } {
  const { state } = useConnection();
  const link = useBackendState().data?.link;
  const [lastHeard, setLastHeard] = useState<number | null>(null);
  const store = useMonitorStore();
  const coreHeard = state === 'connected';
  const hubHeard = link === undefined || link.state === 'embedded' || link.state === 'connected';
  const live = coreHeard && hubHeard;
  // Kept as the clock ticks while live: the moment the wall stops hearing, it is when it last heard.
  if (live && lastHeard !== now) setLastHeard(now);
  if (live) return { live, asOf: now, firstConnecting: false };
  if (coreHeard && link?.state === 'offline') return { live, asOf: link.dataAsOf, firstConnecting: false };
  // The page's first answers came over HTTP a moment ago: neither live yet nor old.
  return { live, asOf: lastHeard, firstConnecting: state === 'connecting' && lastHeard === null && store.snapshotAt() !== null };
}

function WallHeader({ now }: { now: number }) {
  const { timeZone } = useEffectiveSettings();
  const name = useConsoleName();
  const { status, lastKnown } = useShownConsoleStatus();
  const { live, asOf, firstConnecting } = useDataAsOf(now);
  const store = useMonitorStore();
  useBoardVersion();
  const countWords = wallCountWords(store.counts(), store.siteIds().length);
  const statusWord =
    status === null ? `Status unknown${lastKnown === null ? '' : ` (was ${lastKnown.toUpperCase()})`}` : status.toUpperCase();
  return (
    <header className="wall__header">
      <p className={`wall__status wall__status--${status ?? 'unknown'}`} data-testid="wall-status" data-status={status ?? 'unknown'}>
        <span aria-hidden="true">{status === null ? '○ ' : status === 'warning' ? '▲ ' : '● '}</span>
        {statusWord}
      </p>
      <p className="wall__counts" data-testid="wall-counts">
        {countWords.problems.map(({ status: problem, text }) => (
          <span key={problem} className={`wall__count status-text--${problem}`}>
            <span aria-hidden="true">{STATUS_PRESENTATION[problem].symbol} </span>
            {text}
          </span>
        ))}
        <span className="wall__count">{countWords.total}</span>
      </p>
      <p className="wall__time">
        {name === null ? null : <span className="wall__name">{name} · </span>}
        <span className="wall__clock" data-testid="wall-clock">
          {formatClock(now, timeZone)}
        </span>
        <span
          className={live || firstConnecting ? 'wall__as-of' : 'wall__as-of wall__as-of--stale'}
          data-testid="wall-as-of"
          data-live={live}
        >
          {live
            ? 'live'
            : firstConnecting
              ? WALL_FIRST_CONNECTING
              : asOf === null
                ? 'not connected: no data yet'
                : `not connected: data as of ${formatClock(asOf, timeZone)}`}
        </span>
      </p>
    </header>
  );
}

const WallSiteCell = memo(function WallSiteCell({ siteId, detail }: { siteId: string; detail: WallDetail }) {
  const site = useSiteSummary(siteId);
  if (site === undefined) return null;
  const words = wallCellWords(site, detail);
  return (
    <li className={words.className} data-testid="wall-site" data-site-id={site.id} data-worst={words.worst} aria-label={words.label}>
      <span className="wall-site__name">
        <span className="wall-site__symbol" aria-hidden="true">
          {words.symbol}
        </span>
        {site.name}
      </span>
      {words.line === null ? null : (
        <span className="wall-site__line" aria-hidden="true">
          {words.line}
        </span>
      )}
      {words.counts === null ? null : (
        <span className="wall-site__line wall-site__counts" aria-hidden="true">
          {words.counts}
        </span>
      )}
    </li>
  );
});

/**
 * Every site, problems first, in the largest cells that hold them all: nothing scrolls, nothing is
 * left off. Memoized: the page renders again every second and at every alert change, and 500 cells
 * compared each time would cost every frame; a cell follows its own site.
 */
const WallSites = memo(function WallSites() {
  const snapshot = useBoardSnapshot();
  const store = useMonitorStore();
  const area = useRef<HTMLElement | null>(null);
  const { width, height } = useSize(area);
  // Cells keep their places between reorders: a wall whose cells jumped at every change could not
  // be read (and would be laid out and painted whole at every change). A cell's colour, symbol and
  // words change at once; its place at the next reorder, or at once when sites come or go.
  const reorder = useNow(REORDER_EVERY_MS);
  const siteCount = useSyncExternalStore(store.subscribe, () => store.siteIds().length);
  const siteIds = useMemo(
    () => sitesByWorstStatus(store.siteIds(), (id) => store.getSite(id)?.worst ?? null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store changes in place; these say when to read it again
    [store, reorder, siteCount],
  );
  const grid = wallGrid(siteIds.length, width, height);
  return (
    <section className="wall__sites" ref={area} aria-label="Sites, problems first" data-testid="wall-sites">
      {siteIds.length === 0 ? (
        <p className="wall__empty" role="status">
          {snapshot.isError
            ? `Could not read the sites: ${snapshot.error.message} Trying again when core answers.`
            : snapshot.isPending
              ? 'Reading every site’s state…'
              : 'No sites yet'}
        </p>
      ) : width === 0 ? null : (
        <ul
          className={`wall-sites wall-sites--${grid.detail}`}
          data-testid="wall-site-grid"
          data-detail={grid.detail}
          style={{
            gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
            gridAutoRows: `${Math.floor(grid.cellHeight)}px`,
            gap: `${WALL_GAP_PX}px`,
            fontSize: `${Math.floor(grid.fontPx * 10) / 10}px`,
          }}
        >
          {siteIds.map((siteId, place) => (
            // Keyed by place, not by site: at a reorder React would otherwise move nearly every cell
            // (one site moving up shifts all after it), and the browser lays out a moved element
            // anew; by place, a cell whose site changed only gets new words and colour.
            <WallSiteCell key={place} siteId={siteId} detail={grid.detail} />
          ))}
        </ul>
      )}
    </section>
  );
});

/** Critical first, then the ones nobody has answered, then the oldest. */
function wallAlertOrder(a: Alert, b: Alert): number {
  if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  const aAnswered = a.ackAt !== null || a.owner !== null;
  const bAnswered = b.ackAt !== null || b.owner !== null;
  if (aAnswered !== bAnswered) return aAnswered ? 1 : -1;
  return a.firstSeenAt - b.firstSeenAt;
}

/** Who has it, in the words the room uses: nobody yet, acknowledged by whom, claimed, snoozed or silenced. */
function answeredBy(alert: Alert, now: number): string {
  const state = queueStateOf(alert, now);
  if (state === 'snoozed') return `Snoozed by ${alert.owner ?? 'someone'}`;
  if (state === 'silenced') return 'Silenced';
  if (alert.ackBy !== null) return `Acknowledged by ${alert.ackBy}`;
  if (alert.owner !== null) return `Claimed by ${alert.owner}`;
  return 'Nobody has it yet';
}

function WallAlerts({ now }: { now: number }) {
  const store = useAlertStore();
  const version = useAlertVersion();
  const alerts = useMemo(
    () =>
      store
        .all()
        .filter((alert) => alert.state !== 'resolved' && WALL_SEVERITIES.has(alert.severity))
        .sort(wallAlertOrder),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version says the store changed
    [store, version],
  );
  const read = store.snapshotAt() !== null;
  return (
    <section className="wall__panel" aria-labelledby="wall-alerts-title" data-testid="wall-alerts">
      <h2 id="wall-alerts-title" className="wall__panel-title">
        Critical and high alerts {read ? <span className="wall__panel-count">{alerts.length}</span> : null}
      </h2>
      {alerts.length === 0 ? (
        // Before the queue is read, "no alerts" would be a claim nobody has checked.
        <p className="wall__none">{read ? 'No open critical or high alerts' : WALL_READING_ALERTS}</p>
      ) : (
        <ol className="wall-alerts">
          {alerts.slice(0, MOST_ROWS).map((alert) => (
            <li key={alert.id} className={`wall-alert wall-alert--${alert.severity}`} data-testid="wall-alert" data-alert-id={alert.id}>
              <span className="wall-alert__severity">
                <span aria-hidden="true">{SEVERITY_PRESENTATION[alert.severity].symbol} </span>
                {SEVERITY_PRESENTATION[alert.severity].label}
              </span>
              <span className="wall-alert__what">
                {alert.subjectName}
                {alert.siteName === null ? null : <span className="wall-alert__site"> · {alert.siteName}</span>}
              </span>
              <span className="wall-alert__age">{formatUptime(now - alert.firstSeenAt)}</span>
              <span className="wall-alert__owner" data-testid="wall-alert-owner">
                {answeredBy(alert, now)}
              </span>
            </li>
          ))}
          <MoreRows count={alerts.length - MOST_ROWS} what="alerts" />
        </ol>
      )}
    </section>
  );
}

function MoreRows({ count, what }: { count: number; what: string }) {
  if (count <= 0) return null;
  return (
    <li className="wall__more" data-testid="wall-more">
      and {count} more {what}
    </li>
  );
}

function WallIncidents({ now }: { now: number }) {
  const incidents = useIncidents();
  const open = useMemo(() => (incidents.data ?? []).filter((incident) => incident.state !== 'resolved').sort(byUrgency), [incidents.data]);
  return (
    <section className="wall__panel" aria-labelledby="wall-incidents-title" data-testid="wall-incidents">
      <h2 id="wall-incidents-title" className="wall__panel-title">
        Open incidents {incidents.isPending ? null : <span className="wall__panel-count">{open.length}</span>}
      </h2>
      {open.length === 0 ? (
        <p className="wall__none">{incidents.isPending ? WALL_READING_INCIDENTS : 'No open incidents'}</p>
      ) : (
        <ol className="wall-incidents">
          {open.slice(0, MOST_ROWS).map((incident) => {
            const clocks = slaClocks(incident, now);
            return (
              <li key={incident.id} className="wall-incident" data-testid="wall-incident">
                <span className={`wall-incident__priority priority--${incident.priority}`}>{incident.priority}</span>
                <span className="wall-incident__what">
                  {incidentName(incident.number)} {incident.title}
                  <span className="wall-incident__owner"> · {incident.owner ?? 'nobody'}</span>
                </span>
                <span className={`wall-incident__clock incident-clock--${clocks.respond.phase}`}>
                  Respond {describeClock(clocks.respond)}
                </span>
                <span className={`wall-incident__clock incident-clock--${clocks.resolve.phase}`}>
                  Resolve {describeClock(clocks.resolve)}
                </span>
              </li>
            );
          })}
          <MoreRows count={open.length - MOST_ROWS} what="incidents" />
        </ol>
      )}
    </section>
  );
}

/**
 * Whether the rotation must hold: an alarm is sounding (a critical alert nobody has answered). The
 * page renders again when this answer changes, not at every alert change.
 */
function useSomethingCritical(now: number): boolean {
  const store = useAlertStore();
  return useSyncExternalStore(store.subscribe, () => isAlarmSounding(store.all(), now));
}

const subscribeToHash = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/**
 * The wall display: for a screen across the room, with nothing to click. Every site, the open
 * critical and high alerts, the incidents' clocks, the overall status, the time and how fresh it
 * all is; optionally rotating between the sites, the alerts and the incidents (`#wall&rotate=20`).
 */
export function WallPage() {
  const hash = useSyncExternalStore(subscribeToHash, () => window.location.hash);
  const options = useMemo(() => wallOptionsFromHash(hash), [hash]);
  const now = useNow(1_000);
  const [startedAt] = useState(() => Date.now());
  const critical = useSomethingCritical(now);
  const view: WallView = wallViewAt(options, now - startedAt, critical);
  return (
    <div className={`wall wall--${view}`} data-testid="page-wall" data-view={view}>
      <WallHeader now={now} />
      <div className="wall__body">
        {view === 'all' || view === 'sites' ? <WallSites /> : null}
        {view === 'all' ? (
          <div className="wall__side">
            <WallAlerts now={now} />
            <WallIncidents now={now} />
          </div>
        ) : null}
        {view === 'alerts' ? <WallAlerts now={now} /> : null}
        {view === 'incidents' ? <WallIncidents now={now} /> : null}
      </div>
      <WallSoundPrompt />
    </div>
  );
}
