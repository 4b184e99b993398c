// The alert history search over two years of alerts (2 million): first pages and next pages of a
// mix of searches a supervisor makes, through the dispatcher. The seeded database is cached under
// the temp folder, keyed by SEED_VERSION and the newest migration: seeding takes a minute, a search
// milliseconds. The seed is one transaction of prepared inserts, with the alerts' indexes and the
// full-text index's triggers dropped during it and built again after (a sorted build is several
// times faster than 2 million updates), the full-text index filled as migration 0022 fills it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore, DATABASE_FILE_NAME } from '../../src/core/app';
import { createSilentLogger } from '../../src/core/logging';
import { DEFAULT_MIGRATIONS_FOLDER } from '../../src/core/db/open';
import { invoke, LOCAL_OPERATOR } from '../../src/core/service';
import type { AlertHistoryInput } from '../../src/shared/contract';
import { FakeClock } from '../../test/support/fake-clock';
import { percentile, type Figure } from './report';

/** Change when the seed below changes: the cached file is then seeded again. */
const SEED_VERSION = 2;
const ALERTS = 2_000_000;
const DAYS = 730;
const SITES = 50;
const MONITORS = 500;
const RULES = ['down', 'latency', 'packet-loss', 'certificate', 'disk', 'tamper', 'door-forced', 'backup-failed'];
const SEVERITIES = ['critical', 'high', 'medium', 'medium', 'low', 'low', 'low', 'info'];
const PEOPLE = Array.from({ length: 30 }, (_, i) => `Operator ${i + 1}`);
const RUNS = 15;
const DAY = 86_400_000;

const newestMigration = readdirSync(DEFAULT_MIGRATIONS_FOLDER)
  .filter((name) => name.endsWith('.sql'))
  .sort()
  .at(-1)!;
const benchKey = createHash('sha256').update('watchroom bench alert history').digest();

/** One note two years back says what no other does: a search for it has the whole history to read. */
const ackNote = (i: number) =>
  i === 1
    ? 'Smoke in the cable duct, fire brigade called'
    : i % 97 === 0
      ? 'Guard sent, fence cut near the north gate'
      : 'Checked remotely';

function seed(dataDir: string, now: number): void {
  const clock = new FakeClock(now);
  const core = createCore({
    dataDir,
    dbKey: benchKey,
    mode: 'serve',
    version: 'bench',
    clock,
    timers: clock,
    logger: createSilentLogger(),
  });
  const sqlite = core.store.sqlite;
  const indexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' AND sql IS NOT NULL")
    .all() as {
    name: string;
    sql: string;
  }[];
  const triggers = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'alerts'").all() as {
    name: string;
    sql: string;
  }[];
  const insert = sqlite.prepare(
    `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, site_id, site_name, severity, state, summary,
       first_seen_at, last_seen_at, count, escalation_level, owner, ack_by, ack_at, ack_reason, ack_note, flapping, resolved_at, resolved_by, resolution, notified)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'resolved', ?, ?, ?, 1, 0, ?, ?, ?, ?, ?, 0, ?, 'system', ?, 1)`,
  );
  const start = now - DAYS * DAY;
  sqlite.transaction(() => {
    for (const index of indexes) sqlite.exec(`DROP INDEX ${index.name}`);
    for (const trigger of triggers) sqlite.exec(`DROP TRIGGER ${trigger.name}`);
    for (let i = 0; i < ALERTS; i += 1) {
      // A little disorder, as alerts of different monitors interleave.
      const at = start + Math.floor((i * DAYS * DAY) / ALERTS) + (i % 7) * 1000;
      const monitor = (i * 7919) % MONITORS;
      const site = monitor % SITES;
      const rule = RULES[(i * 31) % RULES.length]!;
      const acked = i % 5 !== 0;
      const person = PEOPLE[(i * 13) % PEOPLE.length]!;
      const subjectName = monitor % 25 === 0 ? `Gate camera ${monitor}` : `Recorder ${monitor}`;
      insert.run(
        `a${i.toString(36).padStart(8, '0')}`,
        `${rule}|monitor:m${monitor}`,
        rule,
        `Rule ${rule}`,
        `monitor:m${monitor}`,
        subjectName,
        `s${site}`,
        `Site ${site}`,
        SEVERITIES[(i * 17) % SEVERITIES.length]!,
        `${subjectName} at Site ${site}: ${rule} for ${(i % 50) + 1} minutes`,
        at,
        at + 60_000,
        acked ? person : null,
        acked ? person : null,
        acked ? at + 120_000 : null,
        acked ? 'investigating' : null,
        acked ? ackNote(i) : null,
        at + 600_000,
        'Condition cleared',
      );
    }
    for (const index of indexes) sqlite.exec(index.sql);
    sqlite.exec(`INSERT INTO alerts_search (rowid, alert_id, body)
      SELECT first_seen_at * 1048576 + row_number() OVER (PARTITION BY first_seen_at ORDER BY id) - 1, id,
        concat_ws(' ', summary, subject_name, site_name, rule_name, ack_note, resolution)
      FROM alerts ORDER BY first_seen_at, id`);
    for (const trigger of triggers) sqlite.exec(trigger.sql);
  })();
  sqlite.exec('ANALYZE');
  core.close();
}

