import { describe, expect, it } from 'vitest';
import { createGestureTracker, GESTURE_WINDOW_MS, isUserGesture } from './user-gesture';

const T0 = 1_000_000;

describe('opening a link only after the operator did something', () => {
  it('counts key presses and mouse clicks, not moves, wheels or a held key', () => {
    expect(isUserGesture({ type: 'keyDown' })).toBe(true);
    expect(isUserGesture({ type: 'mouseDown' })).toBe(true);
    expect(isUserGesture({ type: 'mouseUp' })).toBe(true);
    expect(isUserGesture({ type: 'keyDown', isAutoRepeat: true })).toBe(false);
    expect(isUserGesture({ type: 'keyUp' })).toBe(false);
    expect(isUserGesture({ type: 'mouseMove' })).toBe(false);
    expect(isUserGesture({ type: 'mouseWheel' })).toBe(false);
  });

  it('refuses a page that opens a link by itself', () => {
    const gestures = createGestureTracker();
    expect(gestures.take(T0)).toBe(false);
    gestures.note({ type: 'mouseMove' }, T0);
    expect(gestures.take(T0 + 10)).toBe(false);
  });

  it('lets a click open one link right after it, not a second one, and not one much later', () => {
    const gestures = createGestureTracker();
    gestures.note({ type: 'mouseUp' }, T0);
    expect(gestures.take(T0 + 20)).toBe(true);
    expect(gestures.take(T0 + 30)).toBe(false);

    gestures.note({ type: 'keyDown' }, T0 + 100);
    expect(gestures.take(T0 + 100 + GESTURE_WINDOW_MS + 1)).toBe(false);
  });
});
