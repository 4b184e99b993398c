import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { WatchroomDb } from '../open';
import { prepareUpsert } from '../upsert';
import { prepareSelectAll, prepareSelectWhere } from '../select';
import { monitorState, monitors, sites, stateChanges } from '../schema';

export type SiteRow = typeof sites.$inferSelect;
export type MonitorRow = typeof monitors.$inferSelect;
export type MonitorStateRow = typeof monitorState.$inferSelect;
export type StateChangeRow = typeof stateChanges.$inferSelect;
export type MonitorPlaceRow = Pick<MonitorRow, 'id' | 'siteId' | 'name'>;

export interface RawResult {
  monitorId: string;
  at: number;
  ok: boolean;
  latencyMs: number | null;
  error: string | null;
}
export interface StoredRawResult extends RawResult {
  rowid: number;
}

export type RollupLevel = 'minute' | 'hour' | 'day';
export interface RollupRow {
  monitorId: string;
  bucket: number;
  count: number;
  upCount: number;
  latencyCount: number;
  latencyMin: number | null;
  latencyMax: number | null;
  latencySum: number;
  latencyP95: number | null;
  hist: Buffer | null;
  throughRowid: number;
}

/** What purging a retired monitor removed, row counts by kind (the audit entry keeps them). */
export interface PurgedHistory {
  rawResults: number;
  rollups: number;
  stateChanges: number;
  alerts: number;
}

const ROLLUP_TABLE: Record<RollupLevel, string> = { minute: 'rollup_minute', hour: 'rollup_hour', day: 'rollup_day' };

export interface MonitoringRepository {
  listSites(): SiteRow[];
  getSite(id: string): SiteRow | undefined;
  insertSite(row: SiteRow): void;
  updateSite(id: string, values: Partial<Omit<SiteRow, 'id' | 'createdAt'>>): void;
  deleteSite(id: string): void;
  /** A site's monitors in service and retired ones (which keep the site until purged). */
  countMonitorsOfSite(id: string): { inService: number; retired: number };

  /** The monitors in service: a retired one is left out (the board, probing, alerting and reports never see it). */
  listMonitors(): MonitorRow[];
  /**
   * Each monitor in service's id, site and name, in the order of `listMonitors`: what the board's
   * first screenful is picked by, without reading and decoding every monitor's whole row.
   */
  listMonitorPlaces(): MonitorPlaceRow[];
  /** The monitors in service among these ids, in no particular order. */
  monitorsByIds(ids: readonly string[]): MonitorRow[];
  /** A monitor in service; a retired one reads as gone. */
  getMonitor(id: string): MonitorRow | undefined;
  /** Any monitor, retired or not: what history names and what restore and purge act on. */
  findMonitor(id: string): MonitorRow | undefined;
  /** The retired monitors, most recently retired first. */
  listRetiredMonitors(): MonitorRow[];
  /** A new monitor starts at version 1, in service, unless told. */
  insertMonitor(
    row: Omit<MonitorRow, 'version' | 'retiredAt' | 'retiredBy'> & Partial<Pick<MonitorRow, 'version' | 'retiredAt' | 'retiredBy'>>,
  ): void;
  updateMonitor(id: string, values: Partial<Omit<MonitorRow, 'id' | 'createdAt'>>): void;
  /** Removes the monitor with everything kept about it; returns how many rows of each kind went. */
  /**
   * Deletes a retired monitor and every row kept about it. `rawBefore`: its raw results are all older
   * than this (its history expired), so only that stretch of the time index is read, not the whole table.
   */
  purgeMonitor(id: string, rawBefore?: number): PurgedHistory;

  listStates(): MonitorStateRow[];
  upsertStates(rows: readonly MonitorStateRow[]): void;

  insertStateChanges(rows: readonly Omit<StateChangeRow, 'id'>[]): void;
  recentStateChanges(monitorId: string, limit: number): StateChangeRow[];

