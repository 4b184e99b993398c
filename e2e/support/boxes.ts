import { expect } from '@playwright/test';

/** An element's box as x, y, width, height (getBoundingClientRect), taken in the page. */
export type Box = [number, number, number, number];

/** The painted element and React's stand where each other stood: within a pixel on every side. */
export function expectSameBox(painted: Box | null, react: Box | null, what: string): void {
  expect(painted, `${what} painted`).not.toBeNull();
  expect(react, `${what} in React's first commit`).not.toBeNull();
  const [x, y, width, height] = painted as Box;
  const [rx, ry, rWidth, rHeight] = react as Box;
  const moved = Math.max(Math.abs(x - rx), Math.abs(y - ry), Math.abs(width - rWidth), Math.abs(height - rHeight));
  expect(moved, `${what}: painted at ${String(painted)}, React's at ${String(react)}`).toBeLessThanOrEqual(1);
}
