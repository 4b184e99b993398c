/**
 * Whether a page's request to open a link follows something the operator did. A page that opens
 * links by itself (a compromised renderer, an injected script) must not be able to send the
 * operator's browser anywhere. Pure, so it is tested under Node without Electron.
 */

/** Long enough for a click or Enter to reach window.open, too short for a page to save one up. */
export const GESTURE_WINDOW_MS = 1_000;

/** The fields of Electron's keyboard Input and MouseInputEvent this reads. */
export interface InputLike {
  type: string;
  isAutoRepeat?: boolean;
}

/** A key pressed or a mouse button pressed or released; not moves, wheels or held-down key repeats. */
export function isUserGesture(input: InputLike): boolean {
  if (input.type === 'keyDown' || input.type === 'rawKeyDown') return input.isAutoRepeat !== true;
  return input.type === 'mouseDown' || input.type === 'mouseUp';
}

export interface GestureTracker {
  /** Every keyboard and mouse input of one webContents passes here. */
  note(input: InputLike, now: number): void;
  /** True, once, when a gesture came within the window: one click opens one link. */
  take(now: number): boolean;
}

export function createGestureTracker(windowMs = GESTURE_WINDOW_MS): GestureTracker {
  let lastGestureAt: number | null = null;
  return {
    note(input, now) {
      if (isUserGesture(input)) lastGestureAt = now;
    },
    take(now) {
      const recent = lastGestureAt !== null && now - lastGestureAt >= 0 && now - lastGestureAt <= windowMs;
      lastGestureAt = null;
      return recent;
    },
  };
}
