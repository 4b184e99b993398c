import { describe, expect, it } from 'vitest';
import { MonitorStore } from '../../api/monitor-store';
import { EMPTY_BOARD_FILTERS } from '../../state/view-store';
import { boardMonitor, testSite, testSnapshot } from '../../testing/monitoring-fixtures';
import { ownSitesOf } from '../../../shared/domain/own-sites';
import { orderedSiteIds, visibleMonitorIds } from './visible-monitors';

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
