import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

const insertAlert = (id: string, fingerprint: string, state: string) =>
  `INSERT INTO alerts (id, fingerprint, rule_id, rule_name, subject, subject_name, severity, state, summary, first_seen_at, last_seen_at, count,
    escalation_level, flapping, notified) VALUES ('${id}', '${fingerprint}', 'r', 'Rule', 'monitor:m', 'M', 'critical', '${state}', 's', 0, 0, 1, 0, 0, 0)`;

describe('migration 0002_alerts', () => {
  it('creates rules, escalation policies, alerts with their history and notifications, silences and channels', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const names = (store.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'alert_rules',
        'escalation_policies',
        'alerts',
        'alert_events',
        'alert_notifications',
        'silences',
        'channels',
      ]),
    );
    store.close();
  });

  it('allows one open alert per fingerprint, and keeps every resolved one beside it', () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const db = store.sqlite;
    db.exec(insertAlert('a1', 'r|monitor:m', 'resolved'));
    db.exec(insertAlert('a2', 'r|monitor:m', 'resolved'));
    db.exec(insertAlert('a3', 'r|monitor:m', 'firing'));
    expect(() => db.exec(insertAlert('a4', 'r|monitor:m', 'acknowledged'))).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT count(*) AS n FROM alerts').get()).toEqual({ n: 3 });
    store.close();
  });
});
