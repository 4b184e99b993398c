/// <reference lib="dom" />
/** What the UI benchmarks share: the browser they launch, the first frame they time, and how they drive core. */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Debian's Chromium (or WATCHROOM_CHROMIUM) with the flags the tests use, plus any a scenario needs. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.WATCHROOM_CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Calls a contract method over the socket; throws with core's message when it fails. */
export async function callOrThrow(socket: Socket, method: string, input: unknown): Promise<void> {
  const envelope = (await socket.timeout(60_000).emitWithAck(method, input)) as { ok: boolean; error?: { message: string } };
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message ?? 'failed'}`);
}

/**
 * A page that records the first frame painted with an element matching `selector` in it (the
 * frame is painted before the task after its rAF runs) and every long task.
 */
export async function openMeasuredPage(context: BrowserContext, selector: string): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript((shown: string) => {
    const w = window as unknown as { benchFirstRender?: number; benchLongTasks: number[] };
    w.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.benchLongTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
    const seen = new MutationObserver(() => {
      if (!document.querySelector(shown)) return;
      seen.disconnect();
      requestAnimationFrame(() => setTimeout(() => (w.benchFirstRender = performance.now()), 0));
    });
    seen.observe(document, { childList: true, subtree: true });
  }, selector);
  return page;
}

/** Milliseconds from navigation start to the first frame openMeasuredPage saw. */
export async function firstFrameOf(page: Page): Promise<number> {
  await page.waitForFunction(() => (window as unknown as { benchFirstRender?: number }).benchFirstRender !== undefined, undefined, {
    timeout: 60_000,
  });
  return page.evaluate(() => (window as unknown as { benchFirstRender: number }).benchFirstRender);
}

/** The long tasks seen since the page opened (or since the last reset), and a reset for a steady-state window. */
export function longTasksOf(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { benchLongTasks: number[] }).benchLongTasks);
}
