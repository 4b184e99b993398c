// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { withScreenHeight } from '../../testing/layout';
import { boardMonitor, testSite, testSnapshot, testState, T0 } from '../../testing/monitoring-fixtures';
import { renderApp } from '../../testing/render-app';
import { useViewStore } from '../../state/view-store';

withScreenHeight();

const SITES = [testSite('north', { name: 'Depot North' }), testSite('gate', { name: 'Harbour Gate' })];
const MONITORS = [
  boardMonitor('uplink', 'gate', {
    name: 'Gate uplink',
    tags: ['uplink'],
    state: { status: 'down', verdict: 'down', lastError: 'connection refused', since: T0 - 4 * 60_000 },
  }),
  boardMonitor('barrier', 'gate', {
    name: 'Barrier controller',
    parentId: 'uplink',
    state: { status: 'unknown', verdict: 'down', cause: { kind: 'unreachable', parentId: 'uplink' } },
  }),
  boardMonitor('nvr', 'north', { name: 'NVR web interface', tags: ['video'] }),
  boardMonitor('cam3', 'north', {
    name: 'Camera 3 stream',
    tags: ['video'],
    state: { status: 'degraded', verdict: 'degraded', health: 'warning', lastLatencyMs: 812, flapping: true },
  }),
  boardMonitor('door', 'north', { name: 'Door controller', target: '10.0.0.7:4070', kind: 'tcp', tags: ['access'] }),
];

function boardTransport() {
  return new FakeTransport({ 'board.snapshot': () => testSnapshot(SITES, MONITORS) });
}

async function openBoard(transport = boardTransport(), onRowRender?: (id: string) => void) {
  const view = renderApp({ transport, page: 'board', ...(onRowRender ? { onRowRender } : {}) });
  await screen.findAllByTestId('monitor-row');
  return view;
}

const rowOf = (id: string) => screen.getAllByTestId('monitor-row').find((row) => row.dataset.monitorId === id) as HTMLElement;
const shownIds = () => screen.getAllByTestId('monitor-row').map((row) => row.dataset.monitorId);

