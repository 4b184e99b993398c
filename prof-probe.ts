import { chromium } from '@playwright/test';
import { io } from 'socket.io-client';
import { newDataDir, openSignedIn, sessionCookieFor, startServe } from './e2e/support/serve';
const MONITORS = 2000, SITES = 20;
function fleet() {
  const sites = Array.from({ length: SITES }, (_, s) => ({ id: `site-${s}`, name: `Site ${s}`, address: null, tags: [] }));
  const monitors = Array.from({ length: MONITORS }, (_, m) => ({ id: `mon-${m}`, siteId: `site-${m % SITES}`, name: `Camera ${m + 1}`, probe: { kind: 'manual' }, tags: [m % 2 ? 'video' : 'access'] }));
  return JSON.stringify({ format: 'watchroom-config', version: 1, sites, monitors });
}
const serve = await startServe(newDataDir());
const { origin, cookie } = await sessionCookieFor(serve);
const socket = io(origin, { transports: ['websocket'], extraHeaders: { cookie } });
await new Promise<void>((r) => socket.once('connect', () => r()));
await socket.timeout(60000).emitWithAck('config.import', { text: fleet() });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run','--disable-sync'] });
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
const page = await context.newPage();
await openSignedIn(page, serve);
await page.getByTestId('board-count').filter({ hasText: `${MONITORS} monitors` }).waitFor();
await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', 'disabled-by-default-devtools.timeline'] });
const statuses = ['down', 'degraded', 'up'];
const pending = [];
const t0 = performance.now();
for (let i = 0; i < 100; i++) {
  const wait = t0 + i * 50 - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  pending.push(socket.timeout(20000).emitWithAck('monitors.setManualState', { id: `mon-${(i * 97) % MONITORS}`, status: statuses[i % 3], note: `c ${i}` }));
}
await Promise.all(pending);
await page.waitForTimeout(500);
const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
const evs = trace.traceEvents.filter((e: any) => e.ph === 'X' && e.dur);
const main = evs.filter((e: any) => e.name === 'RunTask');
const tids = new Map<string, number>(); for (const e of main) tids.set(`${e.pid}:${e.tid}`, (tids.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
console.log([...tids.entries()].sort((a,b)=>b[1]-a[1]).slice(0,4));
const top = [...tids.entries()].sort((a,b)=>b[1]-a[1])[0][0];
const by = new Map<string, number>(); const cnt = new Map<string, number>();
for (const e of evs) { if (`${e.pid}:${e.tid}` !== top) continue; by.set(e.name, (by.get(e.name) ?? 0) + e.dur); cnt.set(e.name, (cnt.get(e.name) ?? 0) + 1); }
for (const [k, v] of [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(1), cnt.get(k), k);
const onMain = trace.traceEvents.filter((e: any) => `${e.pid}:${e.tid}` === top);
const starts = new Map<string, number>(); const frames: { start: number; end: number }[] = [];
for (const e of onMain) { if (e.name !== 'AnimationFrame') continue; if (e.ph === 's') starts.set(String(e.id), e.ts); else if (e.ph === 'f' && starts.has(String(e.id))) frames.push({ start: starts.get(String(e.id))!, end: e.ts }); }
console.log('frames', frames.length);
const detail = frames.map((f) => { const m = new Map<string, number>(); let busy = 0; for (const e of onMain) { if (e.ph !== 'X' || !e.dur || e.ts < f.start || e.ts + e.dur > f.end) continue; if (e.name === 'ThreadControllerImpl::RunTask') busy += e.dur; if (['FunctionCall','FireAnimationFrame','Paint','Layout','UpdateLayoutTree','Commit','PrePaint','Layerize','MinorGC','TimerFire','EventDispatch','V8.GC_SCAVENGER'].includes(e.name)) m.set(e.name, (m.get(e.name) ?? 0) + e.dur); } return { busy: busy / 1000, span: (f.end - f.start) / 1000, m }; });
detail.sort((a, b) => b.busy - a.busy);
for (const d of detail.slice(0, 12)) console.log(d.busy.toFixed(1), d.span.toFixed(1), [...d.m.entries()].map(([k, v]) => `${k}=${(v / 1000).toFixed(1)}`).join(' '));
const fc = onMain.filter((e: any) => e.name === 'FunctionCall' && e.dur > 3000).map((e: any) => [(e.dur/1000).toFixed(1), (e.args?.data?.url ?? '').split('/').pop() + ':' + e.args?.data?.lineNumber + ':' + e.args?.data?.columnNumber + ' ' + e.args?.data?.functionName]);
for (const f of fc.slice(0, 15)) console.log('FC', f.join(' '));
await browser.close(); socket.close(); await serve.stop();
