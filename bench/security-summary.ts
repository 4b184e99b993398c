// security-summary: what the Security page's read costs on a busy console's audit log. The log holds
// a week of entries (ENTRIES_PER_DAY, most of them ordinary commands, a few percent sign-ins and
// refusals); security.summary for the last 24 hours and the last 7 days is timed through the
// dispatcher. The rows are inserted directly (this measures the read, not the chain's appends).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src/core/app';
import { createSilentLogger } from '../src/core/logging';
import { invoke, LOCAL_OPERATOR } from '../src/core/service';
import { FakeClock } from '../test/support/fake-clock';
import { measureReferenceMs, referenceFigure } from './support/reference';
import { percentile, report } from './support/report';

const DAYS = 7;
const ENTRIES_PER_DAY = 40_000;
const RUNS = 15;
const HOUR = 3_600_000;

const dir = mkdtempSync(join(tmpdir(), 'watchroom-security-'));
const clock = new FakeClock();
const core = createCore({
  dataDir: dir,
  dbKey: randomBytes(32),
  mode: 'serve',
  version: 'bench',
  clock,
  timers: clock,
  logger: createSilentLogger(),
});
const insert = core.store.sqlite.prepare(
  "INSERT INTO audit_log (seq, at, actor, action, target, after_json, result, detail, prev_hash, hash, chain, actor_name, seat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', 'hmac-sha256-v2', ?, ?)",
);
const first = (core.store.sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM audit_log').get() as { seq: number }).seq + 1;
const total = DAYS * ENTRIES_PER_DAY;
const start = clock.now() - DAYS * 24 * HOUR;
core.store.sqlite.transaction(() => {
  for (let i = 0; i < total; i += 1) {
    const at = start + Math.floor((i * DAYS * 24 * HOUR) / total);
    const person = `user-${i % 40}`;
    const seat = `desk-${i % 12}`;
    const kind = i % 50;
    if (kind === 0)
      insert.run(
        first + i,
        at,
        'signed-out',
        'auth.signIn',
        `name-${i % 30}`,
        JSON.stringify({ seat, address: `10.0.0.${i % 200}` }),
        'error',
        'forbidden: Wrong username or password',
        null,
        seat,
      );
    else if (kind === 1)
      insert.run(
        first + i,
        at,
        person,
        'auth.signIn',
        `name-${i % 40}`,
        JSON.stringify({ userId: person, seat }),
        'ok',
        null,
        `Person ${i % 40}`,
        seat,
      );
    else if (kind === 2)
      insert.run(
        first + i,
        at,
        person,
        'silences.create',
        '',
        null,
        'error',
        'forbidden: Only a supervisor or above may do this',
        `Person ${i % 40}`,
        seat,
      );
    else
      insert.run(
        first + i,
        at,
        person,
        'alerts.acknowledge',
        `alert-${i}`,
        JSON.stringify({ ackBy: `Person ${i % 40}` }),
        'ok',
        null,
        `Person ${i % 40}`,
        seat,
      );
  }
})();

async function timed(hours: number): Promise<{ samples: number[]; events: number }> {
  const samples: number[] = [];
  let events = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const t0 = performance.now();
    events = (await invoke(core.dispatcher, 'security.summary', { hours }, { actor: LOCAL_OPERATOR })).total;
    samples.push(performance.now() - t0);
  }
  return { samples, events };
}

const day = await timed(24);
const week = await timed(24 * DAYS);
core.close();
rmSync(dir, { recursive: true, force: true });

report('security-summary', {
  audit_entries: { value: total, unit: 'entries' },
  day_p50: { value: percentile(day.samples, 50), unit: 'ms' },
  day_p95: { value: percentile(day.samples, 95), unit: 'ms' },
  day_events: { value: day.events, unit: 'events' },
  week_p50: { value: percentile(week.samples, 50), unit: 'ms' },
  week_events: { value: week.events, unit: 'events' },
  reference: referenceFigure(measureReferenceMs()),
});