/** The seeded data folder, seeding it first when the cache holds none of this version. */
function seededDataDir(now: number): string {
  const cached = join(tmpdir(), `watchroom-bench-alert-history-v${SEED_VERSION}-${newestMigration.replace(/\.sql$/, '')}`);
  if (existsSync(join(cached, DATABASE_FILE_NAME))) return cached;
  const building = `${cached}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  seed(building, now);
  rmSync(cached, { recursive: true, force: true });
  renameSync(building, cached);
  return cached;
}

/** Times each search's first page and its next four pages (following `next`); returns the samples in ms. */
export async function benchAlertHistory(): Promise<Record<string, Figure>> {
  const now = Date.UTC(2026, 10, 23, 8, 0, 0);
  const seededAt = performance.now();
  const dataDir = seededDataDir(now);
  const seedSeconds = (performance.now() - seededAt) / 1000;
  const clock = new FakeClock(now);
  const core = createCore({
    dataDir,
    dbKey: benchKey,
    mode: 'serve',
    version: 'bench',
    clock,
    timers: clock,
    logger: createSilentLogger(),
  });
  const month = { from: now - 400 * DAY, to: now - 370 * DAY };
  const searches: Record<string, AlertHistoryInput> = {
    all: {},
    site_month: { siteId: 's7', ...month },
    monitor: { monitorId: 'm123' },
    high_by_person: { severity: 'high', ackBy: 'Operator 4' },
    // No alert matches both: the page reads its budget and says how far back it searched.
    critical_by_person_none: { severity: 'critical', ackBy: 'Operator 4' },
    rule_site: { ruleId: 'tamper', siteId: 's3' },
    text_common: { text: 'gate camera' },
    text_note: { text: 'fence cut' },
    text_rare: { text: 'no alert says this' },
    // Found on the first page: the only alert that says it is two years old.
    text_oldest: { text: 'smoke duct' },
    text_site: { text: 'fence', siteId: 's3' },
  };
  const first: number[] = [];
  const next: number[] = [];
  const figures: Record<string, Figure> = {};
  const search = async (input: AlertHistoryInput) => invoke(core.dispatcher, 'alerts.history', input, { actor: LOCAL_OPERATOR });
  for (const [name, input] of Object.entries(searches)) {
    const firstSamples: number[] = [];
    const nextSamples: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      let t0 = performance.now();
      let page = await search(input);
      firstSamples.push(performance.now() - t0);
      for (let more = 0; more < 4 && page.next; more += 1) {
        t0 = performance.now();
        page = await search({ ...input, after: page.next });
        nextSamples.push(performance.now() - t0);
      }
    }
    first.push(...firstSamples);
    next.push(...nextSamples);
    figures[`alert_search_${name}_first_p50`] = { value: percentile(firstSamples, 50), unit: 'ms' };
    if (nextSamples.length > 0) figures[`alert_search_${name}_next_p50`] = { value: percentile(nextSamples, 50), unit: 'ms' };
  }
  core.close();
  return {
    alert_search_first_page: { value: percentile(first, 95), unit: 'ms (p95 of every search)', target: '<= 50 ms' },
    alert_search_next_page: { value: percentile(next, 95), unit: 'ms (p95 of every search)', target: '<= 50 ms' },
    alert_search_alerts: { value: ALERTS, unit: `alerts over ${DAYS} days` },
    alert_search_seed: { value: seedSeconds, unit: 's (0 when cached)' },
    ...figures,
  };
}
