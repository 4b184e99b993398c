/// <reference lib="dom" />
/**
 * statusboard: the live board in Debian's Chromium with 2,000 monitors while 20 of them change state
 * every second, end to end (core → socket.io → renderer). Needs `npm run build` first.
 *
 * - first render: navigation start to the first frame painted with monitor rows in it; the median
 *   of 5 cold loads (a new browser context each), without tracing.
 * - frame time: the main-thread work of each frame, from Chromium's trace (see frameWork), not the
 *   vsync interval, which is 16.7 ms whatever the page does.
 * - long tasks: the PerformanceObserver "longtask" entries while the changes stream in.
 */
import { existsSync } from 'node:fs';
import { io } from 'socket.io-client';
import type { Page } from '@playwright/test';
import { newDataDir, openSignedIn, sessionCookieFor, startServe } from '../e2e/support/serve';
import { measureBrowserFloor } from './support/browser-floor';
import { percentile, report } from './support/report';
import { frameWork, type TraceEvent } from './support/trace';
import { callOrThrow, firstFrameOf, launchChromium, longTasksOf, openMeasuredPage } from './support/ui-bench';

const MONITORS = 2000;
const SITES = 20;
const CHANGES_PER_SECOND = 20;
const MEASURE_SECONDS = Number(process.env.WATCHROOM_BENCH_SECONDS ?? 20);
const FIRST_RENDER_LOADS = 5;
const VIEWPORT = { width: 1600, height: 1000 };
const BOARD_WATCHER = { username: 'wall-watcher', displayName: 'Wall Watcher', password: 'copper meadow slowly 77' };
function fleetDocument(): string {
  const sites = Array.from({ length: SITES }, (_, s) => ({
    id: `site-${s}`,
    name: `Site ${String(s + 1).padStart(2, '0')}`,
    address: null,
    tags: [],
  }));
  const monitors = Array.from({ length: MONITORS }, (_, m) => ({
    id: `mon-${m}`,
    siteId: `site-${m % SITES}`,
    name: `Camera ${m + 1}`,
    // Manual monitors are never probed: the only changes are the ones this bench makes.
    probe: { kind: 'manual' },
    tags: [m % 2 === 0 ? 'video' : 'access'],
  }));
  return JSON.stringify({ format: 'watchroom-config', version: 1, sites, monitors });
}

/**
 * Waits for React's board with every monitor read over the socket, and returns when (ms from
 * navigation start) it was first seen. The early paint's count line ("Showing the first 100 of 2000
 * monitors…") matches the words too; changes streamed from then on would time the console's
 * start-up under the inert painted board, not the board following changes.
 */
async function reactBoardOf(page: Page): Promise<number> {
  const seen = await page.waitForFunction(
    (count) =>
      document.querySelector('[data-early-paint]') === null &&
      document.querySelector('[data-testid="board-count"]')?.textContent?.startsWith(`${count} monitors`) === true &&
      performance.now(),
    MONITORS,
    { timeout: 60_000, polling: 'raf' },
  );
  return (await seen.jsonValue()) as number;
}

