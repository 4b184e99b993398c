import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useBoardVersion, useMonitorStore } from '../../api/monitor-store-context';
import { useEffectiveSettings, useOwnSites } from '../../api/queries';
import { OTHER_SITES_LABEL } from '../../../shared/domain/own-sites';
import type { MonitorStatus, Settings } from '../../../shared/contract';
import type { BoardEntry } from '../../api/monitor-store';
import { useViewStore } from '../../state/view-store';
import { EARLY_PAINT_ATTRIBUTE } from '../../app/early-console-shell';
import { MonitorRow, rowElementId, RowSlot } from './MonitorRow';
import { useBoardKeys } from './use-board-keys';
import { BoardRowsKeeper } from './visible-monitors';

/** Row and header heights in rem, so a wall display's larger text gets taller rows. */
const ROW_HEIGHT_REM = 3.5;
const HEADER_HEIGHT_REM = 2.25;
/** The root font size of each text scale, relative to the browser's (tokens.css: 100 %, 125 %, 160 %). */
const SCALE_FACTOR: Record<UiScale, number> = { normal: 1, large: 1.25, wall: 1.6 };

/**
 * The root font size in px at a text scale. Read from the page (the browser's own default may not
 * be 16 px), divided by the scale the page shows now, since the setting is applied after render.
 */
function rootFontPx(uiScale: UiScale): number {
  const root = document.documentElement;
  const shown = SCALE_FACTOR[root.dataset.scale as UiScale] ?? 1;
  const base = Number.parseFloat(getComputedStyle(root).fontSize) / shown;
  return (Number.isFinite(base) && base > 0 ? base : 16) * SCALE_FACTOR[uiScale];
}

type UiScale = Settings['uiScale'];

/** What the board counts as a problem the operator should not miss when scrolled away from it. */
const PROBLEM_STATUSES: ReadonlySet<MonitorStatus> = new Set(['down', 'degraded', 'unknown']);

function countProblems(ids: readonly string[], entryOf: (id: string) => BoardEntry | undefined): number {
  let count = 0;
  for (const id of ids) {
    const status = entryOf(id)?.state.status;
    if (status !== undefined && PROBLEM_STATUSES.has(status)) count += 1;
  }
  return count;
}

/**
 * The grid's size until the virtualizer reads its own (in the commit): the early-painted grid's, which
 * React's first commit replaces in the same place (e2e/first-paint.spec.ts). The first commit then holds
 * the rows on screen, and the read finds the same size, rather than a first commit with no room for
 * rows and a second render, inside the same commit, that adds them all. Elsewhere none (the library's default).
 */
function paintedGridRect(): { width: number; height: number } {
  const painted = document.querySelector(`[${EARLY_PAINT_ATTRIBUTE}] .board-grid`);
  return painted === null ? { width: 0, height: 0 } : { width: painted.clientWidth, height: painted.clientHeight };
}

const COLUMNS = ['Status', 'Monitor and target', 'Site', 'Why', 'Latency', 'In status'] as const;

/** The grid's lines: the monitors shown, with the line before the other sites' first monitor when the person is limited to some. */
function gridLines(ids: readonly string[], firstOther: number | null) {
  const dividerAt = firstOther ?? Infinity;
  return {
    count: ids.length + (firstOther === null ? 0 : 1),
    /** A monitor id, or null for the divider. */
    monitorAt: (line: number): string | null | undefined => (line < dividerAt ? ids[line] : line === dividerAt ? null : ids[line - 1]),
    lineOf: (index: number): number => (index < dividerAt ? index : index + 1),
    /** How many monitors the first `lines` lines hold. */
    monitorsIn: (lines: number): number => (lines > dividerAt ? lines - 1 : lines),
  };
}

