/**
 * The board's first screen painted with plain DOM from the early answers (transport/first-screen.ts),
 * before the console's code is evaluated (about 100-200 ms of React, the contract and the pages).
 * It mirrors what React's first commit of the board shows, element for element and class for
 * class, so that when React takes the page over (createRoot clears #root at its first commit) the
 * header, the rows and the status bar stay where they were. What React knows only later (the
 * person's permissions, settings, the alarm) it shows as React's first commit does: not yet.
 *
 * Only for the plain case: a signed-in person (not a wall display's device session) with every
 * site, opening on the board with monitors in it. Anything else is left to React, which shows its
 * own screen as before. Types only from the contract and plain modules: this runs inside the early
 * script's bundle, which must not evaluate zod or React.
 */
import type { BoardSnapshot, MonitorStatus } from '../../shared/contract';
import { compareNames, byName, siteRanks } from '../../shared/domain/board-order';
import { FIRST_BOARD_SCREENFUL } from '../../shared/domain/first-screen';
import { countStatuses, STATUS_SEVERITY, type StatusCounts } from '../../shared/domain/monitor-status';
import type { BoardEntry } from '../api/monitor-store';
import { FREE_TEXT_MAX } from '../format/field-limits';
import { describeWhy, formatLatency, STATUS_PRESENTATION, statusLabel } from '../format/monitor-status';
import { formatUptime } from '../format/quantities';
import { formatTimestamp } from '../format/time';
import { orderedSiteIds, visibleMonitorIds } from '../pages/board/visible-monitors';
import type { BoardFilters } from '../state/view-store';
import { earlyAnswer, h, styled } from './early-dom';
import { consoleShell, paintableSeat, paintEarly, rootFontPx, select, type EarlyPaint } from './early-console-shell';

/** The board's filters when a console opens (view-store's EMPTY_BOARD_FILTERS; that module brings zustand). */
const OPENING_FILTERS: BoardFilters = { text: '', statuses: [], siteId: null, tag: null, order: 'problems-first' };
/** MonitorGrid's heights in rem, at the text size React's first commit uses (the settings are not read yet). */
const ROW_HEIGHT_REM = 3.5;
const HEADER_HEIGHT_REM = 2.25;
/** The virtualizer's rows beyond the window. */
const OVERSCAN = 6;
const COLUMNS = ['Status', 'Monitor and target', 'Site', 'Why', 'Latency', 'In status'] as const;

function badge(status: MonitorStatus, testId?: string): HTMLElement {
  const { label, symbol } = STATUS_PRESENTATION[status];
  return h(
    'span',
    { class: `badge badge--${status}`, ...(testId === undefined ? {} : { 'data-testid': testId }), 'data-status': status },
    h('span', { class: 'badge__symbol', 'aria-hidden': 'true' }, symbol),
    label,
  );
}

function siteTiles(board: BoardSnapshot, siteIds: readonly string[]): HTMLElement {
  const sites = new Map(board.sites.map((site) => [site.id, site]));
  const tiles = siteIds.flatMap((id) => {
    const site = sites.get(id);
    if (site === undefined) return [];
    const present = STATUS_SEVERITY.filter((status) => site.counts[status] > 0);
    const counts =
      present.length === 0
        ? h('p', { class: 'site-tile__empty' }, 'No monitors')
        : h(
            'ul',
            { class: 'site-tile__counts' },
            ...present.map((status) =>
              h(
                'li',
                { class: `site-tile__count status-text--${status}`, 'data-status': status },
                h('span', { 'aria-hidden': 'true' }, `${STATUS_PRESENTATION[status].symbol} `),
                `${site.counts[status]} ${STATUS_PRESENTATION[status].label.toLowerCase()}`,
              ),
            ),
          );
    const worst = site.worst;
    return [
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: `site-tile site-tile--${worst ?? 'none'}`,
            'data-testid': 'site-tile',
            'data-site-id': site.id,
            'data-worst': worst ?? 'none',
            'aria-pressed': 'false',
            title: `Show only ${site.name}`,
          },
          h(
            'span',
            { class: 'site-tile__head' },
            h('span', { class: 'site-tile__name' }, site.name),
            worst ? badge(worst) : h('span', { class: 'muted' }, '—'),
          ),
          site.maintenance
            ? h('span', { class: 'site-tile__maintenance' }, h('span', { 'aria-hidden': 'true' }, '⚒ '), 'Site in maintenance')
            : null,
          counts,
        ),
      ),
    ];
  });
  return h('section', { class: 'site-tiles', 'aria-label': 'Sites' }, h('ul', { class: 'site-tiles__list' }, ...tiles));
}

