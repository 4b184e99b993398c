/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
import { importFleet } from './support/fleet';
import { peopleSockets } from './support/people';
import { newDataDir, openSignedIn, startServe, type RunningServe } from './support/serve';

/**
 * The wall is painted from the early answers before the console's code runs (app/first-paint-wall.ts),
 * and React's first frame takes it over in place: every site cell and the header stay where they
 * were painted (within a pixel) and say the same, and no frame in between lacks the sites. A
 * rotating wall is left to React.
 */

const SITES = 40;
const VIEWER = { username: 'wall-viewer', displayName: 'Wall Viewer', password: 'copper meadow slowly 77' };

let serve: RunningServe;
const sockets = peopleSockets();

test.beforeAll(async () => {
  // Starting core and importing the fleet: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  serve = await startServe(newDataDir());
  // Big calls (the import) may take more than the default 10 s on a busy machine.
  const call = await sockets.callerAs(serve, undefined, { timeoutMs: 30_000 });
  // More monitors than the board's first screenful (100), so the wall is painted from core's per-site counts.
  await importFleet(call, { sites: SITES, monitors: SITES * 4, siteName: (s) => `Depot ${String(s + 1).padStart(2, '0')}` }, [
    { id: 'mon-7', status: 'down', note: 'cable cut at the east gate' },
    { id: 'mon-21', status: 'degraded', note: 'slow stream' },
    { id: 'mon-33', status: 'up', note: 'back after the reboot' },
  ]);
  await call('users.create', { ...VIEWER, role: 'viewer', sites: null });
});

test.afterAll(async () => {
  sockets.closeAll();
  await serve?.stop();
});

type Box = [number, number, number, number];
interface Screen {
  header: Box | null;
  cells: Record<string, Box>;
  /** What each cell and the header say, and how each cell is drawn (its classes). */
  words: Record<string, string>;
}
interface Frames {
  painted: Screen | null;
  react: Screen | null;
  /** Site cells on screen in every frame from the first painted one until a little after React's first. */
  cellsPerFrame: number[];
}

/** Watches every frame of the page from its start: the painted wall's, React's first, and the cells in each. */
async function recordFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const frames: Frames = { painted: null, react: null, cellsPerFrame: [] };
    (window as unknown as { wallFrames: Frames }).wallFrames = frames;
    const box = (element: Element | null): Box | null => {
      if (element === null) return null;
      const r = element.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height];
    };
    const screenOf = (root: Element): Screen => {
      const cells: Record<string, Box> = {};
      // Not the clock: a second may tick between the paint and React's frame.
      const words: Record<string, string> = {
        status: root.querySelector('[data-testid="wall-status"]')?.textContent ?? '',
        counts: root.querySelector('[data-testid="wall-counts"]')?.textContent ?? '',
      };
      for (const cell of root.querySelectorAll<HTMLElement>('[data-testid="wall-site"]')) {
        const id = cell.dataset.siteId ?? '';
        cells[id] = box(cell) as Box;
        words[id] = `${cell.className} | ${cell.getAttribute('aria-label') ?? ''} | ${cell.textContent ?? ''}`;
      }
      return { header: box(root.querySelector('.wall__header')), cells, words };
    };
    let framesAfterReact = 0;
    const watch = () => {
      const root = document.getElementById('root');
      const cells = root?.querySelectorAll<HTMLElement>('[data-testid="wall-site"]') ?? [];
      const early = root?.querySelector('[data-early-paint]') ?? null;
      if (root !== null && early !== null && frames.painted === null) frames.painted = screenOf(root);
      if (frames.painted !== null || frames.react !== null) frames.cellsPerFrame.push(cells.length);
      if (root !== null && early === null && cells.length > 0 && frames.react === null) frames.react = screenOf(root);
      if (frames.react !== null) framesAfterReact += 1;
      if (framesAfterReact < 30) requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
}

async function framesOf(page: Page): Promise<Frames> {
  await page.waitForFunction(() => {
    const frames = (window as unknown as { wallFrames: Frames }).wallFrames;
    return frames.react !== null && frames.cellsPerFrame.length >= 30;
  });
  return page.evaluate(() => (window as unknown as { wallFrames: Frames }).wallFrames);
}

