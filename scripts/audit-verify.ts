// `npm run audit:verify -- FILE`: checks an audit export (CSV or JSON Lines) without the console.
// Imports only the export format module the console writes with, so both hash the same way.
// Exit code 0 when the file is intact, 1 when anything is altered, missing or unreadable.
import { readFileSync } from 'node:fs';
import { checkExport } from '../src/core/audit/export-format';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run audit:verify -- FILE (an audit export, .csv or .jsonl)');
  process.exit(1);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  console.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const check = checkExport(text);
const period = check.meta ? ` (${new Date(check.meta.from).toISOString()} to ${new Date(check.meta.to).toISOString()})` : '';
const range = check.firstSeq === null ? 'no entries' : `entries ${check.firstSeq} to ${check.lastSeq}`;
const pruned = check.prunedSecurityEvents;
const prunedSaid =
  pruned.length === 0
    ? ''
    : ` ${pruned.length} ${pruned.length === 1 ? 'is a pruned security event' : 'are pruned security events'} (past their retention, only seq, time and hashes kept): ${pruned.slice(0, 10).join(', ')}${pruned.length > 10 ? ', …' : ''}.`;
if (check.ok) {
  console.log(`OK: ${file} is intact: ${check.entries} ${check.format.toUpperCase()} entries, ${range}${period}.${prunedSaid}`);
  process.exit(0);
}
const first = check.problems[0]!;
console.log(`BROKEN: ${file}: ${check.problemCount} break${check.problemCount === 1 ? '' : 's'}; the first: ${first.reason}`);
for (const problem of check.problems.slice(1)) console.log(`  ${problem.reason}`);
if (check.problemCount > check.problems.length) console.log(`  … and ${check.problemCount - check.problems.length} more.`);
process.exit(1);
