import { describe, expect, it } from 'vitest';
import { composeWindowTitle } from './window-title';

describe('composeWindowTitle', () => {
  it('names the product when the page has no title of its own', () => {
    expect(composeWindowTitle(null, false)).toBe('Watchroom');
    expect(composeWindowTitle('  ', false)).toBe('Watchroom');
  });

  it("keeps the page's title and adds the product name when missing", () => {
    expect(composeWindowTitle('3 critical alerts', false)).toBe('3 critical alerts — Watchroom');
    expect(composeWindowTitle('Watchroom — Alerts', false)).toBe('Watchroom — Alerts');
  });

  it('says plainly when nothing will be kept after closing', () => {
    expect(composeWindowTitle('Watchroom', true)).toMatch(/temporary cache: nothing is kept after closing/);
  });
});