function expectSameBox(painted: Box | null | undefined, react: Box | null | undefined, what: string): void {
  expect(painted, `${what} painted`).toBeTruthy();
  expect(react, `${what} in React's first frame`).toBeTruthy();
  const moved = Math.max(...(painted as Box).map((value, i) => Math.abs(value - ((react as Box)[i] ?? 0))));
  expect(moved, `${what}: painted at ${String(painted)}, React's at ${String(react)}`).toBeLessThanOrEqual(1);
}

for (const viewport of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`a viewer opening the wall at ${viewport.width}x${viewport.height}: the painted wall is taken over in place, with no frame without the sites`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await recordFrames(page);
    await openSignedIn(page, serve, VIEWER, 'wall');
    const frames = await framesOf(page);
    const painted = frames.painted as Screen;
    const react = frames.react as Screen;
    expect(painted, 'the wall was painted before React').not.toBeNull();
    expect(Object.keys(painted.cells)).toHaveLength(SITES);
    // Problems first: the site with a monitor down, then the degraded one.
    expect(Object.keys(painted.cells).slice(0, 2)).toEqual(['site-7', 'site-21']);
    for (const said of ['1 down', '1 degraded', `${SITES} sites · ${SITES * 4} monitors`]) expect(painted.words.counts).toContain(said);
    expectSameBox(painted.header, react.header, 'header');
    expect(react.words.counts).toBe(painted.words.counts);
    for (const id of Object.keys(painted.cells)) {
      expectSameBox(painted.cells[id], react.cells[id], `cell ${id}`);
      expect(react.words[id], `cell ${id}`).toBe(painted.words[id]);
    }
    // Not a frame between the painted wall and React's without every site on it.
    expect(frames.cellsPerFrame.every((cells) => cells === SITES)).toBe(true);
    await expect(page.locator('[data-early-paint]')).toHaveCount(0);
    await expect(page.getByTestId('wall-as-of')).toHaveText('live');
  });
}

test('a rotating wall is not painted early: React shows it', async ({ page }) => {
  await recordFrames(page);
  await openSignedIn(page, serve, VIEWER, 'page=wall&rotate=20');
  // React's wall (a painted one is marked): which view it is on depends on the alarm, not asserted here.
  await expect(page.locator('main.wall-shell:not([data-early-paint]) [data-testid="page-wall"]')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { wallFrames: Frames }).wallFrames.painted)).toBeNull();
});

test("a pairing address opened where a person is signed in paints nothing early: the wall that shows is the display's", async ({
  page,
}) => {
  const admin = await sockets.callerAs(serve);
  const { pairingCode } = (await admin('devices.pair', { name: 'Wall by the door' })) as { pairingCode: string };
  await recordFrames(page);
  await openSignedIn(page, serve, VIEWER);
  // React's board, not the painted one: the console's code, which reloads a pasted pairing address, runs by then.
  await expect(page.locator('.app-shell:not([data-early-paint]) [data-testid="board-page"]')).toBeVisible();
  await page.goto(`${new URL(serve.url).origin}/#pair=${encodeURIComponent(pairingCode)}&page=wall`);
  await expect(page.locator('main.wall-shell:not([data-early-paint]) [data-testid="page-wall"]')).toBeVisible();
  expect(page.url()).not.toContain('pair=');
  expect(await page.evaluate(() => (window as unknown as { wallFrames: Frames }).wallFrames.painted)).toBeNull();
});

test('a painted wall whose console code never arrives gives the boot message back, never a frozen wall', async ({ page }) => {
  await page.clock.install();
  await page.route(/console-main-[^/]*\.js$/, (route) => route.abort());
  await openSignedIn(page, serve, VIEWER, 'wall');
  await expect(page.locator('[data-early-paint] [data-testid="wall-site"]')).toHaveCount(SITES);
  await page.clock.runFor(8_000);
  await expect(page.locator('.boot-message')).toBeVisible();
  await expect(page.locator('[data-early-paint]')).toHaveCount(0);
});