async function main(): Promise<void> {
  if (!existsSync('dist/core/serve.mjs') || !existsSync('dist/renderer/index.html')) throw new Error('run `npm run build` first');
  const serve = await startServe(newDataDir());
  const { origin, cookie } = await sessionCookieFor(serve);
  const socket = io(origin, { transports: ['websocket'], extraHeaders: { cookie } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  await callOrThrow(socket, 'config.import', { text: fleetDocument() });
  // The browsers sign in as someone else: each load is a new session, and the sixth of one person
  // would end the oldest, which is this driver's.
  await callOrThrow(socket, 'users.create', { ...BOARD_WATCHER, role: 'viewer', sites: null });

  const browser = await launchChromium();
  // First render, cold: a new browser context (empty cache) per load, no tracing to slow it down.
  const firstRenders: number[] = [];
  /** The painted board is inert: when React's board, every monitor read, replaced it. */
  const takeOvers: number[] = [];
  for (let load = 0; load < FIRST_RENDER_LOADS; load += 1) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await openMeasuredPage(context, '[data-testid="monitor-row"]');
    await openSignedIn(page, serve, BOARD_WATCHER);
    firstRenders.push(await firstFrameOf(page));
    takeOvers.push(await reactBoardOf(page));
    await context.close();
  }

  // The same rows as a static table: name, site, status, latency and reason, as the board shows them.
  const floor = await measureBrowserFloor(
    browser,
    VIEWPORT,
    Array.from({ length: MONITORS }, (_, m) => [
      `Camera ${m + 1}`,
      `Site ${String((m % SITES) + 1).padStart(2, '0')}`,
      'Up',
      '12 ms',
      'for 3 min',
      m % 2 === 0 ? 'video' : 'access',
    ]),
    FIRST_RENDER_LOADS,
  );

  const page = await openMeasuredPage(await browser.newContext({ viewport: VIEWPORT }), '[data-testid="monitor-row"]');
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel'] });
  await openSignedIn(page, serve, BOARD_WATCHER);
  await firstFrameOf(page);
  await reactBoardOf(page);

  // Steady state from here: the long tasks of loading do not count against the live updates, and
  // the mark tells the trace where the changes start.
  await page.evaluate(() => {
    (window as unknown as { benchLongTasks: number[] }).benchLongTasks = [];
    performance.mark('bench-changes-start');
  });
  const statuses = ['down', 'degraded', 'up'] as const;
  const total = CHANGES_PER_SECOND * MEASURE_SECONDS;
  const started = performance.now();
  const changes: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / CHANGES_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    changes.push(
      callOrThrow(socket, 'monitors.setManualState', {
        id: `mon-${(i * 97) % MONITORS}`,
        status: statuses[i % statuses.length],
        note: `bench change ${i}`,
      }),
    );
  }
  // Every change answered before core stops: one still in flight would fail the run after its report.
  await Promise.all(changes);
  await page.waitForTimeout(1000);
  const longTasks = await longTasksOf(page);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  // WATCHROOM_BENCH_DUMP=file keeps the trace, to open in the DevTools performance panel.
  if (process.env.WATCHROOM_BENCH_DUMP) (await import('node:fs')).writeFileSync(process.env.WATCHROOM_BENCH_DUMP, JSON.stringify(trace));
  const mark = trace.traceEvents.find((e) => e.name === 'bench-changes-start');
  if (!mark) throw new Error('the start mark is missing from the trace');
  const framesDuringChanges = frameWork(trace.traceEvents, mark);

  socket.close();
  await browser.close();
  await serve.stop();

  report('statusboard', {
    monitors: { value: MONITORS, unit: 'monitors' },
    changes_per_second: { value: CHANGES_PER_SECOND, unit: 'changes/s' },
    first_render: { value: percentile(firstRenders, 50), unit: 'ms', target: '<= 500' },
    first_render_per_static_table: { value: percentile(firstRenders, 50) / floor.staticTableMs, unit: 'x static table', target: '<= 1.0' },
    static_table_first_frame: { value: floor.staticTableMs, unit: 'ms (2,000 rows of plain HTML, same browser)' },
    empty_page_first_frame: { value: floor.emptyPageMs, unit: 'ms (same browser)' },
    first_render_max: { value: Math.max(...firstRenders), unit: 'ms' },
    first_render_first_load: { value: firstRenders[0] ?? Number.NaN, unit: 'ms' },
    react_board: {
      value: percentile(takeOvers, 50),
      unit: "ms (navigation to React's board with every monitor, which replaces the inert painted one; same 5 loads)",
    },
    frame_time_p95: { value: percentile(framesDuringChanges, 95), unit: 'ms', target: '<= 16.7' },
    frame_time_p50: { value: percentile(framesDuringChanges, 50), unit: 'ms' },
    frame_time_max: { value: Math.max(...framesDuringChanges), unit: 'ms' },
    frames_measured: { value: framesDuringChanges.length, unit: 'frames' },
    long_task_max: { value: longTasks.length === 0 ? 0 : Math.max(...longTasks), unit: 'ms', target: '<= 100' },
    long_tasks: { value: longTasks.length, unit: 'tasks' },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
