import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { createRepositories, openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before this one shipped them: up to 0019. */
function migrationsBeforeNotificationLife(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0020');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0020_notification_life.sql'));
  return folder;
}

const HELD = 'held: quiet hours 22:00\u201306:00, not sent';

describe('migration 0020_notification_life', () => {
  it('gives every stored notification the stage its outcome tells, and the alert its last one, with no answer it never kept', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeNotificationLife() });
    const insert = before.sqlite.prepare(
      `INSERT INTO alert_notifications (alert_id, channel_id, channel_name, at, ok, attempts, detail) VALUES ('a1', 'c1', 'Slack #ops', ?, ?, ?, ?)`,
    );
    insert.run(1, 1, 1, 'HTTP 200 from hooks.example (1 attempt)');
    insert.run(2, 0, 3, 'HTTP 503 from hooks.example (3 attempts)');
    insert.run(3, 0, 0, HELD);
    insert.run(4, 0, 0, 'rate limited: 10 in the last minute');
    const last = { channelId: 'c1', channelName: 'Slack #ops', at: 3, ok: false, attempts: 0, detail: HELD };
    before.sqlite
      .prepare(
        `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, severity, state, summary,
           first_seen_at, last_seen_at, count, escalation_level, flapping, notified, last_notification_json)
         VALUES ('a1', 'r|monitor:m1', 'r', 'Monitor down', 'monitor:m1', 'NVR 2', 'high', 'firing', 'NVR 2 is down',
           1, 2, 1, 0, 0, 1, ?)`,
      )
      .run(JSON.stringify(last));
    before.close();

    const after = openDatabase(path, key);
    const repos = createRepositories(after);
    const stored = repos.alerts.notifications('a1', 10);
    expect(stored.map((row) => [row.at, row.stage, row.status, row.answer])).toEqual([
      [4, 'dropped', null, null],
      [3, 'held', null, null],
      [2, 'failed', null, null],
      [1, 'delivered', null, null],
    ]);
    // The alert's own copy still reads under the contract's stricter schema.
    expect(repos.alerts.getAlert('a1')?.lastNotification).toEqual({ ...last, stage: 'held', status: null, answer: null });
    after.close();
  });
});
