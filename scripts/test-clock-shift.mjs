// `npm run test:clock-shift`: the unit tests with the clock a year ahead in another time zone.
import { mkdirSync } from 'node:fs';
import { CLOCK_SHIFT, faketimeAvailable, runClockShiftedVitest } from './lib/clock-shift.mjs';

if (!faketimeAvailable()) {
  console.error('test:clock-shift needs libfaketime: apt-get install faketime');
  process.exit(69);
}
mkdirSync('reports', { recursive: true });
const ok = runClockShiftedVitest('reports/vitest-clock-shift.json');
console.log(ok ? `clock-shifted run passed (+${CLOCK_SHIFT.days} days, ${CLOCK_SHIFT.timeZone})` : 'clock-shifted run failed');
process.exit(ok ? 0 : 1);
