const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
const WHOLE_NUMBER = /^\d+$/;

/**
 * The common cron lines in words ("Sundays at 02:00", "every day at 22:30"); anything else is
 * shown as typed, which an operator who wrote it can still read.
 */
export function describeCron(cron: string): string {
  const fields = cron.trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (
    fields.length !== 5 ||
    minute === undefined ||
    hour === undefined ||
    !WHOLE_NUMBER.test(minute) ||
    !WHOLE_NUMBER.test(hour) ||
    month !== '*'
  )
    return `cron “${cron.trim()}”`;
  const at = `at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  if (dayOfMonth === '*' && dayOfWeek === '*') return `Every day ${at}`;
  if (dayOfMonth === '*' && dayOfWeek === '1-5') return `Weekdays ${at}`;
  if (dayOfMonth === '*' && dayOfWeek !== undefined && /^[0-7](,[0-7])*$/.test(dayOfWeek)) {
    const days = [...new Set(dayOfWeek.split(',').map((day) => WEEKDAYS[Number(day)]))];
    return `${days.join(', ')} ${at}`;
  }
  if (dayOfMonth !== undefined && WHOLE_NUMBER.test(dayOfMonth) && dayOfWeek === '*') return `Day ${dayOfMonth} of every month ${at}`;
  return `cron “${cron.trim()}”`;
}
