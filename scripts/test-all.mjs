// `npm test`: lint (import rules), type check, vitest, then Playwright e2e against serve mode.
// Ends with one line "N passed, N failed" built from the runners' JSON reports; exits non-zero
// on any failure. Lint and the type check count as one check each.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { faketimeAvailable, runClockShiftedVitest } from './lib/clock-shift.mjs';

const reports = 'reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

function countVitest(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  // A file that failed to load has no tests; count it as a failure so it cannot hide.
  const brokenFiles = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles };
}

function countPlaywright(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected };
}

function tally(label, ok, counts) {
  if (counts === null) {
    failed += 1;
    failures.push(`${label} (no report)`);
    return;
  }
  passed += counts.passed;
  failed += counts.failed;
  if (!ok || counts.failed > 0) failures.push(label);
  if (!ok && counts.failed === 0) failed += 1;
}

const bin = (name) => `node_modules/.bin/${name}`;
check('lint', bin('eslint'), ['.', '--max-warnings=0']);
check('format', bin('prettier'), ['--check', '.']);
check('structure (no import circles)', process.execPath, ['scripts/check-structure.mjs']);
check('type check (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']);
check('type check (renderer)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']);

const vitestOk = run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/vitest.json`]);
tally('vitest', vitestOk, countVitest(`${reports}/vitest.json`));

if (faketimeAvailable()) {
  const shiftedOk = runClockShiftedVitest(`${reports}/vitest-clock-shift.json`);
  tally('vitest (clock shifted)', shiftedOk, countVitest(`${reports}/vitest-clock-shift.json`));
} else {
  // Not a skip: a machine without libfaketime cannot prove the suite is free of today's date.
  failed += 1;
  failures.push('vitest (clock shifted): faketime is missing (apt-get install faketime)');
}

const built = run('build', 'npm', ['run', 'build']);
if (!built) {
  failed += 1;
  failures.push('build');
} else {
  const e2eOk = run('playwright', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/playwright.json` });
  tally('playwright', e2eOk, countPlaywright(`${reports}/playwright.json`));
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
