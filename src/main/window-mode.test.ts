import { describe, expect, it } from 'vitest';
import { wallScreenIndex, windowHash, windowModeFromArgv } from './window-mode';

describe('the window a launch asks for', () => {
  it('is the console unless --wall is given', () => {
    expect(windowModeFromArgv(['/opt/watchroom/watchroom'])).toEqual({ kind: 'console' });
    expect(windowHash({ kind: 'console' })).toBe('');
  });

  it('is a wall display with --wall, rotating when asked, never faster than every five seconds', () => {
    expect(windowModeFromArgv(['watchroom', '--wall'])).toEqual({ kind: 'wall', rotateSeconds: null, screen: null });
    const rotating = windowModeFromArgv(['watchroom', '--wall', '--wall-rotate=20', '--wall-screen=2']);
    expect(rotating).toEqual({ kind: 'wall', rotateSeconds: 20, screen: 2 });
    expect(windowHash(rotating)).toBe('#page=wall&rotate=20');
    expect(windowModeFromArgv(['watchroom', '--wall', '--wall-rotate=1'])).toMatchObject({ rotateSeconds: 5 });
  });

  it('ignores values that are not plain positive numbers', () => {
    for (const bad of ['--wall-rotate=abc', '--wall-rotate=-5', '--wall-rotate=1e9', '--wall-rotate=0', '--wall-rotate=']) {
      expect(windowModeFromArgv(['watchroom', '--wall', bad])).toMatchObject({ rotateSeconds: null });
    }
  });

  it('puts the wall on the screen asked for, else on another screen than the console’s', () => {
    expect(wallScreenIndex({ kind: 'wall', rotateSeconds: null, screen: 3 }, 3, 0)).toBe(2);
    expect(wallScreenIndex({ kind: 'wall', rotateSeconds: null, screen: 4 }, 3, 0)).toBe(1);
    expect(wallScreenIndex({ kind: 'wall', rotateSeconds: null, screen: null }, 2, 1)).toBe(0);
    expect(wallScreenIndex({ kind: 'wall', rotateSeconds: null, screen: null }, 1, 0)).toBe(0);
  });
});
