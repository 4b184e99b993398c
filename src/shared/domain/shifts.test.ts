import { describe, expect, it } from 'vitest';
import { nearestShiftChange, normalizedBoundaries, shiftChangesAround } from './shifts';

const utc = (day: number, hours: number, minutes = 0) => Date.UTC(2026, 11, day, hours, minutes);

describe('shift changes', () => {
  it('finds the shift changes either side of now, across midnight', () => {
    expect(shiftChangesAround(['07:00', '19:00'], 'utc', utc(3, 18, 40))).toEqual({ previous: utc(3, 7), next: utc(3, 19) });
    expect(shiftChangesAround(['07:00', '19:00'], 'utc', utc(4, 2))).toEqual({ previous: utc(3, 19), next: utc(4, 7) });
    expect(shiftChangesAround(['07:00', '19:00'], 'utc', utc(3, 19))).toEqual({ previous: utc(3, 19), next: utc(4, 7) });
    expect(shiftChangesAround([], 'utc', utc(3, 12))).toBeNull();
  });

  it('hands over the nearer shift change: early at 18:40 and late at 19:10 both hand over 19:00', () => {
    expect(nearestShiftChange(['07:00', '19:00'], 'utc', utc(3, 18, 40))).toBe(utc(3, 19));
    expect(nearestShiftChange(['07:00', '19:00'], 'utc', utc(3, 19, 10))).toBe(utc(3, 19));
    expect(nearestShiftChange(['06:00'], 'utc', utc(3, 23))).toBe(utc(4, 6));
  });

  it('stores boundaries sorted and once each', () => {
    expect(normalizedBoundaries(['19:00', '07:00'])).toEqual(['07:00', '19:00']);
  });
});
