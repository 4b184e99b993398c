// Fails when src/core/db/schema.ts and the committed migrations disagree: drizzle-kit generates
// into a scratch copy of the migrations folder, and any new file there is a migration nobody committed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const committed = 'src/core/db/migrations';
const scratch = mkdtempSync(join(tmpdir(), 'watchroom-migrations-'));
try {
  cpSync(committed, scratch, { recursive: true });
  const before = new Set(readdirSync(scratch));
  const run = spawnSync(process.execPath, ['node_modules/drizzle-kit/bin.cjs', 'generate', '--name', 'drift-check'], {
    // drizzle-kit resolves the output folder as "./" + path, so it has to be relative.
    env: { ...process.env, WATCHROOM_MIGRATIONS_OUT: relative(process.cwd(), scratch) },
    encoding: 'utf8',
  });
  // drizzle-kit can exit 0 after an error, so success is read from what it printed too.
  const output = `${run.stdout}${run.stderr}`;
  const generated = /No schema changes|Your SQL migration file/.test(output);
  if (run.status !== 0 || !generated) {
    console.error(run.stdout, run.stderr);
    console.error('check-migrations: drizzle-kit generate failed');
    process.exit(1);
  }
  const added = readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length > 0) {
    console.error(`check-migrations: schema.ts has changes with no committed migration (drizzle-kit would add ${added.join(', ')}).`);
    console.error('Run `npm run db:generate -- --name <what-changed>`, add a test in src/core/db/migration-tests, and commit both.');
    process.exit(1);
  }
  console.log('check-migrations: schema and committed migrations agree');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