describe('the status board', () => {
  it('paints the first screenful, problems first, with every site counted, then the whole board when it arrives', async () => {
    let releaseWhole = () => {};
    const wholeHeld = new Promise<void>((resolve) => (releaseWhole = resolve));
    const transport = new FakeTransport({
      'board.snapshot': async (input) => {
        // As core answers a console with more monitors than a screenful: the first of them, in the board's order.
        if (input?.first !== undefined) return { ...testSnapshot(SITES, MONITORS), monitors: [MONITORS[0]!, MONITORS[3]!] };
        await wholeHeld;
        return testSnapshot(SITES, MONITORS);
      },
    });
    await openBoard(transport);
    expect(shownIds()).toEqual(['uplink', 'cam3']);
    expect(screen.getByTestId('board-count').textContent).toContain('Showing the first 2 of 5 monitors; reading the rest…');
    const gate = screen.getAllByTestId('site-tile').find((tile) => tile.dataset.siteId === 'gate');
    expect(gate?.textContent).toContain('1 unknown');

    await act(async () => releaseWhole());
    await waitFor(() => expect(shownIds()).toEqual(['uplink', 'cam3', 'barrier', 'door', 'nvr']));
    expect(screen.getByTestId('board-count').textContent).toContain('5 monitors');
  });

  it('shows every site with its worst status and counts, in words as well as colour', async () => {
    await openBoard();
    const tiles = screen.getAllByTestId('site-tile');
    expect(tiles.map((tile) => [tile.dataset.siteId, tile.dataset.worst])).toEqual([
      ['gate', 'down'],
      ['north', 'degraded'],
    ]);
    expect(tiles[0]?.textContent).toContain('Down');
    expect(tiles[0]?.textContent).toContain('1 down');
    expect(tiles[0]?.textContent).toContain('1 unknown');
  });

  it('lists problems first, with why, latency and time in status', async () => {
    await openBoard();
    expect(shownIds()).toEqual(['uplink', 'cam3', 'barrier', 'door', 'nvr']);
    expect(rowOf('barrier').textContent).toContain('unreachable: parent Gate uplink is down');
    expect(rowOf('uplink').textContent).toContain('connection refused');
    expect(rowOf('cam3').textContent).toContain('FLAPPING');
    expect(rowOf('cam3').textContent).toContain('812 ms');
    expect(within(rowOf('uplink')).getByTestId('monitor-status').textContent).toBe('✕Down');
    expect(rowOf('door').textContent).toContain('10.0.0.7:4070');
  });

  it('updates only the changed row on a monitor.state event', async () => {
    const renders = new Map<string, number>();
    const { transport } = await openBoard(boardTransport(), (id) => renders.set(id, (renders.get(id) ?? 0) + 1));
    renders.clear();
    act(() =>
      transport.emit(
        'monitor.state',
        testState('nvr', { status: 'down', verdict: 'down', lastError: 'status 503', since: T0 + 1_000, lastCheckAt: T0 + 1_000 }),
      ),
    );
    await waitFor(() => expect(rowOf('nvr').dataset.status).toBe('down'));
    expect(within(rowOf('nvr')).getByTestId('monitor-status').textContent).toContain('Down');
    expect(rowOf('nvr').textContent).toContain('status 503');
    // Let the once-a-frame work (counts, order) run, then check nothing else rendered.
    await waitFor(() => expect(screen.getAllByTestId('site-tile').map((tile) => tile.dataset.worst)).toEqual(['down', 'down']));
    expect([...renders.keys()]).toEqual(['nvr']);
  });

  it('updates latency from probe.results without touching other rows', async () => {
    const renders = new Map<string, number>();
    const { transport } = await openBoard(boardTransport(), (id) => renders.set(id, (renders.get(id) ?? 0) + 1));
    renders.clear();
    act(() => transport.emit('probe.results', { monitorIds: ['door'], at: [T0 + 5_000], ok: [true], latencyMs: [17] }));
    await waitFor(() => expect(rowOf('door').textContent).toContain('17 ms'));
    expect([...renders.keys()]).toEqual(['door']);
  });

  it('filters by status, with several statuses at once', async () => {
    await openBoard();
    const statusFilter = screen.getByTestId('board-filter-status');
    fireEvent.click(within(statusFilter).getByLabelText(/Down/));
    await waitFor(() => expect(shownIds()).toEqual(['uplink']));
    fireEvent.click(within(statusFilter).getByLabelText(/Unknown/));
    await waitFor(() => expect(shownIds()).toEqual(['uplink', 'barrier']));
    expect(screen.getByTestId('board-count').textContent).toContain('Showing 2 of 5 monitors');
  });

  it('filters by clicking a site tile, by tag and by text', async () => {
    await openBoard();
    const gateTile = () => screen.getAllByTestId('site-tile').find((tile) => tile.dataset.siteId === 'gate') as HTMLElement;
    fireEvent.click(gateTile());
    await waitFor(() => expect(shownIds()).toEqual(['uplink', 'barrier']));
    expect((screen.getByTestId('board-filter-site') as HTMLSelectElement).value).toBe('gate');
    expect(gateTile().getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(gateTile());
    fireEvent.change(screen.getByTestId('board-filter-tag'), { target: { value: 'video' } });
    await waitFor(() => expect(shownIds()).toEqual(['cam3', 'nvr']));
    fireEvent.change(screen.getByTestId('board-filter-text'), { target: { value: 'CAMERA' } });
    await waitFor(() => expect(shownIds()).toEqual(['cam3']));
  });

  it("puts a limited person's own site first, set apart from the others, and j/k walk the rows as shown", async () => {
    const transport = new FakeTransport({
      'app.whoami': () => personWhoAmI('operator', ['north']),
      'board.snapshot': () => testSnapshot(SITES, MONITORS),
    });
    await openBoard(transport);
    // Depot North's degraded camera leads, though the gate's uplink is down: the gate is another site.
    await waitFor(() => expect(shownIds()).toEqual(['cam3', 'door', 'nvr', 'uplink', 'barrier']));
    const grid = screen.getByTestId('monitor-grid');
    const lines = within(grid)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.dataset.monitorId ?? row.textContent);
    expect(lines).toEqual(['cam3', 'door', 'nvr', 'Other sites (a supervisor acts there)', 'uplink', 'barrier']);
    const tiles = [...(screen.getByRole('region', { name: 'Sites' }).querySelector('ul')?.children ?? [])];
    expect(tiles.map((tile) => tile.textContent)).toEqual([
      expect.stringContaining('Depot North'),
      'Other sites (a supervisor acts there)',
      expect.stringContaining('Harbour Gate'),
    ]);
    for (const expected of ['cam3', 'door', 'nvr', 'uplink', 'barrier']) {
      act(() => fireEvent.keyDown(document.body, { key: 'j' }));
      expect(rowOf(expected).getAttribute('aria-selected')).toBe('true');
    }
    act(() => fireEvent.keyDown(document.body, { key: 'k' }));
    expect(rowOf('uplink').getAttribute('aria-selected')).toBe('true');
  });

  it('moves with j/k, opens with Enter, and focuses the search with /', async () => {
    const transport = boardTransport();
    await openBoard(transport);
    act(() => {
      fireEvent.keyDown(document.body, { key: 'j' });
      fireEvent.keyDown(document.body, { key: 'j' });
      fireEvent.keyDown(document.body, { key: 'k' });
      fireEvent.keyDown(document.body, { key: 'j' });
    });
    expect(rowOf('cam3').getAttribute('aria-selected')).toBe('true');
    act(() => fireEvent.keyDown(document.body, { key: '/' }));
    expect(document.activeElement).toBe(screen.getByTestId('board-filter-text'));
    act(() => {
      (document.activeElement as HTMLElement).blur();
      fireEvent.keyDown(document.body, { key: 'Enter' });
    });
    expect(await screen.findByTestId('monitor-detail')).toBeTruthy();
    expect(screen.getByTestId('monitor-detail').dataset.monitorId).toBe('cam3');
  });

  // A walk-through found Enter dead on a board just opened: the console puts focus on its main area
  // when a page opens, and Enter there was not taken as meant for the rows.
  it('opens the monitor under the cursor with Enter pressed on the main area, where focus is when the page opens', async () => {
    await openBoard(boardTransport());
    const main = Object.assign(document.createElement('main'), { id: 'main', tabIndex: -1 });
    document.body.append(main);
    main.focus();
    act(() => void fireEvent.keyDown(main, { key: 'j' }));
    const underCursor = screen.getAllByTestId('monitor-row').find((row) => row.getAttribute('aria-selected') === 'true')?.dataset.monitorId;
    expect(underCursor).toBeDefined();
    act(() => void fireEvent.keyDown(main, { key: 'Enter' }));
    expect((await screen.findByTestId('monitor-detail')).dataset.monitorId).toBe(underCursor);
    main.remove();
  });

  it('reads the snapshot again when monitors change', async () => {
    const transport = boardTransport();
    await openBoard(transport);
    transport.respond('board.snapshot', () =>
      testSnapshot(SITES, [...MONITORS, boardMonitor('gate-cam', 'gate', { name: 'Gate camera' })]),
    );
    act(() => transport.emit('monitors.changed', { reason: 'monitor' }));
    await waitFor(() => expect(shownIds()).toContain('gate-cam'));
    expect(transport.callsOf('board.snapshot')).toHaveLength(2);
  });

  it('keeps a state change that arrived while the snapshot was on its way', async () => {
    const transport = boardTransport();
    await openBoard(transport);
    act(() => transport.emit('monitor.state', testState('door', { status: 'down', verdict: 'down', since: T0 + 10_000 })));
    act(() => transport.emit('monitors.changed', { reason: 'site' }));
    await waitFor(() => expect(transport.callsOf('board.snapshot')).toHaveLength(2));
    await waitFor(() => expect(rowOf('door').dataset.status).toBe('down'));
  });
});

