import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Settings } from '../../../shared/contract';
import { EARLY_PAINT_ATTRIBUTE } from '../../app/early-console-shell';
import { describeGroup, type AlertQueue } from '../../../shared/domain/alert-queue';
import { OTHER_SITES_LABEL } from '../../../shared/domain/own-sites';
import { useEffectiveSettings } from '../../api/queries';
import { useViewStore } from '../../state/view-store';
import { alertRowElementId, AlertRow } from './AlertRow';
import { layoutQueue } from './queue-layout';

type UiScale = Settings['uiScale'];

/** Heights in rem, so a wall display's larger text gets taller rows. */
const ROW_HEIGHT_REM = 3.25;
const GROUP_HEADER_REM = 2.25;
const GROUP_GAP_REM = 0.6;
const DIVIDER_REM = 2.25;
/** The root font size of each text scale, relative to the browser's (tokens.css: 100 %, 125 %, 160 %). */
const SCALE_FACTOR: Record<UiScale, number> = { normal: 1, large: 1.25, wall: 1.6 };

/**
 * The root font size in px at a text scale, as the board computes it: read from the page, divided
 * by the scale shown now (the setting is applied after render), times the scale asked for.
 */
function rootFontPx(uiScale: UiScale): number {
  const root = document.documentElement;
  const shown = SCALE_FACTOR[root.dataset.scale as UiScale] ?? 1;
  const base = Number.parseFloat(getComputedStyle(root).fontSize) / shown;
  return (Number.isFinite(base) && base > 0 ? base : 16) * SCALE_FACTOR[uiScale];
}

/**
 * The list's size until the virtualizer reads its own (in the commit): the early-painted list's
 * (app/first-paint-alerts.ts), which React's first commit replaces in the same place, so that commit
 * already holds the rows on screen rather than adding them in a second render. Elsewhere none.
 */
function paintedQueueRect(): { width: number; height: number } {
  const painted = document.querySelector(`[${EARLY_PAINT_ATTRIBUTE}] .alert-queue`);
  return painted === null ? { width: 0, height: 0 } : { width: painted.clientWidth, height: painted.clientHeight };
}

/** Where a row sits inside its group's card: re-rendered when rows move, while the row itself is not. */
function AlertSlot({ top, height, children }: { top: number; height: number; children: ReactNode }) {
  return (
    <div role="presentation" className="row-slot" style={{ transform: `translateY(${top}px)`, height }}>
      {children}
    </div>
  );
}

/**
 * The grouped queue, virtualized: only the lines on screen exist, each inside its site's card, whose
 * header stays in view while its alerts scroll. This component does not follow the cursor (rows do),
 * so a cursor move renders it again only when the list has to scroll.
 */
