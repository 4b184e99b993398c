import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';

const scratchSchema = 'test/.drift/schema.ts';

function checkMigrations(env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['scripts/check-migrations.mjs'], { env: { ...process.env, ...env }, encoding: 'utf8' });
}

describe('npm test guards the committed migrations', () => {
  afterAll(() => rmSync('test/.drift', { recursive: true, force: true }));

  it('passes while schema.ts and the committed migrations agree', () => {
    const run = checkMigrations();
    expect(run.stdout + run.stderr).toContain('agree');
    expect(run.status).toBe(0);
  }, 60_000);

  it('fails, naming the fix, when schema.ts gained a column without a migration', () => {
    mkdirSync('test/.drift', { recursive: true });
    const schema = readFileSync('src/core/db/schema.ts', 'utf8')
      .replace(
        "updatedAt: integer('updated_at').notNull(),",
        "updatedAt: integer('updated_at').notNull(),\n  updatedBy: text('updated_by'),",
      )
      // The copy lives in test/.drift: its relative imports point back into src/.
      .replaceAll("from '../../shared/contract", "from '../../src/shared/contract")
      .replace("from './json-column'", "from '../../src/core/db/json-column'");
    expect(schema).toContain('updated_by');
    writeFileSync(scratchSchema, schema);
    const run = checkMigrations({ WATCHROOM_SCHEMA: scratchSchema });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('no committed migration');
  }, 60_000);
});
