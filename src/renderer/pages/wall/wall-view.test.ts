import { describe, expect, it } from 'vitest';
import { wallOptionsFromHash, wallViewAt } from './wall-view';

describe('a wall’s views', () => {
  it('shows everything on one screen unless the address asks for a rotation', () => {
    expect(wallOptionsFromHash('#wall')).toEqual({ rotateSeconds: null });
    expect(wallViewAt({ rotateSeconds: null }, 60_000, false)).toBe('all');
  });

  it('turns from sites to alerts to incidents every N seconds, never faster than five', () => {
    const options = wallOptionsFromHash('#page=wall&rotate=20');
    expect(options.rotateSeconds).toBe(20);
    expect([0, 19_999, 20_000, 40_000, 60_000].map((ms) => wallViewAt(options, ms, false))).toEqual([
      'sites',
      'sites',
      'alerts',
      'incidents',
      'sites',
    ]);
    expect(wallOptionsFromHash('#wall&rotate=1').rotateSeconds).toBe(5);
    expect(wallOptionsFromHash('#wall&rotate=abc').rotateSeconds).toBeNull();
    expect(wallOptionsFromHash('#wall&rotate=-3').rotateSeconds).toBeNull();
  });

  it('holds on the alerts while something is critical', () => {
    const options = { rotateSeconds: 10 };
    expect(wallViewAt(options, 0, true)).toBe('alerts');
    expect(wallViewAt(options, 25_000, true)).toBe('alerts');
  });
});