function filterBar(board: BoardSnapshot, siteIds: readonly string[], tags: readonly string[], counts: StatusCounts): HTMLElement {
  const siteName = new Map(board.sites.map((site) => [site.id, site.name]));
  return h(
    'form',
    { class: 'filters board-filters', role: 'search', 'aria-label': 'Filter monitors' },
    h(
      'label',
      { class: 'field board-filters__search' },
      h('span', { class: 'field__label' }, 'Search ', h('kbd', { class: 'key' }, '/')),
      h('input', {
        class: 'input',
        placeholder: 'Monitor name or target',
        maxlength: String(FREE_TEXT_MAX),
        autocomplete: 'off',
        'data-testid': 'board-filter-text',
        type: 'search',
      }),
    ),
    select('Site', 'board-filter-site', [['', 'All sites'], ...siteIds.map((id) => [id, siteName.get(id) ?? id] as const)]),
    select('Tag', 'board-filter-tag', [['', 'Any tag'], ...tags.map((tag) => [tag, tag] as const)]),
    select('Order', 'board-order', [
      ['problems-first', 'Problems first'],
      ['site-name', 'Site, then name'],
    ]),
    h(
      'fieldset',
      { class: 'status-filter', 'data-testid': 'board-filter-status' },
      h('legend', { class: 'field__label status-filter__legend' }, 'Status'),
      ...STATUS_SEVERITY.map((status) =>
        h(
          'label',
          { class: `status-chip status-chip--${status}`, 'data-status': status },
          h('input', { type: 'checkbox', value: status }),
          h('span', { 'aria-hidden': 'true', class: 'status-chip__symbol' }, STATUS_PRESENTATION[status].symbol),
          STATUS_PRESENTATION[status].label,
          h('span', { class: 'status-chip__count' }, String(counts[status])),
        ),
      ),
    ),
  );
}

function monitorRow(entry: BoardEntry, siteName: string, nameOf: (id: string) => string | undefined, now: number): HTMLElement {
  const { state } = entry;
  const why = describeWhy(state, nameOf);
  return h(
    'div',
    {
      role: 'row',
      id: `monitor-row-${entry.id}`,
      class: `monitor-row monitor-row--${state.status}`,
      'aria-selected': 'false',
      'data-testid': 'monitor-row',
      'data-monitor-id': entry.id,
      'data-status': state.status,
    },
    h(
      'div',
      { role: 'gridcell', class: 'monitor-row__status' },
      badge(state.status, 'monitor-status'),
      state.flapping
        ? h(
            'span',
            {
              class: 'flapping-badge',
              'data-testid': 'flapping-badge',
              title: 'More than 5 status changes in 10 minutes: alerts are held until it settles',
            },
            h('span', { 'aria-hidden': 'true' }, '↯ '),
            'FLAPPING',
          )
        : null,
    ),
    h(
      'div',
      { role: 'gridcell', class: 'monitor-row__name' },
      h('span', { class: 'monitor-row__title' }, entry.name),
      h('span', { class: 'monitor-row__target mono', title: entry.target }, entry.target),
    ),
    h('div', { role: 'gridcell', class: 'monitor-row__site' }, siteName),
    h('div', { role: 'gridcell', class: 'monitor-row__why', ...(why ? { title: why } : {}) }, why || h('span', { class: 'muted' }, '—')),
    h(
      'div',
      { role: 'gridcell', class: `monitor-row__latency${state.status === 'degraded' ? ` health--${state.health}` : ''}` },
      formatLatency(state.lastLatencyMs),
    ),
    h(
      'div',
      { role: 'gridcell', class: 'monitor-row__since' },
      h(
        'span',
        { title: `${statusLabel(state.status)} since ${formatTimestamp(state.since, 'local')}` },
        `for ${formatUptime(Math.max(0, now - state.since))}`,
      ),
    ),
  );
}

function sumCounts(counts: readonly StatusCounts[]): StatusCounts {
  const sum = countStatuses([]);
  for (const count of counts) for (const status of STATUS_SEVERITY) sum[status] += count[status];
  return sum;
}

