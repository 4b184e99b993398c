import { randomBytes } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { DEFAULT_MIGRATIONS_FOLDER } from '../open';
import { createRepositories, openDatabase } from '../index';

const tempDir = useTempDirs();

/** The migrations as the release before routing shipped them: up to 0018. */
function migrationsBeforeRouting(): string {
  const folder = join(tempDir(), 'migrations');
  cpSync(DEFAULT_MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((entry) => entry.tag < '0019');
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(folder, '0019_routing.sql'));
  return folder;
}

describe('migration 0019_routing', () => {
  it('keeps a rule that named channels on exactly them, and turns each stored escalation policy into levels that name who', () => {
    const path = join(tempDir(), 'watchroom.db');
    const key = randomBytes(32);
    const before = openDatabase(path, key, { migrationsFolder: migrationsBeforeRouting() });
    const insertRule = before.sqlite.prepare(
      `INSERT INTO alert_rules (id, name, enabled, built_in, scope_json, condition_json, pending_minutes, recovery_json, severity,
         channel_ids_json, max_open_alerts, version, created_at, updated_at)
       VALUES (?, ?, 1, 0, '{"kind":"all"}', '{"kind":"monitor-down"}', 0, '{"kind":"good-results","count":1}', 'high', ?, 200, 1, 1, 1)`,
    );
    insertRule.run('paged', 'Pages the duty phone', '["duty-phone"]');
    insertRule.run('plain', 'Tells nobody', '[]');
    before.sqlite
      .prepare(
        `INSERT INTO escalation_policies (severity, escalate_after_minutes, repeat_every_minutes, max_level, ack_timeout_minutes)
         VALUES ('critical', 7, 3, 3, 60)`,
      )
      .run();
    before.close();

    const after = openDatabase(path, key);
    const repos = createRepositories(after);
    expect(repos.alerts.listRules().map((rule) => [rule.id, rule.routing, rule.channelIds])).toEqual([
      ['paged', 'channels', ['duty-phone']],
      ['plain', 'table', []],
    ]);
    // The policy itself is kept as it was: the first escalation still waits 7 minutes.
    expect(repos.alerts.listPolicies()).toEqual([
      { severity: 'critical', escalateAfterMinutes: 7, repeatEveryMinutes: 3, maxLevel: 3, ackTimeoutMinutes: 60 },
    ]);
    expect(repos.routing.listLevels()).toEqual([
      {
        severity: 'critical',
        levels: [
          { label: 'Operator on shift', target: { kind: 'role', role: 'operator' }, minutesToNext: 3 },
          { label: 'Supervisor on call', target: { kind: 'role', role: 'supervisor' }, minutesToNext: 3 },
          { label: 'Duty manager', target: { kind: 'role', role: 'admin' }, minutesToNext: null },
        ],
      },
    ]);
    expect(repos.routing.getRoutingTable()).toBeUndefined();
    expect(repos.routing.listSchedules()).toEqual([]);
    expect(repos.routing.listContacts()).toEqual([]);
    after.close();
  });
});
