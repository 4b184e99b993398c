/**
 * One flush per frame for every store the console's events feed (monitors, alerts). Each store asks
 * for its flush here instead of its own requestAnimationFrame: the flushes run in one callback, so
 * what they notify renders in one React commit per frame, however many events and stores changed.
 */

type Flush = () => void;

const due = new Set<Flush>();
let scheduled = false;

/** A frame, or a short timer where there are no frames (tests, a hidden window). */
export function scheduleFrame(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
    requestAnimationFrame(callback);
  } else {
    setTimeout(callback, 16);
  }
}

/** Resolves once the frame after this moment has been painted: its callback runs before the paint, the task after it once it is done. */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => scheduleFrame(() => setTimeout(resolve, 0)));
}

function runDue(): void {
  scheduled = false;
  const flushes = [...due];
  due.clear();
  for (const flush of flushes) flush();
}

/** Runs `flush` once at the next frame, with every other flush asked for before it; asking again before then does nothing more. */
export function flushAtNextFrame(flush: Flush): void {
  due.add(flush);
  if (scheduled) return;
  scheduled = true;
  scheduleFrame(runDue);
}