  /** Appends raw results; returns the row id of each, in order. */
  insertResults(rows: readonly RawResult[]): number[];
  /** Raw results after a row id, oldest first: what roll-ups must replay after a restart. */
  resultsAfter(rowid: number, limit: number): StoredRawResult[];
  /** Raw results since a time, oldest first: rebuilds the minutes open at a crash. */
  resultsSince(at: number, limit: number, afterRowid: number): StoredRawResult[];

  writeRollups(level: RollupLevel, rows: readonly RollupRow[]): void;
  readRollup(level: RollupLevel, monitorId: string, bucket: number): RollupRow | undefined;
  rollupSeries(level: RollupLevel, monitorId: string, from: number): RollupRow[];
  /** Sum of counts and up counts of one monitor since a time. */
  rollupTotals(level: RollupLevel, monitorId: string, from: number): { count: number; upCount: number };
  /** Uptime and mean latency of every monitor since a time, from one roll-up level. */
  fleetTotals(
    level: RollupLevel,
    from: number,
  ): { monitorId: string; count: number; upCount: number; latencySum: number; latencyCount: number }[];

  /** Deletes up to `limit` rows older than `before`; returns how many went (retention runs in slices). */
  pruneResults(before: number, limit: number): number;
  pruneRollups(level: RollupLevel, before: number, limit: number): number;
  pruneStateChanges(before: number, limit: number): number;

  readMeta(key: string): string | undefined;
  writeMeta(key: string, value: string): void;
  /** Moves WAL pages into the database without waiting for readers, keeping the WAL small. */
  checkpoint(): void;
}