export function MonitorGrid({ emptyMessage }: { emptyMessage: ReactNode }) {
  const store = useMonitorStore();
  const version = useBoardVersion();
  const filters = useViewStore((state) => state.boardFilters);
  const cursor = useViewStore((state) => state.boardCursor);
  const openMonitor = useViewStore((state) => state.openMonitor);
  const { uiScale, timeZone } = useEffectiveSettings();
  const own = useOwnSites();
  // Recomputed once per frame at most (the version changes per frame), never per event; a frame
  // that only changed a few statuses moves those monitors instead of going over every one.
  const [rowsKeeper] = useState(() => new BoardRowsKeeper());
  const { ids, firstOther } = useMemo(
    () => rowsKeeper.rows(store.orderedIds(), store.getEntry, filters, own, version, store.statusChangesAt(version)),
    [rowsKeeper, store, filters, own, version],
  );
  const lines = useMemo(() => gridLines(ids, firstOther), [ids, firstOther]);

  const rootPx = useMemo(() => rootFontPx(uiScale), [uiScale]);
  const rowHeight = Math.round(ROW_HEIGHT_REM * rootPx);
  const headerHeight = Math.round(HEADER_HEIGHT_REM * rootPx);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [initialRect] = useState(paintedGridRect);
  // This project does not run the React Compiler; the virtualizer instance is stable and only its
  // scrollToIndex leaves this component, wrapped in a callback keyed on that instance.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    // Keyed by line (the default), not by monitor: every row is the same height and none is
    // measured, and a key that changed with the order made the virtualizer rebuild all its
    // measurements in every frame a status changed. The rows are keyed by monitor below.
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
    overscan: 6,
    initialRect,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, headerHeight]);

  // Coming back from the page of the monitor under the cursor, the operator is reading that row:
  // it stays in view. Arriving any other way, the board opens at its top, where the problems are.
  const [readingIndexOnArrival] = useState(() => {
    const { previousPage, monitorId } = useViewStore.getState();
    return previousPage === 'monitor' && cursor !== null && monitorId === cursor ? lines.lineOf(ids.indexOf(cursor)) : -1;
  });
  useEffect(() => {
    if (readingIndexOnArrival > 0) virtualizer.scrollToIndex(readingIndexOnArrival, { align: 'center' });
  }, [virtualizer, readingIndexOnArrival]);

  // Rows scrolled out of view above (more than half a row), and how many of them are problems.
  const hiddenAbove = lines.monitorsIn(Math.min(lines.count, Math.floor((virtualizer.scrollOffset ?? 0) / rowHeight + 0.5)));
  const problemsAbove = countProblems(ids.slice(0, hiddenAbove), store.getEntry);

  const scrollToIndex = useCallback(
    (index: number) => virtualizer.scrollToIndex(lines.lineOf(index), { align: 'auto' }),
    [virtualizer, lines],
  );
  useBoardKeys(ids, scrollToIndex);

  const total = store.size;
  const stillLoading = store.totalStillLoading();
  return (
    <>
      <p className="board-grid__count muted" role="status" data-testid="board-count">
        {stillLoading !== null
          ? `Showing the first ${ids.length} of ${stillLoading} monitors; reading the rest…`
          : ids.length === total
            ? `${total} monitor${total === 1 ? '' : 's'}`
            : `Showing ${ids.length} of ${total} monitors`}
        <span className="board-grid__keys"> · j/k to move, Enter to open</span>
        {problemsAbove > 0 ? (
          <button
            type="button"
            className="button button--small board-grid__problems-above"
            onClick={() => virtualizer.scrollToOffset(0)}
            data-testid="board-problems-above"
          >
            <span aria-hidden="true">▲ </span>
            {problemsAbove} problem{problemsAbove === 1 ? '' : 's'} above
          </button>
        ) : null}
      </p>
      <div
        ref={scrollRef}
        className="board-grid"
        role="grid"
        aria-label="Monitors"
        aria-rowcount={lines.count + 1}
        tabIndex={0}
        aria-activedescendant={cursor !== null && ids.includes(cursor) ? rowElementId(cursor) : undefined}
        data-testid="monitor-grid"
      >
        <div className="board-grid__inner" style={{ height: virtualizer.getTotalSize() }}>
          <div role="row" className="board-grid__header" style={{ height: headerHeight }}>
            {COLUMNS.map((column) => (
              <div key={column} role="columnheader">
                {column}
              </div>
            ))}
          </div>
          {virtualizer.getVirtualItems().map((item) => {
            const id = lines.monitorAt(item.index);
            if (id === null)
              return (
                <RowSlot key="other-sites" top={item.start} height={item.size}>
                  <div role="row" className="other-sites-divider board-grid__divider" data-testid="other-sites-divider">
                    <div role="gridcell">{OTHER_SITES_LABEL}</div>
                  </div>
                </RowSlot>
              );
            return id === undefined ? null : (
              <RowSlot key={id} top={item.start} height={item.size}>
                <MonitorRow monitorId={id} selected={id === cursor} timeZone={timeZone} onOpen={openMonitor} />
              </RowSlot>
            );
          })}
        </div>
        {ids.length === 0 ? <div className="board-grid__empty">{emptyMessage}</div> : null}
      </div>
    </>
  );
}
