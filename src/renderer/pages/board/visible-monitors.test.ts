import { describe, expect, it } from 'vitest';
import { MonitorStore } from '../../api/monitor-store';
import { EMPTY_BOARD_FILTERS } from '../../state/view-store';
import { boardMonitor, testSite, testSnapshot } from '../../testing/monitoring-fixtures';
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
  visibleMonitorIds(store.orderedIds(), store.getEntry, { ...EMPTY_BOARD_FILTERS, ...filters });

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
    expect(orderedSiteIds(sites.siteIds(), sites.getSite, 'problems-first')).toEqual(['c', 'd', 'a', 'b']);
    expect(orderedSiteIds(sites.siteIds(), sites.getSite, 'site-name')).toEqual(['a', 'b', 'c', 'd']);
  });
});
