import type {
  BoardSnapshot,
  MonitorDetail,
  MonitorState,
  MonitorStatus,
  ProbeConfig,
  Series,
  SeriesRange,
  Site,
} from '../../shared/contract';
import { firstInBoardOrder } from '../../shared/domain/board-order';
import type { OwnSites } from '../../shared/domain/own-sites';
import type { Clock } from '../../shared/domain/clock';
import { countStatuses, worstStatus } from '../../shared/domain/monitor-status';
import { maskUrl } from '../../shared/domain/redact';
import type { MonitorRow, MonitoringRepository, RollupLevel, SiteRow } from '../db';
import { BUCKET_MS, bucketOf } from './rollups';

const DAY = 86_400_000;
const SERIES_SOURCE: Record<SeriesRange, { level: RollupLevel; spanMs: number }> = {
  '1h': { level: 'minute', spanMs: 3_600_000 },
  '24h': { level: 'minute', spanMs: DAY },
  '7d': { level: 'hour', spanMs: 7 * DAY },
  '30d': { level: 'hour', spanMs: 30 * DAY },
};

export function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    tags: row.tags,
    maintenance: row.maintenance,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the board shows as a monitor's target: its URL (credentials masked), host:port, name... never a secret. */
export function targetLabel(probe: ProbeConfig): string {
  switch (probe.kind) {
    case 'http':
      return maskUrl(probe.url);
    case 'tcp':
      return `${probe.host}:${probe.port}`;
    case 'icmp':
      return probe.host;
    case 'dns':
      return `${probe.name} ${probe.recordType}${probe.resolver ? ` @${probe.resolver}` : ''}`;
    case 'tls':
      return `${probe.host}:${probe.port}`;
    case 'heartbeat':
      return 'heartbeat';
    case 'manual':
      return 'set by hand';
  }
}

/** What the board reads of the engine: a monitor's whole state, and its status alone (cheaper, for ordering and counting). */
export interface BoardStates {
  stateOf(id: string): MonitorState | null;
  statusOf(id: string): MonitorStatus | null;
}

/**
 * Dashboard reads: the latest-state table (through the engine, which holds it) and the roll-ups.
 * None of these reads raw results.
 */
export function createQueries(repo: MonitoringRepository, clock: Clock, states: BoardStates) {
  function uptime(monitorId: string, level: RollupLevel, spanMs: number): number | null {
    const totals = repo.rollupTotals(level, monitorId, bucketOf(level, clock.now() - spanMs) + BUCKET_MS[level]);
    return totals.count === 0 ? null : (100 * totals.upCount) / totals.count;
  }

  function snapshot(
    shown: { row: MonitorRow; state: MonitorState }[],
    placed: { siteId: string; status: MonitorStatus }[],
    siteRows: SiteRow[],
  ) {
    const monitors = shown.map(({ row, state }) => ({
      id: row.id,
      siteId: row.siteId,
      name: row.name,
      kind: row.kind,
      tags: row.tags,
      parentId: row.parentId,
      target: targetLabel(row.probe),
      state,
    }));
    const statusesBySite = new Map<string, MonitorStatus[]>();
    for (const { siteId, status } of placed) {
      const list = statusesBySite.get(siteId) ?? [];
      list.push(status);
      statusesBySite.set(siteId, list);
    }
    const sites = siteRows.map((row) => {
      const statuses = statusesBySite.get(row.id) ?? [];
      return { ...toSite(row), worst: worstStatus(statuses), counts: countStatuses(statuses) };
    });
    return { at: clock.now(), sites, total: placed.length, monitors };
  }

  return {
    /**
     * The whole board, or with `first` every site and only the first monitors in the board's order
     * for this person (their own sites first, when they are limited to some). The first screenful
     * is picked and counted from each monitor's id, site, name and status alone; only the rows
     * shown are read whole (2,000 whole rows read and decoded were most of this read's time).
     */
    board(first?: number, own: OwnSites = null): BoardSnapshot {
      const placed = repo.listMonitorPlaces().flatMap((place) => {
        const status = states.statusOf(place.id);
        return status === null ? [] : [{ ...place, status }];
      });
      const siteRows = repo.listSites();
      const picked =
        first === undefined || first >= placed.length ? placed : firstInBoardOrder(placed, (place) => place, siteRows, first, own);
      // The whole board reads every row in one plain scan; a screenful only the rows it shows; a board
      // with no monitor loaded in the engine reads none (bench/ingest.ts's reads, which load no states).
      const readRows =
        picked.length === 0 ? [] : picked === placed ? repo.listMonitors() : repo.monitorsByIds(picked.map((place) => place.id));
      const rows = new Map(readRows.map((row) => [row.id, row]));
      const shown = picked.flatMap((place) => {
        const row = rows.get(place.id);
        const state = states.stateOf(place.id);
        return row && state ? [{ row, state }] : [];
      });
      return snapshot(shown, placed, siteRows);
    },

    uptimes(monitorId: string): MonitorDetail['uptime'] {
      return { '24h': uptime(monitorId, 'hour', DAY), '7d': uptime(monitorId, 'hour', 7 * DAY), '30d': uptime(monitorId, 'day', 30 * DAY) };
    },

    series(monitorId: string, range: SeriesRange): Series {
      const { level, spanMs } = SERIES_SOURCE[range];
      const rows = repo.rollupSeries(level, monitorId, bucketOf(level, clock.now() - spanMs) + BUCKET_MS[level]);
      return {
        monitorId,
        range,
        bucketMs: BUCKET_MS[level],
        t: rows.map((r) => r.bucket),
        count: rows.map((r) => r.count),
        up: rows.map((r) => r.upCount),
        min: rows.map((r) => r.latencyMin),
        mean: rows.map((r) => (r.latencyCount > 0 ? r.latencySum / r.latencyCount : null)),
        max: rows.map((r) => r.latencyMax),
        p95: rows.map((r) => r.latencyP95),
      };
    },

    /** Uptime % and mean latency of every monitor over 30 days, from the day roll-ups. */
    fleetOverview(): { monitorId: string; uptime: number | null; meanLatencyMs: number | null }[] {
      return repo.fleetTotals('day', bucketOf('day', clock.now() - 30 * DAY) + DAY).map((row) => ({
        monitorId: row.monitorId,
        uptime: row.count > 0 ? (100 * row.upCount) / row.count : null,
        meanLatencyMs: row.latencyCount > 0 ? row.latencySum / row.latencyCount : null,
      }));
    },
  };
}
export type Queries = ReturnType<typeof createQueries>;
