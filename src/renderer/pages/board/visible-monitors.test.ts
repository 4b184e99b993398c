import { describe, expect, it } from 'vitest';
import { MonitorStore } from '../../api/monitor-store';
import { EMPTY_BOARD_FILTERS } from '../../state/view-store';
import { boardMonitor, testSite, testSnapshot, testState, T0 } from '../../testing/monitoring-fixtures';
import { STATUS_SEVERITY } from '../../../shared/domain/monitor-status';
import { ownSitesOf } from '../../../shared/domain/own-sites';
import { BoardRowsKeeper, orderedSiteIds, visibleMonitorIds } from './visible-monitors';

const store = new MonitorStore();
store.load(
  testSnapshot(
    [testSite('s', { name: 'Site' })],
    [
      boardMonitor('a', 's', { name: 'A up' }),
      boardMonitor('b', 's', { name: 'B down', state: { status: 'down' } }),
      boardMonitor('c', 's', { name: 'C paused', state: { status: 'paused' } }),
      boardMonitor('d', 's', { name: 'D down', target: '10.9.9.9:554', state: { status: 'down' } }),
      boardMonitor('e', 's', { name: 'E unknown', state: { status: 'unknown' } }),
    ],
  ),
);
const visible = (filters: Partial<typeof EMPTY_BOARD_FILTERS>) =>
  visibleMonitorIds(store.orderedIds(), store.getEntry, { ...EMPTY_BOARD_FILTERS, ...filters }).ids;

describe('the monitors the board shows', () => {
  it('puts problems first by severity, keeping name order within each status', () => {
    expect(visible({})).toEqual(['b', 'd', 'e', 'c', 'a']);
    expect(visible({ order: 'site-name' })).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('matches text in names and targets, ignoring case', () => {
    expect(visible({ text: '  10.9.9 ' })).toEqual(['d']);
    expect(visible({ text: 'DOWN' })).toEqual(['b', 'd']);
  });

  it('keeps any of several statuses', () => {
    expect(visible({ statuses: ['unknown', 'paused'] })).toEqual(['e', 'c']);
  });
});

describe('the board of a person limited to some sites', () => {
  const twoSites = new MonitorStore();
  twoSites.load(
    testSnapshot(
      [testSite('mine', { name: 'Mill' }), testSite('other', { name: 'Aardvark yard' })],
      [
        boardMonitor('o-down', 'other', { name: 'A down', state: { status: 'down' } }),
        boardMonitor('o-up', 'other', { name: 'B up' }),
        boardMonitor('m-up', 'mine', { name: 'A up' }),
        boardMonitor('m-degraded', 'mine', { name: 'B degraded', state: { status: 'degraded' } }),
        boardMonitor('m-down', 'mine', { name: 'C down', state: { status: 'down' } }),
      ],
    ),
  );
  const rows = (filters: Partial<typeof EMPTY_BOARD_FILTERS>, sites: string[] | null) =>
    visibleMonitorIds(twoSites.orderedIds(), twoSites.getEntry, { ...EMPTY_BOARD_FILTERS, ...filters }, ownSitesOf(sites));

  it('shows their own sites first, problems first within them, then the other sites, and says where those start', () => {
    expect(rows({}, ['mine'])).toEqual({ ids: ['m-down', 'm-degraded', 'm-up', 'o-down', 'o-up'], firstOther: 3 });
    expect(rows({ order: 'site-name' }, ['mine'])).toEqual({ ids: ['m-up', 'm-degraded', 'm-down', 'o-down', 'o-up'], firstOther: 3 });
  });

  it('sets nothing apart for a person on every site, or when only one side is shown', () => {
    expect(rows({}, null)).toEqual({ ids: ['o-down', 'm-down', 'm-degraded', 'o-up', 'm-up'], firstOther: null });
    expect(rows({ siteId: 'mine' }, ['mine']).firstOther).toBeNull();
    expect(rows({ siteId: 'other' }, ['mine'])).toEqual({ ids: ['o-down', 'o-up'], firstOther: 0 });
  });

  it('puts their own site tiles first', () => {
    expect(orderedSiteIds(twoSites.siteIds(), twoSites.getSite, 'problems-first', ownSitesOf(['mine']))).toEqual({
      ids: ['mine', 'other'],
      firstOther: 1,
    });
    expect(orderedSiteIds(twoSites.siteIds(), twoSites.getSite, 'site-name', null)).toEqual({ ids: ['other', 'mine'], firstOther: null });
  });
});

describe('the order of site tiles', () => {
  it('puts the worst sites first when problems come first, and sites without monitors last', () => {
    const sites = new MonitorStore();
    sites.load(
      testSnapshot(
        [testSite('a', { name: 'A' }), testSite('b', { name: 'B' }), testSite('c', { name: 'C' }), testSite('d', { name: 'D' })],
        [
          boardMonitor('1', 'a'),
          boardMonitor('2', 'c', { state: { status: 'down' } }),
          boardMonitor('3', 'd', { state: { status: 'degraded' } }),
        ],
      ),
    );
    expect(orderedSiteIds(sites.siteIds(), sites.getSite, 'problems-first').ids).toEqual(['c', 'd', 'a', 'b']);
    expect(orderedSiteIds(sites.siteIds(), sites.getSite, 'site-name').ids).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the board’s rows kept from frame to frame', () => {
  it('moves only the monitors whose status changed, and shows exactly what a whole recount would', async () => {
    const sites = ['n', 's', 'e', 'w'].map((id) => testSite(id, { name: `Site ${id}` }));
    const monitors = Array.from({ length: 60 }, (_, m) =>
      boardMonitor(`m${m}`, sites[m % 4]!.id, { name: `Camera ${m}`, tags: [m % 3 === 0 ? 'video' : 'access'] }),
    );
    const live = new MonitorStore();
    live.load(testSnapshot(sites, monitors));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const statuses = STATUS_SEVERITY;
    const views = [
      EMPTY_BOARD_FILTERS,
      { ...EMPTY_BOARD_FILTERS, siteId: 's' },
      { ...EMPTY_BOARD_FILTERS, tag: 'video', text: 'camera 1' },
    ];
    for (const filters of views) {
      const keeper = new BoardRowsKeeper();
      const rowsNow = () =>
        keeper.rows(live.orderedIds(), live.getEntry, filters, null, live.getVersion(), live.statusChangesAt(live.getVersion())).ids;
      expect(rowsNow()).toEqual(visibleMonitorIds(live.orderedIds(), live.getEntry, filters).ids);
      // A fixed walk through the statuses: several monitors per frame, some changing twice, some back to where they were.
      for (let frame = 0; frame < 25; frame += 1) {
        const since = T0 + 1_000 * (frame + 1) + 100 * views.indexOf(filters);
        for (let change = 0; change < 1 + (frame % 4); change += 1) {
          const monitor = `m${(frame * 17 + change * 29) % 60}`;
          live.applyState(testState(monitor, { status: statuses[(frame + change * 3) % statuses.length]!, since: since + change }));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(rowsNow()).toEqual(visibleMonitorIds(live.orderedIds(), live.getEntry, filters).ids);
      }
    }
  });
});