describe('where the board opens', () => {
  // Five problems, then many monitors that are up: far more rows than a screen holds.
  const MANY = [
    ...['a', 'b', 'c', 'd', 'e'].map((id) =>
      boardMonitor(`down-${id}`, 'gate', {
        name: `Down ${id}`,
        state: { status: 'down', verdict: 'down', lastError: 'connection refused' },
      }),
    ),
    ...Array.from({ length: 80 }, (_, index) =>
      boardMonitor(`up-${String(index).padStart(2, '0')}`, 'north', { name: `Up ${String(index).padStart(2, '0')}` }),
    ),
  ];
  const manyTransport = () => new FakeTransport({ 'board.snapshot': () => testSnapshot(SITES, MANY) });
  const grid = () => screen.getByTestId('monitor-grid');
  const scrollGrid = (top: number) =>
    act(() => {
      grid().scrollTop = top;
      fireEvent.scroll(grid());
    });
  const pressKey = (key: string) => act(() => void fireEvent.keyDown(document.body, { key }));
  // happy-dom lays nothing out: the list's content is given a height the rows would have (the
  // virtualizer scrolls no further than it), and scrollTo moves an element as a browser's would.
  const originalScrollTo = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTo');
  const originalScrollHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight');
  beforeAll(() => {
    Object.defineProperty(Element.prototype, 'scrollHeight', { configurable: true, get: () => 100 * 56 });
    Object.defineProperty(Element.prototype, 'scrollTo', {
      configurable: true,
      value(this: Element, options: ScrollToOptions | number, y?: number) {
        this.scrollTop = typeof options === 'number' ? (y ?? 0) : (options.top ?? this.scrollTop);
        this.dispatchEvent(new Event('scroll'));
      },
    });
  });
  afterAll(() => {
    if (originalScrollTo) Object.defineProperty(Element.prototype, 'scrollTo', originalScrollTo);
    if (originalScrollHeight) Object.defineProperty(Element.prototype, 'scrollHeight', originalScrollHeight);
  });

  it('is at the top, problems first, when the operator comes back from another page, wherever the cursor was', async () => {
    await openBoard(manyTransport());
    for (let step = 0; step < 60; step += 1) pressKey('j');
    await waitFor(() => expect(grid().scrollTop).toBeGreaterThan(1000));
    fireEvent.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('page-settings');
    fireEvent.click(screen.getByTestId('nav-board'));
    await screen.findAllByTestId('monitor-row');
    expect(grid().scrollTop).toBe(0);
    expect(shownIds().slice(0, 5)).toEqual(['down-a', 'down-b', 'down-c', 'down-d', 'down-e']);
    expect(screen.queryByTestId('board-problems-above')).toBeNull();
  });

  it('keeps the row in view when the operator comes back from that monitor’s page', async () => {
    await openBoard(manyTransport());
    for (let step = 0; step < 60; step += 1) pressKey('j');
    pressKey('Enter');
    expect(useViewStore.getState().page).toBe('monitor');
    act(() => useViewStore.getState().showPage('board'));
    await screen.findAllByTestId('monitor-row');
    await waitFor(() => expect(grid().scrollTop).toBeGreaterThan(1000));
    expect(shownIds()).toContain(useViewStore.getState().boardCursor);
  });

  it('says how many problems are above when scrolled away from them, and goes back up on a click', async () => {
    await openBoard(manyTransport());
    scrollGrid(3 * 56);
    expect(screen.getByTestId('board-problems-above').textContent).toBe('▲ 3 problems above');
    scrollGrid(2000);
    expect(screen.getByTestId('board-problems-above').textContent).toBe('▲ 5 problems above');
    fireEvent.click(screen.getByTestId('board-problems-above'));
    await waitFor(() => expect(grid().scrollTop).toBe(0));
    fireEvent.scroll(grid());
    await waitFor(() => expect(screen.queryByTestId('board-problems-above')).toBeNull());
  });
});
