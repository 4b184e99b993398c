// The clock-shifted unit run: vitest under libfaketime with the wall clock 400 days ahead, in a
// time zone with daylight saving on the other side of the world. A test that reads today's date
// or the machine's zone instead of its own fake clock fails here, long before the calendar
// catches up with it in CI.
import { spawnSync } from 'node:child_process';

export const CLOCK_SHIFT = { days: 400, timeZone: 'Pacific/Auckland' };

export function faketimeAvailable() {
  return spawnSync('faketime', ['-f', '+0d', 'true']).status === 0;
}

/** Runs vitest under faketime; writes its JSON report to jsonFile and returns whether it passed. */
export function runClockShiftedVitest(jsonFile) {
  console.log(`\n=== vitest, clock +${CLOCK_SHIFT.days} days in ${CLOCK_SHIFT.timeZone}`);
  const result = spawnSync(
    'faketime',
    [
      '-f',
      `+${CLOCK_SHIFT.days}d`,
      'node_modules/.bin/vitest',
      'run',
      '--reporter=dot',
      '--reporter=json',
      `--outputFile.json=${jsonFile}`,
    ],
    {
      stdio: 'inherit',
      // Only the wall clock moves: timers and timeouts run on the real monotonic clock.
      env: { ...process.env, TZ: CLOCK_SHIFT.timeZone, FAKETIME_DONT_FAKE_MONOTONIC: '1' },
    },
  );
  return result.status === 0;
}
