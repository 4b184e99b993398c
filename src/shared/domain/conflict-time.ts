/**
 * When something a refusal found happened, as the operator reads it: "14:02" if it was the same
 * day as now in the console's time zone setting, else "22 Nov 2026, 14:02". The hub's clock and the
 * hub's setting decide it, so every seat that is refused reads the same sentence.
 */
export function conflictTimeFormatter(zone: 'local' | 'utc', now: number): (ms: number) => string {
  const timeZone = zone === 'utc' ? { timeZone: 'UTC' } : {};
  const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', ...timeZone });
  const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', ...timeZone });
  const today = day.format(now);
  return (ms) => (day.format(ms) === today ? time.format(ms) : `${day.format(ms)}, ${time.format(ms)}`);
}
