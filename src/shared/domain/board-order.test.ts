import { describe, expect, it } from 'vitest';
import type { MonitorStatus } from '../contract/monitors';
import { byName, firstInBoardOrder, siteRanks, type BoardPlace } from './board-order';
import { STATUS_SEVERITY } from './monitor-status';
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

  it('lists the same monitors as sorting the whole board would, however many are asked for', () => {
    // A fixed pseudo-random fleet: 12 sites (two with the same name), names that sort numerically, every status.
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    const fleetSites = Array.from({ length: 12 }, (_, s) => ({ id: `s${s}`, name: s === 11 ? 'Site 3' : `Site ${s}` }));
    const fleet = Array.from({ length: 600 }, () =>
      place(`s${next(12)}`, `Camera ${next(40)}`, STATUS_SEVERITY[next(STATUS_SEVERITY.length)] ?? 'up'),
    ).map((monitor, m) => ({ ...monitor, id: `${monitor.id}#${m}` }));
    const rank = siteRanks(fleetSites);
    const severity = (status: MonitorStatus) => STATUS_SEVERITY.indexOf(status);
    const whole = [...fleet].sort(
      (a, b) => severity(a.status) - severity(b.status) || (rank.get(a.siteId) ?? 0) - (rank.get(b.siteId) ?? 0) || byName(a, b),
    );
    for (const count of [1, 13, 100, 599, 600, 1000])
      expect(ids(firstInBoardOrder(fleet, (m) => m, fleetSites, count))).toEqual(ids(whole.slice(0, count)));
  });

  it('reads the names of only the sites that reach the first screenful', () => {
    // 2,000 monitors all up on 20 sites of 100: the first 100 are the first site's, by name.
    const fleetSites = Array.from({ length: 20 }, (_, s) => ({ id: `s${s}`, name: `Site ${String(s).padStart(2, '0')}` }));
    const fleet = Array.from({ length: 2000 }, (_, m) => ({ id: `m${m}`, siteId: `s${m % 20}`, name: `Camera ${m}` }));
    const named = new Set<string>();
    const placeOf = (monitor: (typeof fleet)[number]): BoardPlace => ({
      siteId: monitor.siteId,
      status: 'up',
      get name() {
        named.add(monitor.siteId);
        return monitor.name;
      },
    });
    const first = firstInBoardOrder(fleet, placeOf, fleetSites, 100);
    expect(first.map((monitor) => monitor.siteId)).toEqual(Array.from({ length: 100 }, () => 's0'));
    expect([...named]).toEqual(['s0']);
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
