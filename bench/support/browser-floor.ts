/// <reference lib="dom" />
/**
 * The browser's own floor for a first render, measured in the same run, browser and viewport as
 * a UI benchmark: the first frame of an empty page, and of a static HTML table holding the same
 * rows the console shows. A console on a slow machine is judged against these, not against a
 * number taken on another machine.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from '@playwright/test';
import { percentile } from './report';

/** Marks the first frame painted after the document was parsed, as the UI benchmarks do. */
const MARK_FIRST_FRAME =
  '<script>requestAnimationFrame(() => setTimeout(() => (window.benchFirstRender = performance.now()), 0));</script>';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function page(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{background:#111;color:#ddd;font:14px system-ui;margin:0}td{padding:4px 8px;border-bottom:1px solid #333}</style></head><body>${body}${MARK_FIRST_FRAME}</body></html>`;
}

export interface BrowserFloor {
  /** Median ms from navigation start to the first frame of an empty page. */
  emptyPageMs: number;
  /** Median ms to the first frame of a static table of the same rows. */
  staticTableMs: number;
}

export async function measureBrowserFloor(
  browser: Browser,
  viewport: { width: number; height: number },
  rows: readonly (readonly string[])[],
  loads: number,
): Promise<BrowserFloor> {
  const table = page(
    `<table>${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')}</table>`,
  );
  const empty = page('');
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(request.url === '/table' ? table : empty);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  async function firstFrames(path: string): Promise<number> {
    const samples: number[] = [];
    for (let load = 0; load < loads; load += 1) {
      const context = await browser.newContext({ viewport });
      const tab = await context.newPage();
      await tab.goto(`${origin}${path}`);
      await tab.waitForFunction(() => (window as unknown as { benchFirstRender?: number }).benchFirstRender !== undefined);
      samples.push(await tab.evaluate(() => (window as unknown as { benchFirstRender: number }).benchFirstRender));
      await context.close();
    }
    return percentile(samples, 50);
  }
  try {
    return { emptyPageMs: await firstFrames('/empty'), staticTableMs: await firstFrames('/table') };
  } finally {
    server.close();
  }
}
