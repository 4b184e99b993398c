import { chromium } from '@playwright/test';
const [url, out, scale = 'normal', w = '1920', h = '1080', page_ = 'board'] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--no-first-run','--disable-sync'] });
const p = await b.newPage({ viewport: { width: Number(w), height: Number(h) } });
p.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
await p.goto(url + '#page=' + page_);
await p.waitForTimeout(4000);
await p.evaluate((s) => { document.documentElement.dataset.scale = s; }, scale);
await p.waitForTimeout(500);
console.log(JSON.stringify(await p.evaluate(() => ({
  doc: document.documentElement.scrollHeight, win: innerHeight,
  banners: [...document.querySelectorAll('.attention, [data-testid*=banner]')].map(e => e.getAttribute('data-testid') + ':' + Math.round(e.getBoundingClientRect().height)),
  rows: [...document.querySelectorAll('[data-testid=monitor-row]')].filter(r => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; }).length,
}))));
await p.screenshot({ path: out });
await b.close();