export function createMonitoringRepository(db: WatchroomDb, sqlite: Database.Database): MonitoringRepository {
  const insertResult = sqlite.prepare('INSERT INTO probe_results (monitor_id, at, ok, latency_ms, error) VALUES (?, ?, ?, ?, ?)');
  const resultsAfter = sqlite.prepare(
    'SELECT rowid, monitor_id AS monitorId, at, ok, latency_ms AS latencyMs, error FROM probe_results WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  const upsertState = prepareUpsert(sqlite, monitorState, monitorState.monitorId);
  const insertChange = sqlite.prepare('INSERT INTO state_changes (monitor_id, at, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?)');
  const rollupStatements = Object.fromEntries(
    (Object.keys(ROLLUP_TABLE) as RollupLevel[]).map((level) => {
      const table = ROLLUP_TABLE[level];
      return [
        level,
        {
          write:
            sqlite.prepare(`INSERT OR REPLACE INTO ${table} (monitor_id, bucket, count, up_count, latency_count, latency_min, latency_max, latency_sum, latency_p95, hist, through_rowid)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
          read: sqlite.prepare(`SELECT monitor_id AS monitorId, bucket, count, up_count AS upCount, latency_count AS latencyCount, latency_min AS latencyMin,
            latency_max AS latencyMax, latency_sum AS latencySum, latency_p95 AS latencyP95, hist, through_rowid AS throughRowid FROM ${table} WHERE monitor_id = ? AND bucket = ?`),
          series:
            sqlite.prepare(`SELECT monitor_id AS monitorId, bucket, count, up_count AS upCount, latency_count AS latencyCount, latency_min AS latencyMin,
            latency_max AS latencyMax, latency_sum AS latencySum, latency_p95 AS latencyP95, NULL AS hist, through_rowid AS throughRowid FROM ${table} WHERE monitor_id = ? AND bucket >= ? ORDER BY bucket`),
          totals: sqlite.prepare(
            `SELECT coalesce(sum(count), 0) AS count, coalesce(sum(up_count), 0) AS upCount FROM ${table} WHERE monitor_id = ? AND bucket >= ?`,
          ),
          fleet:
            sqlite.prepare(`SELECT monitor_id AS monitorId, sum(count) AS count, sum(up_count) AS upCount, sum(latency_sum) AS latencySum,
            sum(latency_count) AS latencyCount FROM ${table} WHERE bucket >= ? GROUP BY monitor_id`),
          // WITHOUT ROWID: pruned by key.
          prune: sqlite.prepare(
            `DELETE FROM ${table} WHERE (monitor_id, bucket) IN (SELECT monitor_id, bucket FROM ${table} WHERE bucket < ? LIMIT ?)`,
          ),
        },
      ];
    }),
  ) as Record<RollupLevel, Record<'write' | 'read' | 'series' | 'totals' | 'fleet' | 'prune', Database.Statement>>;
  const pruneResults = sqlite.prepare(
    'DELETE FROM probe_results WHERE rowid IN (SELECT rowid FROM probe_results WHERE at < ? ORDER BY at LIMIT ?)',
  );
  const pruneChanges = sqlite.prepare('DELETE FROM state_changes WHERE id IN (SELECT id FROM state_changes WHERE at < ? LIMIT ?)');
  const resultsSince = sqlite.prepare(
    'SELECT rowid, monitor_id AS monitorId, at, ok, latency_ms AS latencyMs, error FROM probe_results WHERE at >= ? AND rowid > ? ORDER BY rowid LIMIT ?',
  );
  // The board snapshot and core start read these whole: see db/select.
  // By name, then id: sites of the same name rank alike in the first screenful's answer and the whole board's.
  const selectSites = prepareSelectAll(sqlite, sites, sites.name, sites.id);
  // By name, then id: monitors of the same name come in one order whichever columns are read.
  const selectMonitors = prepareSelectAll(sqlite, monitors, monitors.name, monitors.id);
  const selectPlaces = sqlite.prepare('SELECT id, site_id AS siteId, name FROM monitors WHERE retired_at IS NULL ORDER BY name, id');
  const selectMonitorsByIds = prepareSelectWhere(sqlite, monitors, 'retired_at IS NULL AND id IN (SELECT value FROM json_each(?))');
  const selectStates = prepareSelectAll(sqlite, monitorState);
  const countOfSite = sqlite.prepare(
    'SELECT count(*) - count(retired_at) AS inService, count(retired_at) AS retired FROM monitors WHERE site_id = ?',
  );
  const readMeta = sqlite.prepare('SELECT value AS v FROM meta WHERE key = ?');
  const writeMeta = sqlite.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');

  type RawRow = { rowid?: number; monitorId: string; at: number; ok: number; latencyMs: number | null; error: string | null };
  const toResult = (row: RawRow) => ({ ...row, ok: row.ok === 1 });

  return {
    listSites: selectSites,
    getSite: (id) => db.select().from(sites).where(eq(sites.id, id)).get(),
    insertSite: (row) => void db.insert(sites).values(row).run(),
    updateSite: (id, values) => void db.update(sites).set(values).where(eq(sites.id, id)).run(),
    deleteSite: (id) => void db.delete(sites).where(eq(sites.id, id)).run(),
    countMonitorsOfSite: (id) => countOfSite.get(id) as { inService: number; retired: number },

    listMonitors: () => selectMonitors().filter((m) => m.retiredAt === null),
    listMonitorPlaces: () => selectPlaces.all() as MonitorPlaceRow[],
    monitorsByIds: (ids) => selectMonitorsByIds(JSON.stringify(ids)),
    getMonitor: (id) =>
      db
        .select()
        .from(monitors)
        .where(and(eq(monitors.id, id), isNull(monitors.retiredAt)))
        .get(),
    findMonitor: (id) => db.select().from(monitors).where(eq(monitors.id, id)).get(),
    listRetiredMonitors: () =>
      db.select().from(monitors).where(isNotNull(monitors.retiredAt)).orderBy(desc(monitors.retiredAt), monitors.name).all(),
    insertMonitor: (row) => void db.insert(monitors).values(row).run(),
    updateMonitor: (id, values) => void db.update(monitors).set(values).where(eq(monitors.id, id)).run(),
    purgeMonitor(id, rawBefore) {
      const stateChangeRows = sqlite.prepare('DELETE FROM state_changes WHERE monitor_id = ?').run(id).changes;
      // Raw rows are not indexed by monitor (that keeps ingest cheap): an explicit purge pays for the scan.
      const rawResults =
        rawBefore === undefined
          ? sqlite.prepare('DELETE FROM probe_results WHERE monitor_id = ?').run(id).changes
          : sqlite.prepare('DELETE FROM probe_results WHERE at < ? AND monitor_id = ?').run(rawBefore, id).changes;
      let rollups = 0;
      for (const table of Object.values(ROLLUP_TABLE))
        rollups += sqlite.prepare(`DELETE FROM ${table} WHERE monitor_id = ?`).run(id).changes;
      const subject = `monitor:${id}`;
      sqlite.prepare('DELETE FROM alert_events WHERE alert_id IN (SELECT id FROM alerts WHERE subject = ?)').run(subject);
      sqlite.prepare('DELETE FROM alert_notifications WHERE alert_id IN (SELECT id FROM alerts WHERE subject = ?)').run(subject);
      const alertRows = sqlite.prepare('DELETE FROM alerts WHERE subject = ?').run(subject).changes;
      db.delete(monitorState).where(eq(monitorState.monitorId, id)).run();
      db.delete(monitors).where(eq(monitors.id, id)).run();
      return { rawResults, rollups, stateChanges: stateChangeRows, alerts: alertRows };
    },

    listStates: selectStates,
    upsertStates(rows) {
      for (const row of rows) upsertState(row);
    },

    insertStateChanges(rows) {
      for (const row of rows) insertChange.run(row.monitorId, row.at, row.fromStatus, row.toStatus, row.reason);
    },
    recentStateChanges: (monitorId, limit) =>
      db
        .select()
        .from(stateChanges)
        .where(eq(stateChanges.monitorId, monitorId))
        .orderBy(desc(stateChanges.at), desc(stateChanges.id))
        .limit(limit)
        .all(),

    insertResults: (rows) =>
      rows.map((row) => Number(insertResult.run(row.monitorId, row.at, row.ok ? 1 : 0, row.latencyMs, row.error).lastInsertRowid)),
    resultsAfter: (rowid, limit) =>
      (resultsAfter.all(rowid, limit) as (RawRow & { rowid: number })[]).map((r) => ({ ...toResult(r), rowid: r.rowid })),
    resultsSince: (at, limit, afterRowid) =>
      (resultsSince.all(at, afterRowid, limit) as (RawRow & { rowid: number })[]).map((r) => ({ ...toResult(r), rowid: r.rowid })),

    writeRollups(level, rows) {
      const write = rollupStatements[level].write;
      // Bound by position: better-sqlite3 looks each named parameter up by name, for every row.
      for (const row of rows)
        write.run(
          row.monitorId,
          row.bucket,
          row.count,
          row.upCount,
          row.latencyCount,
          row.latencyMin,
          row.latencyMax,
          row.latencySum,
          row.latencyP95,
          row.hist,
          row.throughRowid,
        );
    },
    readRollup: (level, monitorId, bucket) => rollupStatements[level].read.get(monitorId, bucket) as RollupRow | undefined,
    rollupSeries: (level, monitorId, from) => rollupStatements[level].series.all(monitorId, from) as RollupRow[],
    rollupTotals: (level, monitorId, from) => rollupStatements[level].totals.get(monitorId, from) as { count: number; upCount: number },
    fleetTotals: (level, from) =>
      rollupStatements[level].fleet.all(from) as {
        monitorId: string;
        count: number;
        upCount: number;
        latencySum: number;
        latencyCount: number;
      }[],

    pruneResults: (before, limit) => pruneResults.run(before, limit).changes,
    pruneRollups: (level, before, limit) => rollupStatements[level].prune.run(before, limit).changes,
    pruneStateChanges: (before, limit) => pruneChanges.run(before, limit).changes,

    readMeta: (key) => (readMeta.get(key) as { v: string } | undefined)?.v,
    writeMeta: (key, value) => void writeMeta.run(key, value),
    checkpoint: () => void sqlite.pragma('wal_checkpoint(PASSIVE)'),
  };
}
