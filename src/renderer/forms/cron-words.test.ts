import { describe, expect, it } from 'vitest';
import { describeCron } from './cron-words';

describe('cron lines in words', () => {
  it.each([
    ['0 2 * * 0', 'Sundays at 02:00'],
    ['30 22 * * *', 'Every day at 22:30'],
    ['0 6 * * 1-5', 'Weekdays at 06:00'],
    ['0 3 * * 6,7', 'Saturdays, Sundays at 03:00'],
    ['15 4 1 * *', 'Day 1 of every month at 04:15'],
    ['*/5 * * * *', 'cron “*/5 * * * *”'],
    ['0 2 * 1 0', 'cron “0 2 * 1 0”'],
  ])('%s', (cron, words) => expect(describeCron(cron)).toBe(words));
});
