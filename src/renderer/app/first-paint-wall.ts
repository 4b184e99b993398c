/**
 * The wall display's first screen painted with plain DOM from the early answers
 * (transport/first-screen.ts), before the console's code is evaluated: the board's early paint
 * (first-paint.ts) for the wall. It mirrors what React's first commit of the wall shows (WallShell,
 * WallPage), element for element and class for class, with the grid laid out by the same
 * wallGrid from the same measured area, so that when React takes #root over the header and every
 * cell stay where they were. What React's first commit does not know yet (the alert queue, the
 * incidents, the console's name) is not shown here either: the panels say they are reading.
 *
 * Only what core answered to this page's own cookie is painted (the sites a person limited to some
 * sees are the ones core answered), for a signed-in seat (a person or a paired display) opening
 * on the wall without rotation. Anything else is left to React. Types only from the contract and
 * plain modules: this runs inside the early script's bundle, which must not evaluate zod or React.
 */
import type { AuthState, BoardSnapshot, ConsoleStatus } from '../../shared/contract';
import { sitesByWorstStatus, siteRanks } from '../../shared/domain/board-order';
import { FIRST_BOARD_SCREENFUL, FIRST_ALERTS_SCREENFUL } from '../../shared/domain/first-screen';
import { STATUS_SEVERITY, type StatusCounts } from '../../shared/domain/monitor-status';
import { STATUS_PRESENTATION } from '../format/monitor-status';
import { formatClock } from '../format/time';
import { wallGrid, WALL_GAP_PX, type WallGrid } from '../pages/wall/wall-layout';
import { wallOptionsFromHash } from '../pages/wall/wall-view';
import {
  wallCellWords,
  wallCountWords,
  WALL_FIRST_CONNECTING,
  WALL_READING_ALERTS,
  WALL_READING_INCIDENTS,
} from '../pages/wall/wall-words';
import { afterNextPaint, earlyAnswer, h, stylesheetsApplied, styled } from './early-dom';

/** Marks the painted wall, so that a test (and a reader of the DOM) tells it from React's. */
export const EARLY_WALL_ATTRIBUTE = 'data-early-paint';

/** A painted wall that nothing takes over is not left frozen on screen: the boot message comes back. */
export const WALL_TAKE_OVER_MS = 8000;

type Site = BoardSnapshot['sites'][number];

/** A seat React shows the wall to: signed in (a person or a paired display), with nothing to enrol first. */
function wallSeat(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('state' in value) || value.state !== 'signed-in') return false;
  return !(value as Extract<AuthState, { state: 'signed-in' }>).mustEnrolTwoFactor;
}

function consoleStatusOf(value: unknown): ConsoleStatus | null {
  if (typeof value !== 'object' || value === null || !('status' in value)) return null;
  const { status } = value;
  return status === 'ok' || status === 'warning' || status === 'critical' ? status : null;
}

function sumCounts(sites: readonly Site[]): StatusCounts {
  const sum = Object.fromEntries(STATUS_SEVERITY.map((status) => [status, 0])) as StatusCounts;
  for (const site of sites) for (const status of STATUS_SEVERITY) sum[status] += site.counts[status];
  return sum;
}

/** WallHeader's first commit: status unknown (the socket is still connecting), counts, clock, and "connecting…". */
function header(sites: readonly Site[], lastKnown: ConsoleStatus | null, now: number): { element: HTMLElement; clock: HTMLElement } {
  const counts = wallCountWords(sumCounts(sites), sites.length);
  const clock = h('span', { class: 'wall__clock', 'data-testid': 'wall-clock' }, formatClock(now, 'local'));
  const element = h(
    'header',
    { class: 'wall__header' },
    h(
      'p',
      { class: 'wall__status wall__status--unknown', 'data-testid': 'wall-status', 'data-status': 'unknown' },
      h('span', { 'aria-hidden': 'true' }, '○ '),
      `Status unknown${lastKnown === null ? '' : ` (was ${lastKnown.toUpperCase()})`}`,
    ),
    h(
      'p',
      { class: 'wall__counts', 'data-testid': 'wall-counts' },
      ...counts.problems.map(({ status, text }) =>
        h(
          'span',
          { class: `wall__count status-text--${status}` },
          h('span', { 'aria-hidden': 'true' }, `${STATUS_PRESENTATION[status].symbol} `),
          text,
        ),
      ),
      h('span', { class: 'wall__count' }, counts.total),
    ),
    h(
      'p',
      { class: 'wall__time' },
      clock,
      h('span', { class: 'wall__as-of', 'data-testid': 'wall-as-of', 'data-live': 'false' }, WALL_FIRST_CONNECTING),
    ),
  );
  return { element, clock };
}

function panel(testId: string, titleId: string, title: string, saying: string): HTMLElement {
  return h(
    'section',
    { class: 'wall__panel', 'aria-labelledby': titleId, 'data-testid': testId },
    h('h2', { id: titleId, class: 'wall__panel-title' }, title),
    h('p', { class: 'wall__none' }, saying),
  );
}

