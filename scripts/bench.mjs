// `npm run bench -- <scenario> [...]`: runs bench/<scenario>.ts, each printing one JSON line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const available = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const requested = process.argv.slice(2);
if (requested.length === 0) {
  console.error(`usage: npm run bench -- <scenario> [...]\nscenarios: ${available.join(', ')}`);
  process.exit(64);
}
let failed = false;
for (const scenario of requested) {
  if (!existsSync(`bench/${scenario}.ts`)) {
    console.error(`unknown scenario "${scenario}"; scenarios: ${available.join(', ')}`);
    process.exit(64);
  }
  const run = spawnSync('node_modules/.bin/tsx', [`bench/${scenario}.ts`], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
