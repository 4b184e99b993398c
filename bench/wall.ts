/// <reference lib="dom" />
/**
 * wall: the wall display (`#wall`) in Debian's Chromium with 500 sites x 8 monitors while 50
 * monitors change state every second, end to end (core -> socket.io -> renderer). Needs `npm run build`.
 *
 * - first paint: navigation start to the first frame with site cells in it; the median of 3 cold
 *   loads (a new browser context each), and the same browser's empty page for reference.
 * - frame time: the main-thread work of each frame while the changes stream in, from Chromium's
 *   trace (see bench/support/trace.ts); long tasks from the PerformanceObserver.
 * - every site on screen: at 1920x1080 and 3840x2160, how many of the 500 cells lie wholly inside
 *   the viewport (target: all), with a screenshot of each kept in WATCHROOM_BENCH_SHOTS (a folder) if set.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { newDataDir, openSignedIn, sessionCookieFor, startServe } from '../e2e/support/serve';
import { measureBrowserFloor } from './support/browser-floor';
import { percentile, report } from './support/report';
import { frameWork, type TraceEvent } from './support/trace';
import { callOrThrow, firstFrameOf, launchChromium, longTasksOf, openMeasuredPage } from './support/ui-bench';

const SITES = 500;
const MONITORS_PER_SITE = 8;
const MONITORS = SITES * MONITORS_PER_SITE;
const CHANGES_PER_SECOND = 50;
const MEASURE_SECONDS = Number(process.env.WATCHROOM_BENCH_SECONDS ?? 60);
const FIRST_PAINT_LOADS = 3;
const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };
const WATCHER = { username: 'wall-bench', displayName: 'Wall Bench', password: 'copper meadow slowly 77' };
function fleetDocument(): string {
  const sites = Array.from({ length: SITES }, (_, s) => ({
    id: `site-${s}`,
    name: `Site ${String(s + 1).padStart(3, '0')}`,
    address: null,
    tags: [],
  }));
  const monitors = Array.from({ length: MONITORS }, (_, m) => ({
    id: `mon-${m}`,
    siteId: `site-${m % SITES}`,
    name: `Camera ${m + 1}`,
    // Manual monitors are never probed: the only changes are the ones this bench makes.
    probe: { kind: 'manual' },
    tags: [],
  }));
  return JSON.stringify({ format: 'watchroom-config', version: 1, sites, monitors });
}

/** A wall page timed to its first frame with site cells; a bench wall stays silent and is never asked whether to sound. */
async function openWall(context: BrowserContext): Promise<Page> {
  const page = await openMeasuredPage(context, '[data-testid="wall-site"]');
  await page.addInitScript(() => window.localStorage.setItem('watchroom.wall.sound', 'off'));
  return page;
}

/**
 * Waits for the live wall: React's, every site on it, its socket connected. The early paint
 * (app/first-paint-wall.ts) shows every cell sooner, but it is inert and cannot show a change, and
 * the console is still starting under it: changes streamed from then on would time the start-up,
 * not the wall following changes (before the early paint, every cell on screen meant this).
 */
async function liveWall(page: Page): Promise<void> {
  await page.waitForFunction(
    (count) =>
      document.querySelector('[data-early-paint]') === null &&
      document.querySelector('[data-testid="wall-as-of"][data-live="true"]') !== null &&
      document.querySelectorAll('[data-testid="wall-site"]').length === count,
    SITES,
    { timeout: 60_000 },
  );
}

/** How many site cells of the live wall lie wholly inside the viewport. */
async function sitesOnScreen(page: Page): Promise<number> {
  await liveWall(page);
  return page.evaluate(() => {
    const { innerWidth, innerHeight } = window;
    return [...document.querySelectorAll('[data-testid="wall-site"]')].filter((cell) => {
      const box = cell.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight;
    }).length;
  });
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
  await callOrThrow(socket, 'users.create', { ...WATCHER, role: 'viewer', sites: null });

  const browser = await launchChromium();
  const firstPaints: number[] = [];
  for (let load = 0; load < FIRST_PAINT_LOADS; load += 1) {
    const context = await browser.newContext({ viewport: HD });
    const page = await openWall(context);
    await openSignedIn(page, serve, WATCHER, 'wall');
    firstPaints.push(await firstFrameOf(page));
    await context.close();
  }
  const floor = await measureBrowserFloor(browser, HD, [['Site 001', 'Up']], FIRST_PAINT_LOADS);

  const shots = process.env.WATCHROOM_BENCH_SHOTS;
  if (shots) mkdirSync(shots, { recursive: true });
  const onScreen: Record<string, number> = {};
  for (const [name, viewport] of [
    ['hd', HD],
    ['uhd', UHD],
  ] as const) {
    const context = await browser.newContext({ viewport });
    const page = await openWall(context);
    await openSignedIn(page, serve, WATCHER, 'wall');
    onScreen[name] = await sitesOnScreen(page);
    if (shots) await page.screenshot({ path: join(shots, `wall-${name}.png`) });
    await context.close();
  }

  const page = await openWall(await browser.newContext({ viewport: HD }));
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel'] });
  await openSignedIn(page, serve, WATCHER, 'wall');
  await liveWall(page);
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
        note: `bench ${i}`,
      }),
    );
  }
  await Promise.all(changes);
  await page.waitForTimeout(1000);
  const longTasks = await longTasksOf(page);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  // WATCHROOM_BENCH_DUMP=file keeps the trace, to open in the DevTools performance panel.
  if (process.env.WATCHROOM_BENCH_DUMP) (await import('node:fs')).writeFileSync(process.env.WATCHROOM_BENCH_DUMP, JSON.stringify(trace));
  const mark = trace.traceEvents.find((e) => e.name === 'bench-changes-start');
  if (!mark) throw new Error('the start mark is missing from the trace');
  const frames = frameWork(trace.traceEvents, mark);

  socket.close();
  await browser.close();
  await serve.stop();

  report('wall', {
    sites: { value: SITES, unit: 'sites' },
    monitors: { value: MONITORS, unit: 'monitors' },
    changes_per_second: { value: CHANGES_PER_SECOND, unit: 'changes/s' },
    first_paint: { value: percentile(firstPaints, 50), unit: 'ms', target: '<= 1000' },
    first_paint_per_empty_page: { value: percentile(firstPaints, 50) / floor.emptyPageMs, unit: 'x empty page' },
    empty_page_first_frame: { value: floor.emptyPageMs, unit: 'ms (same browser)' },
    sites_on_screen_1920x1080: { value: onScreen.hd ?? 0, unit: 'sites', target: `>= ${SITES}` },
    sites_on_screen_3840x2160: { value: onScreen.uhd ?? 0, unit: 'sites', target: `>= ${SITES}` },
    frame_time_p95: { value: percentile(frames, 95), unit: 'ms', target: '<= 16.7' },
    frame_time_p50: { value: percentile(frames, 50), unit: 'ms' },
    frames_measured: { value: frames.length, unit: 'frames' },
    long_task_max: { value: longTasks.length === 0 ? 0 : Math.max(...longTasks), unit: 'ms', target: '<= 100' },
    long_tasks: { value: longTasks.length, unit: 'tasks' },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