/** WallSites' grid: every site, problems first, in the cells wallGrid gives the measured area. */
function siteGrid(sites: readonly Site[], grid: WallGrid): HTMLElement {
  const byId = new Map(sites.map((site) => [site.id, site]));
  // MonitorStore's site order (by name), then the wall's (worst first, stable).
  const ordered = sitesByWorstStatus([...siteRanks(sites).keys()], (id) => byId.get(id)?.worst ?? null);
  const cells = ordered.flatMap((id) => {
    const site = byId.get(id);
    if (site === undefined) return [];
    const words = wallCellWords(site, grid.detail);
    return [
      h(
        'li',
        {
          class: words.className,
          'data-testid': 'wall-site',
          'data-site-id': site.id,
          'data-worst': words.worst,
          'aria-label': words.label,
        },
        h('span', { class: 'wall-site__name' }, h('span', { class: 'wall-site__symbol', 'aria-hidden': 'true' }, words.symbol), site.name),
        words.line === null ? null : h('span', { class: 'wall-site__line', 'aria-hidden': 'true' }, words.line),
        words.counts === null ? null : h('span', { class: 'wall-site__line wall-site__counts', 'aria-hidden': 'true' }, words.counts),
      ),
    ];
  });
  return styled(
    h('ul', { class: `wall-sites wall-sites--${grid.detail}`, 'data-testid': 'wall-site-grid', 'data-detail': grid.detail }, ...cells),
    {
      'grid-template-columns': `repeat(${grid.columns}, minmax(0, 1fr))`,
      'grid-auto-rows': `${Math.floor(grid.cellHeight)}px`,
      gap: `${WALL_GAP_PX}px`,
      'font-size': `${Math.floor(grid.fontPx * 10) / 10}px`,
    },
  );
}

export interface EarlyWall {
  /** The painted wall, until React's first commit takes #root over. */
  shell: HTMLElement;
  /** Where the sites go: measured once the shell is in the page, then given the grid. */
  sitesArea: HTMLElement;
  sites: readonly Site[];
  /** The header clock, which the painter keeps ticking while it is on screen. */
  clock: HTMLElement;
}

/** The wall's first screen without its grid (that needs the area measured in the page), or null when React is the one to show it. */
export function buildWallPaint(answers: ReadonlyMap<string, unknown>, hash: string, now: number): EarlyWall | null {
  if (wallOptionsFromHash(hash).rotateSeconds !== null) return null;
  if (!wallSeat(earlyAnswer(answers, 'auth.state', undefined))) return null;
  const board = earlyAnswer(answers, 'board.snapshot', { first: FIRST_BOARD_SCREENFUL }) as BoardSnapshot | null;
  if (board === null || board.sites.length === 0) return null;
  const lastKnown = consoleStatusOf(earlyAnswer(answers, 'alerts.snapshot', { first: FIRST_ALERTS_SCREENFUL }));
  const top = header(board.sites, lastKnown, now);
  const sitesArea = h('section', { class: 'wall__sites', 'aria-label': 'Sites, problems first', 'data-testid': 'wall-sites' });
  const shell = h(
    'main',
    // Inert: nothing on it works yet (a wall has nothing to click anyway), and tests wait for React's own elements.
    { class: 'wall-shell', id: 'main', inert: '', [EARLY_WALL_ATTRIBUTE]: '' },
    h(
      'div',
      { class: 'wall wall--all', 'data-testid': 'page-wall', 'data-view': 'all' },
      top.element,
      h(
        'div',
        { class: 'wall__body' },
        sitesArea,
        h(
          'div',
          { class: 'wall__side' },
          panel('wall-alerts', 'wall-alerts-title', 'Critical and high alerts ', WALL_READING_ALERTS),
          panel('wall-incidents', 'wall-incidents-title', 'Open incidents ', WALL_READING_INCIDENTS),
        ),
      ),
    ),
  );
  return { shell, sitesArea, sites: board.sites, clock: top.clock };
}

function stillBooting(root: HTMLElement): boolean {
  return root.children.length === 1 && root.firstElementChild?.classList.contains('boot-message') === true;
}

/**
 * Paints the wall into `root` once the early answers and the page's stylesheets are in (the grid is
 * laid out from the area's measured size), unless React got there first or this is not the wall's
 * plain case. Resolves when the painted frame is on screen, or at once when nothing was painted.
 */
export async function paintWallEarly(root: HTMLElement, answers: Promise<ReadonlyMap<string, unknown> | null>): Promise<void> {
  const answered = await answers;
  if (answered === null) return;
  await stylesheetsApplied(document);
  if (!stillBooting(root)) return;
  const boot = [...root.childNodes];
  let paint: EarlyWall | null;
  try {
    paint = buildWallPaint(answered, window.location.hash, Date.now());
  } catch {
    // An answer shaped otherwise than this painter expects: React shows the wall itself.
    paint = null;
  }
  if (paint === null) return;
  const { shell, sitesArea, sites, clock } = paint;
  root.replaceChildren(shell);
  // WallSites measures the same element (clientWidth and clientHeight) before its first paint.
  sitesArea.append(siteGrid(sites, wallGrid(sites.length, sitesArea.clientWidth, sitesArea.clientHeight)));
  const ticking = setInterval(() => {
    if (!shell.isConnected) return clearInterval(ticking);
    clock.textContent = formatClock(Date.now(), 'local');
  }, 1000);
  setTimeout(() => {
    clearInterval(ticking);
    if (shell.isConnected) root.replaceChildren(...boot);
  }, WALL_TAKE_OVER_MS);
  await afterNextPaint();
}