export function AlertQueueList({ queue, emptyMessage }: { queue: AlertQueue; emptyMessage: ReactNode }) {
  const { uiScale, timeZone } = useEffectiveSettings();
  const sizes = useMemo(() => {
    const rootPx = rootFontPx(uiScale);
    return {
      rowPx: Math.round(ROW_HEIGHT_REM * rootPx),
      headerPx: Math.round(GROUP_HEADER_REM * rootPx),
      gapPx: Math.round(GROUP_GAP_REM * rootPx),
      dividerPx: Math.round(DIVIDER_REM * rootPx),
    };
  }, [uiScale]);
  const layout = useMemo(() => layoutQueue(queue.groups, queue.firstOtherGroup, sizes), [queue.groups, queue.firstOtherGroup, sizes]);
  const estimateSize = useCallback((index: number) => layout.itemSize[index] ?? sizes.rowPx, [layout, sizes]);
  const itemKey = useCallback(
    (index: number) => layout.itemAlert[index] ?? `site:${queue.groups[layout.itemGroup[index] ?? 0]?.siteId ?? index}`,
    [layout, queue.groups],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const [initialRect] = useState(paintedQueueRect);
  // This project does not run the React Compiler; the virtualizer instance is stable and only its
  // scrollToIndex leaves this component, from a store subscription keyed on that instance.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: layout.itemSize.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey: itemKey,
    // The group header stays at the top while its rows scroll: a row scrolled to must not hide under it.
    scrollPaddingStart: sizes.headerPx,
    overscan: 8,
    initialRect,
  });

  // The cursor, followed without rendering this list: the grid names the row for screen readers,
  // and a row the cursor reaches off screen is scrolled to.
  const layoutRef = useRef(layout);
  useEffect(() => {
    layoutRef.current = layout;
  }, [layout]);
  useEffect(() => {
    const follow = (cursor: string | null, align: 'auto' | 'center') => {
      const grid = scrollRef.current;
      const index = cursor === null ? undefined : layoutRef.current.itemOfAlert.get(cursor);
      if (grid !== null) {
        if (cursor !== null && index !== undefined) grid.setAttribute('aria-activedescendant', alertRowElementId(cursor));
        else grid.removeAttribute('aria-activedescendant');
      }
      if (index !== undefined) virtualizer.scrollToIndex(index, { align });
    };
    // Arriving with a cursor (from the attention banner, or back from another page): show its row.
    follow(useViewStore.getState().alertCursor, 'center');
    return useViewStore.subscribe((state, previous) => {
      if (state.alertCursor !== previous.alertCursor) follow(state.alertCursor, 'auto');
    });
  }, [virtualizer]);

  const visibleGroups = new Map<number, number[]>();
  for (const item of virtualizer.getVirtualItems()) {
    const group = layout.itemGroup[item.index];
    if (group === undefined) continue;
    const rows = visibleGroups.get(group) ?? [];
    if (layout.itemAlert[item.index] !== null) rows.push(item.index);
    visibleGroups.set(group, rows);
  }

  return (
    <div
      ref={scrollRef}
      className="alert-queue"
      role="grid"
      aria-label="Alert queue"
      aria-rowcount={queue.ids.length}
      tabIndex={0}
      data-testid="alert-queue"
    >
      <div className="alert-queue__inner" style={{ height: virtualizer.getTotalSize() }}>
        {layout.dividerTop !== null && queue.firstOtherGroup !== null && visibleGroups.has(queue.firstOtherGroup) ? (
          <div
            role="presentation"
            className="other-sites-divider alert-queue__divider"
            style={{ top: layout.dividerTop, height: sizes.dividerPx }}
            data-testid="other-sites-divider"
          >
            {OTHER_SITES_LABEL}
          </div>
        ) : null}
        {[...visibleGroups].map(([groupIndex, rows]) => {
          const group = queue.groups[groupIndex];
          const groupTop = layout.groupTop[groupIndex] ?? 0;
          if (group === undefined) return null;
          const description = describeGroup(group);
          return (
            <section
              key={group.siteId}
              role="rowgroup"
              aria-label={description}
              className={`alert-group alert-group--${group.worst ?? 'resolved'}`}
              style={{ top: groupTop, height: layout.groupHeight[groupIndex] }}
              data-testid="alert-group"
              data-site-id={group.siteId}
            >
              <div role="row" className="alert-group__header" style={{ height: sizes.headerPx }}>
                <span role="columnheader" className="alert-group__title" data-testid="alert-group-title">
                  {description}
                </span>
              </div>
              {rows.map((itemIndex) => {
                const alertId = layout.itemAlert[itemIndex];
                return alertId == null ? null : (
                  <AlertSlot key={alertId} top={(layout.itemStart[itemIndex] ?? 0) - groupTop} height={sizes.rowPx}>
                    <AlertRow alertId={alertId} timeZone={timeZone} />
                  </AlertSlot>
                );
              })}
            </section>
          );
        })}
      </div>
      {queue.ids.length === 0 ? <div className="alert-queue__empty">{emptyMessage}</div> : null}
    </div>
  );
}