/** The board page as BoardPage, SiteTiles, BoardFilterBar and MonitorGrid first render it from the first screenful. */
function boardPage(board: BoardSnapshot, rootPx: number, windowHeight: number, now: number): HTMLElement | null {
  const partial = board.monitors.length < board.total;
  const entries = new Map<string, BoardEntry>(board.monitors.map((m) => [m.id, { ...m, searchText: '' }]));
  if (entries.size === 0) return null;
  const sites = new Map(board.sites.map((site) => [site.id, site]));
  // MonitorStore.load's order (site, then name), then the grid's (problems first).
  const rank = siteRanks(board.sites);
  const ordered = [...entries.values()]
    .sort((a, b) => (rank.get(a.siteId) ?? 0) - (rank.get(b.siteId) ?? 0) || byName(a, b))
    .map((entry) => entry.id);
  const { ids } = visibleMonitorIds(ordered, (id) => entries.get(id), OPENING_FILTERS, null);
  const siteIds = [...rank.keys()];
  const tileIds = orderedSiteIds(siteIds, (id) => sites.get(id), OPENING_FILTERS.order, null).ids;
  const tags = [...new Set(board.monitors.flatMap((monitor) => monitor.tags))].sort(compareNames);
  const counts = partial
    ? sumCounts(board.sites.map((site) => site.counts))
    : countStatuses([...entries.values()].map((entry) => entry.state.status));

  const rowHeight = Math.round(ROW_HEIGHT_REM * rootPx);
  const headerHeight = Math.round(HEADER_HEIGHT_REM * rootPx);
  const shown = ids.slice(0, Math.ceil(windowHeight / rowHeight) + OVERSCAN);
  const nameOf = (id: string) => entries.get(id)?.name;
  const countText = partial
    ? `Showing the first ${ids.length} of ${board.total} monitors; reading the rest…`
    : `${board.total} monitor${board.total === 1 ? '' : 's'}`;
  return h(
    'section',
    { class: 'board', 'aria-labelledby': 'board-title', 'data-testid': 'board-page' },
    h(
      'div',
      { class: 'board__controls' },
      h(
        'div',
        { class: 'page-heading' },
        h('h2', { class: 'page-heading__title', id: 'board-title' }, 'Status board'),
        h(
          'div',
          { class: 'page-heading__aside' },
          h('button', { type: 'button', class: 'button button--primary', 'data-testid': 'add-monitor' }, 'Add monitor'),
        ),
      ),
      siteTiles(board, tileIds),
      filterBar(board, siteIds, tags, counts),
    ),
    h(
      'p',
      { class: 'board-grid__count muted', role: 'status', 'data-testid': 'board-count' },
      countText,
      h('span', { class: 'board-grid__keys' }, ' · j/k to move, Enter to open'),
    ),
    h(
      'div',
      {
        class: 'board-grid',
        role: 'grid',
        'aria-label': 'Monitors',
        'aria-rowcount': String(ids.length + 1),
        tabindex: '0',
        'data-testid': 'monitor-grid',
      },
      styled(
        h(
          'div',
          { class: 'board-grid__inner' },
          styled(h('div', { role: 'row', class: 'board-grid__header' }, ...COLUMNS.map((c) => h('div', { role: 'columnheader' }, c))), {
            height: `${headerHeight}px`,
          }),
          ...shown.flatMap((id, index) => {
            const entry = entries.get(id);
            if (entry === undefined) return [];
            const slot = h(
              'div',
              { role: 'presentation', class: 'row-slot' },
              monitorRow(entry, sites.get(entry.siteId)?.name ?? '—', nameOf, now),
            );
            return [styled(slot, { transform: `translateY(${headerHeight + rowHeight * index}px)`, height: `${rowHeight}px` })];
          }),
        ),
        { height: `${headerHeight + rowHeight * ids.length}px` },
      ),
    ),
  );
}

/**
 * Builds the console's first screen on the board from the early answers, or null when React is the
 * one to show this seat or page. `rootPx` is the root font size (MonitorGrid's row heights).
 */
export function buildBoardPaint(
  answers: ReadonlyMap<string, unknown>,
  now: number,
  rootPx: number,
  windowHeight: number,
): EarlyPaint | null {
  const seat = paintableSeat(earlyAnswer(answers, 'auth.state', undefined));
  const board = earlyAnswer(answers, 'board.snapshot', { first: FIRST_BOARD_SCREENFUL }) as BoardSnapshot | null;
  if (seat === null || board === null) return null;
  const page = boardPage(board, rootPx, windowHeight, now);
  return page === null ? null : consoleShell(seat, now, 'board', page, null);
}

/**
 * Paints the board into `root` once the early answers are in, unless React got there first or the
 * answers are not the board's plain case. Resolves when the painted frame is on screen, or at once
 * when nothing was painted.
 */
export function paintBoardEarly(root: HTMLElement, answers: Promise<ReadonlyMap<string, unknown> | null>): Promise<void> {
  return paintEarly(root, answers, (answered) => buildBoardPaint(answered, Date.now(), rootFontPx(), window.innerHeight));
}
