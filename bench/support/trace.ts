/** Reading Chromium traces the way the UI benchmarks need them. */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: number | string;
}

/**
 * Main-thread work (ms) of each frame of the page after `fromTs`. A frame is Chromium's own
 * AnimationFrame span (from the first task that led to it to the end of its rendering: the long-
 * animation-frame measure); its work is the time the renderer's main thread spent running tasks
 * inside that span (socket messages, React, style, layout, paint), without the idle wait for vsync.
 */
export function frameWork(events: readonly TraceEvent[], mark: TraceEvent): number[] {
  const onMain = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ts >= mark.ts);
  const tasks = onMain
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X')
    .map((e) => ({ start: e.ts, end: e.ts + (e.dur ?? 0) }));
  const starts = new Map<string, number>();
  const work: number[] = [];
  for (const event of onMain) {
    if (event.name !== 'AnimationFrame') continue;
    const key = String(event.id);
    const start = starts.get(key);
    if (event.ph === 's') starts.set(key, event.ts);
    else if (event.ph === 'f' && start !== undefined) {
      let busy = 0;
      for (const task of tasks)
        if (task.start < event.ts && task.end > start) busy += Math.min(task.end, event.ts) - Math.max(task.start, start);
      work.push(busy / 1000);
    }
  }
  return work;
}
