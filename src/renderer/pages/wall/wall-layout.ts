/**
 * How a wall display fits every site on one screen: the grid with the largest legible text that
 * holds them all, and how much of each cell it can afford. Cells shrink and drop detail (the
 * counts, then the status word) before anything leaves the screen; nothing ever scrolls.
 */

/** full: name, status word and counts; compact: name and status word with the worst count; minimal: symbol and name. */
export type WallDetail = 'full' | 'compact' | 'minimal';

export interface WallGrid {
  columns: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
  /** The text size of a cell's name, in CSS pixels. */
  fontPx: number;
  detail: WallDetail;
}

/** Space between cells, in CSS pixels. */
export const WALL_GAP_PX = 4;
const LINES: Record<WallDetail, number> = { full: 3, compact: 2, minimal: 1 };
/** Characters of a site name a cell is sized to show (longer names are cut with an ellipsis); a minimal cell shows fewer. */
const NAME_CHARACTERS: Record<WallDetail, number> = { full: 16, compact: 16, minimal: 10 };
/** Average glyph width per pixel of font size in the wall's font; the symbol and padding come on top. */
const GLYPH_WIDTH = 0.58;
const LINE_HEIGHT = 1.2;
/** Text larger than this is no easier to read across a room, only fewer sites per screen. */
const MAX_FONT_PX = 44;
/** Under this, a second or third line could not be read anyway: only the name is shown. */
const MIN_DETAIL_FONT_PX = 9;
/** More detail is worth text this much smaller than the largest possible, and no more. */
const DETAIL_WORTH = 0.75;

/** The name's font size a cell of this size allows with this much detail (never under 1 px: every site stays on screen). */
function fontFor(cellWidth: number, cellHeight: number, detail: WallDetail): number {
  const byWidth = (cellWidth - 12) / (GLYPH_WIDTH * (NAME_CHARACTERS[detail] + 2));
  const byHeight = (cellHeight - 6) / (LINE_HEIGHT * LINES[detail]);
  return Math.max(1, Math.min(MAX_FONT_PX, byWidth, byHeight));
}

/**
 * The grid for `count` sites in a `width` x `height` area. Every column count and detail is tried:
 * the largest text wins, except that more detail is taken when its text is nearly as large
 * (DETAIL_WORTH). At least one site always fits, however small.
 */
export function wallGrid(count: number, width: number, height: number): WallGrid {
  const sites = Math.max(1, count);
  const candidates: WallGrid[] = [];
  for (let columns = 1; columns <= sites; columns += 1) {
    const rows = Math.ceil(sites / columns);
    const cellWidth = (width - (columns - 1) * WALL_GAP_PX) / columns;
    const cellHeight = (height - (rows - 1) * WALL_GAP_PX) / rows;
    if (cellWidth <= 0) break;
    if (cellHeight <= 0) continue;
    for (const detail of ['full', 'compact', 'minimal'] as const)
      candidates.push({ columns, rows, cellWidth, cellHeight, detail, fontPx: fontFor(cellWidth, cellHeight, detail) });
  }
  const largest = Math.max(...candidates.map((grid) => grid.fontPx));
  const legible = candidates.filter(
    (grid) => grid.fontPx >= largest * DETAIL_WORTH && (grid.detail === 'minimal' || grid.fontPx >= MIN_DETAIL_FONT_PX),
  );
  legible.sort((a, b) => LINES[b.detail] - LINES[a.detail] || b.fontPx - a.fontPx);
  return legible[0] ?? { columns: 1, rows: sites, cellWidth: width, cellHeight: height / sites, fontPx: 1, detail: 'minimal' };
}
