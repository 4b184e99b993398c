import { describe, expect, it } from 'vitest';
import { WALL_GAP_PX, wallGrid } from './wall-layout';

function fits(count: number, width: number, height: number) {
  const grid = wallGrid(count, width, height);
  expect(grid.columns * grid.rows).toBeGreaterThanOrEqual(count);
  expect(grid.columns * grid.cellWidth + (grid.columns - 1) * WALL_GAP_PX).toBeLessThanOrEqual(width + 0.001);
  expect(grid.rows * grid.cellHeight + (grid.rows - 1) * WALL_GAP_PX).toBeLessThanOrEqual(height + 0.001);
  return grid;
}

describe('the wall grid', () => {
  it('puts 500 sites on a 1080p wall without scrolling, still in text a room can read', () => {
    // The sites area of a 1920 x 1080 wall: the side column and the header take the rest.
    const grid = fits(500, 1400, 960);
    expect(grid.fontPx).toBeGreaterThanOrEqual(10);
    expect(grid.detail).toBe('minimal');
  });

  it('gives 500 sites on a 4K wall more room: larger text, more detail', () => {
    const hd = wallGrid(500, 1400, 960);
    const uhd = fits(500, 2900, 1980);
    expect(uhd.fontPx).toBeGreaterThan(hd.fontPx * 1.8);
  });

  it('shows a handful of sites large and with everything about them', () => {
    const grid = fits(12, 1400, 960);
    expect(grid.columns * grid.rows).toBeLessThan(16);
    expect(grid.detail).toBe('full');
    expect(grid.fontPx).toBeGreaterThanOrEqual(30);
  });

  it('drops detail before text gets small: counts go first, then the status word', () => {
    const rank = { full: 3, compact: 2, minimal: 1 };
    const details = [10, 20, 40, 60, 90, 120, 250, 500].map((count) => rank[wallGrid(count, 1400, 960).detail]);
    expect(details).toEqual([...details].sort((a, b) => b - a));
    expect(details[0]).toBe(3);
    expect(details.at(-1)).toBe(1);
  });

  it('still places every site on an absurdly small area or with none at all', () => {
    fits(2000, 640, 360);
    expect(wallGrid(0, 800, 600).columns).toBe(1);
  });
});
