import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const migrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
const testsDir = fileURLToPath(new URL('.', import.meta.url));

describe('migrations', () => {
  it('each committed migration has a test of its own named after it', () => {
    const migrations = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'));
    expect(migrations.length).toBeGreaterThan(0);
    const untested = migrations.filter((f) => !existsSync(`${testsDir}/${f.replace(/\.sql$/, '.test.ts')}`));
    expect(untested).toEqual([]);
  });
});
