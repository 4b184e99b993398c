import { expect, type Page } from '@playwright/test';

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

/** What of a first screen is compared between the early paint and React's first commit. */
export interface FirstScreenMarks {
  /** The rows, each named by a data attribute (dataset key), and the cell whose words may tick between the two (an age). */
  row: string;
  rowId: string;
  ticking: string;
  /** Other words compared, by name: the text of every element a selector matches, joined. */
  texts: Record<string, string>;
}

export interface ScreenBoxes {
  header: Box | null;
  statusBar: Box | null;
  rows: Record<string, Box>;
  /** What each row says (by its id), and the words named in FirstScreenMarks.texts. */
  texts: Record<string, string>;
}

export interface FirstScreens {
  painted: ScreenBoxes | null;
  sawPaint: boolean;
  react: (ScreenBoxes & { hadRows: boolean }) | null;
}

/**
 * Records, in the page as it happens, the boxes and words of the early paint once it is on screen
 * and of React's first commit (before any later render): React can take the paint over before a
 * locator would look.
 */
export async function recordFirstScreens(page: Page, marks: FirstScreenMarks): Promise<void> {
  await page.addInitScript((what: FirstScreenMarks) => {
    const seen: FirstScreens = { painted: null, sawPaint: false, react: null };
    (window as unknown as { firstScreens: FirstScreens }).firstScreens = seen;
    const box = (element: Element | null): Box | null => {
      if (element === null) return null;
      const r = element.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    };
    const boxesOf = (root: Element): ScreenBoxes => {
      const rows: Record<string, Box> = {};
      const texts: Record<string, string> = {};
      for (const row of root.querySelectorAll<HTMLElement>(what.row)) {
        const id = row.dataset[what.rowId] ?? '';
        rows[id] = box(row) as Box;
        const cells = row.querySelectorAll(`[role="gridcell"]:not(${what.ticking})`);
        texts[id] = [...cells].map((cell) => cell.textContent).join(' | ');
      }
      for (const [name, selector] of Object.entries(what.texts))
        texts[name] = [...root.querySelectorAll(selector)].map((element) => element.textContent).join(' | ');
      return { header: box(root.querySelector('.app-header')), statusBar: box(root.querySelector('.status-bar')), rows, texts };
    };
    const observer = new MutationObserver(() => {
      const root = document.getElementById('root');
      if (root === null) return;
      const painted = root.querySelector('[data-early-paint]');
      if (painted !== null && !seen.sawPaint) {
        seen.sawPaint = true;
        // Measured in the frame that shows it.
        requestAnimationFrame(() => {
          if (painted.isConnected) seen.painted = boxesOf(root);
        });
      }
      const reactFirst = painted === null && root.firstElementChild !== null && !root.firstElementChild.classList.contains('boot-message');
      if (reactFirst && seen.react === null) {
        seen.react = { ...boxesOf(root), hadRows: root.querySelector(what.row) !== null };
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  }, marks);
}

/** What recordFirstScreens saw, once React's first commit is in. */
export async function firstScreens(page: Page): Promise<FirstScreens> {
  await page.waitForFunction(() => (window as unknown as { firstScreens: FirstScreens }).firstScreens.react !== null);
  return page.evaluate(() => (window as unknown as { firstScreens: FirstScreens }).firstScreens);
}

/**
 * React's first commit took the paint over in place: it already has rows (no "Connecting…" or
 * "Reading…" screen between), and the header, the status bar and every row both show stand where
 * the paint put them (within a pixel) and say the same words. Answers the two screens and the rows
 * both show, in order, for what a page checks beyond that.
 */
export function expectTakenOverInPlace(
  seen: FirstScreens,
  minimumRowsInBoth: number,
): { painted: ScreenBoxes; react: ScreenBoxes; common: string[] } {
  expect(seen.painted, 'painted before React').not.toBeNull();
  const painted = seen.painted as ScreenBoxes;
  const react = seen.react as ScreenBoxes & { hadRows: boolean };
  expect(react.hadRows).toBe(true);
  expectSameBox(painted.header, react.header, 'header');
  expectSameBox(painted.statusBar, react.statusBar, 'status bar');
  const common = Object.keys(painted.rows).filter((id) => id in react.rows);
  expect(common.length).toBeGreaterThanOrEqual(minimumRowsInBoth);
  for (const id of common) {
    expectSameBox(painted.rows[id] ?? null, react.rows[id] ?? null, `row ${id}`);
    expect(painted.texts[id], `row ${id}`).toBe(react.texts[id]);
  }
  return { painted, react, common };
}
