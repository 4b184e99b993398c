import { afterAll, beforeAll } from 'vitest';

/**
 * happy-dom lays nothing out, so every element is 0 px tall and a virtualized list would show no
 * rows. This gives elements a screen's height while the calling test file runs.
 */
export function withScreenHeight(heightPx = 900): void {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => heightPx });
  });
  afterAll(() => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original);
  });
}

/** As withScreenHeight, for the width too: a layout computed from an element's size (the wall's grid) needs both. */
export function withScreenSize(widthPx: number, heightPx: number): void {
  withScreenHeight(heightPx);
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => widthPx });
  });
  afterAll(() => {
    if (original) Object.defineProperty(HTMLElement.prototype, 'clientWidth', original);
  });
}
