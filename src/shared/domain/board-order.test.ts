import { describe, expect, it } from 'vitest';
import type { MonitorStatus } from '../contract/monitors';
import { firstInBoardOrder, type BoardPlace } from './board-order';
import { isOwnSite, ownFirst, ownSitesOf } from './own-sites';

const sites = [
  { id: 'z', name: 'Zeta depot' },
  { id: 'a', name: 'Alpha depot' },
  { id: 'm', name: 'Mill' },
];

function place(siteId: string, name: string, status: MonitorStatus): BoardPlace & { id: string } {
  return { id: `${siteId}:${name}`, siteId, name, status };
}

const monitors = [
  place('z', 'Camera 2', 'down'),
  place('a', 'Camera 5', 'down'),
  place('z', 'Camera 1', 'degraded'),
  place('a', 'Camera 1', 'up'),
  place('m', 'Camera 10', 'down'),
  place('m', 'Camera 9', 'up'),
  place('z', 'Camera 3', 'up'),
];
const ids = (shown: readonly { id: string }[]) => shown.map((monitor) => monitor.id);

describe("the board's first screenful", () => {
  it('lists problems first, then by site name and monitor name, for a person on every site', () => {
    expect(ids(firstInBoardOrder(monitors, (m) => m, sites, 4))).toEqual(['a:Camera 5', 'm:Camera 10', 'z:Camera 2', 'z:Camera 1']);
  });

  it("lists a limited person's own sites first, problems first within them, then the others in the usual order", () => {
    const own = ownSitesOf(['z', 'm']);
    expect(ids(firstInBoardOrder(monitors, (m) => m, sites, 100, own))).toEqual([
      'm:Camera 10',
      'z:Camera 2',
      'z:Camera 1',
      'm:Camera 9',
      'z:Camera 3',
      // Alpha is another site: its down camera comes after every own monitor, however healthy.
      'a:Camera 5',
      'a:Camera 1',
    ]);
    expect(ids(firstInBoardOrder(monitors, (m) => m, sites, 2, own))).toEqual(['m:Camera 10', 'z:Camera 2']);
  });
});

describe("a person's own sites", () => {
  it('counts every site as own for an unlimited person, and anything without a site for anyone', () => {
    expect(isOwnSite(ownSitesOf(null), 'a')).toBe(true);
    expect(isOwnSite(ownSitesOf(['z']), null)).toBe(true);
    expect(isOwnSite(ownSitesOf(['z']), 'a')).toBe(false);
    expect(isOwnSite(ownSitesOf([]), 'z')).toBe(false);
  });

  it('moves own items first keeping the order of each part, and says where the others start', () => {
    const items = [
      { id: 1, siteId: 'a' },
      { id: 2, siteId: 'z' },
      { id: 3, siteId: null },
      { id: 4, siteId: 'a' },
      { id: 5, siteId: 'z' },
    ];
    expect(ownFirst(items, (item) => item.siteId, ownSitesOf(['z']))).toEqual({
      items: [items[1], items[2], items[4], items[0], items[3]],
      firstOther: 3,
    });
    expect(ownFirst(items, (item) => item.siteId, ownSitesOf(['a', 'z'])).firstOther).toBeNull();
    expect(ownFirst(items, (item) => item.siteId, null)).toEqual({ items, firstOther: null });
  });
});
