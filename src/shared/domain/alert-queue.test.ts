import { describe, expect, it } from 'vitest';
import { SEVERITIES, type Alert } from '../contract/alerts';
import {
  buildAlertQueue,
  describeGroup,
  EMPTY_ALERT_FILTERS,
  firstInQueueOrder,
  isAlarmSounding,
  NO_OWNER,
  NO_SITE,
  queueStateOf,
  type QueueAlert,
} from './alert-queue';
import { ownSitesOf } from './own-sites';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;

function alert(id: string, overrides: Partial<QueueAlert> = {}): QueueAlert {
  return {
    id,
    severity: 'medium',
    state: 'firing',
    firstSeenAt: NOW - 10 * MIN,
    resolvedAt: null,
    siteId: 'depot',
    siteName: 'Depot',
    summary: `Alert ${id}`,
    subjectName: `Subject ${id}`,
    ruleName: 'Monitor down',
    snoozedUntil: null,
    silencedBy: null,
    ownerId: null,
    heldBecause: null,
    ...overrides,
  };
}

const silence: Alert['silencedBy'] = { id: 'sil-1', kind: 'maintenance', comment: 'Firmware upgrade' };

describe('the alert queue', () => {
  it('groups by site: groups most severe first, then newest; inside a group most severe, then newest', () => {
    const queue = buildAlertQueue(
      [
        alert('depot-old-high', { severity: 'high', firstSeenAt: NOW - 30 * MIN }),
        alert('depot-low', { severity: 'low', firstSeenAt: NOW - 1 * MIN }),
        alert('depot-new-high', { severity: 'high', firstSeenAt: NOW - 5 * MIN }),
        alert('gate-critical', { severity: 'critical', siteId: 'gate', siteName: 'Harbour Gate', firstSeenAt: NOW - 60 * MIN }),
        alert('yard-new-high', { severity: 'high', siteId: 'yard', siteName: 'Yard', firstSeenAt: NOW - 2 * MIN }),
        alert('backup', { severity: 'info', siteId: null, siteName: null }),
      ],
      EMPTY_ALERT_FILTERS,
      NOW,
    );
    expect(queue.groups.map((group) => group.siteId)).toEqual(['gate', 'yard', 'depot', NO_SITE]);
    expect(queue.groups[2]?.alertIds).toEqual(['depot-new-high', 'depot-old-high', 'depot-low']);
    expect(queue.ids).toEqual(['gate-critical', 'yard-new-high', 'depot-new-high', 'depot-old-high', 'depot-low', 'backup']);
    expect(queue.indexOf.get('depot-low')).toBe(4);
    expect(queue.groups[3]?.siteName).toBe('No site');
  });

  it("lists a site's open alerts in the contract's severity order, worst first, however new the milder ones are", () => {
    // The mildest is the newest: age alone would list them the other way round.
    const alerts = SEVERITIES.map((severity, i) => alert(severity, { severity, firstSeenAt: NOW - (SEVERITIES.length - i) * MIN }));
    const queue = buildAlertQueue(alerts, EMPTY_ALERT_FILTERS, NOW);
    expect(queue.ids).toEqual([...SEVERITIES]);
    expect(queue.groups[0]?.worst).toBe(SEVERITIES[0]);
  });

  it('keeps resolutions visible, after the open alerts of their site, and groups of only resolutions last', () => {
    const queue = buildAlertQueue(
      [
        alert('gone-critical', { severity: 'critical', state: 'resolved', resolvedAt: NOW - MIN }),
        alert('open-low', { severity: 'low' }),
        alert('quiet', { siteId: 'quiet', siteName: 'Quiet site', state: 'resolved', severity: 'critical', resolvedAt: NOW }),
        alert('gate', { siteId: 'gate', siteName: 'Gate', severity: 'low', firstSeenAt: NOW - 60 * MIN }),
      ],
      EMPTY_ALERT_FILTERS,
      NOW,
    );
    expect(queue.groups.map((group) => group.siteId)).toEqual(['depot', 'gate', 'quiet']);
    expect(queue.groups[0]).toMatchObject({ alertIds: ['open-low', 'gone-critical'], openCount: 1, resolvedCount: 1, worst: 'low' });
    expect(queue.groups[2]?.worst).toBeNull();
    expect(describeGroup(queue.groups[0]!)).toBe('Depot — 1 alert, worst low · 1 resolved');
    expect(describeGroup(queue.groups[2]!)).toBe('Quiet site — no open alerts · 1 resolved');
  });

  it('filters by severity, site, state and text, and still lists every site for the site filter', () => {
    const alerts = [
      alert('a', { severity: 'critical', summary: 'Gate camera offline' }),
      alert('b', { severity: 'critical', silencedBy: silence }),
      alert('c', { severity: 'high', snoozedUntil: NOW + 5 * MIN, siteId: 'gate', siteName: 'Gate' }),
      alert('d', { state: 'acknowledged', siteId: 'gate', siteName: 'Gate' }),
      alert('e', { state: 'resolved', resolvedAt: NOW }),
      alert('f', { snoozedUntil: NOW - MIN }),
    ];
    const ids = (filters: Partial<typeof EMPTY_ALERT_FILTERS>) => buildAlertQueue(alerts, { ...EMPTY_ALERT_FILTERS, ...filters }, NOW).ids;
    expect(ids({ severity: 'critical' })).toEqual(['a', 'b']);
    expect(ids({ siteId: 'gate' })).toEqual(['c', 'd']);
    expect(ids({ state: 'firing' })).toEqual(['a', 'f']);
    expect(ids({ state: 'silenced' })).toEqual(['b']);
    expect(ids({ state: 'snoozed' })).toEqual(['c']);
    expect(ids({ state: 'acknowledged' })).toEqual(['d']);
    expect(ids({ state: 'resolved' })).toEqual(['e']);
    expect(ids({ text: '  CAMERA ' })).toEqual(['a']);
    const filtered = buildAlertQueue(alerts, { ...EMPTY_ALERT_FILTERS, siteId: 'gate' }, NOW);
    expect(filtered.sites).toEqual([
      { id: 'depot', name: 'Depot' },
      { id: 'gate', name: 'Gate' },
    ]);
    expect(filtered.total).toBe(6);
  });

  it('filters by owner id: mine is one person, not everyone of that name; nobody yet is the unowned', () => {
    const alerts = [alert('a', { ownerId: 'user-sam-1' }), alert('b', { ownerId: 'user-sam-2' }), alert('c', { ownerId: null })];
    const ids = (ownerId: string | null) => buildAlertQueue(alerts, { ...EMPTY_ALERT_FILTERS, ownerId }, NOW).ids;
    expect(ids('user-sam-1')).toEqual(['a']);
    expect(ids(NO_OWNER)).toEqual(['c']);
    expect(ids(null)).toHaveLength(3);
  });

  it('gives the first rows of the unfiltered queue, as shown, for the screenful a console paints first', () => {
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
    const many = Array.from({ length: 2_000 }, (_, i) =>
      alert(`a${i}`, {
        severity: severities[(i * 7) % 5],
        siteId: i % 13 === 0 ? null : `s${i % 9}`,
        siteName: i % 13 === 0 ? null : `Site ${i % 9}`,
        firstSeenAt: NOW - ((i * 37) % 500) * 1000,
        state: i % 11 === 0 ? 'resolved' : 'firing',
        resolvedAt: i % 11 === 0 ? NOW - i * 1000 : null,
      }),
    );
    const shown = buildAlertQueue(many, EMPTY_ALERT_FILTERS, NOW).ids;
    for (const count of [1, 200, 1_999, 5_000]) {
      expect(firstInQueueOrder(many, count).map((a) => a.id)).toEqual(shown.slice(0, count));
    }
  });

  it("puts a person's own sites first, then the others set apart, each part still most severe first", () => {
    const alerts = [
      alert('gate-critical', { severity: 'critical', siteId: 'gate', siteName: 'Harbour Gate' }),
      alert('depot-low', { severity: 'low' }),
      alert('yard-high', { severity: 'high', siteId: 'yard', siteName: 'Yard' }),
      alert('depot-high', { severity: 'high' }),
      alert('backup', { severity: 'info', siteId: null, siteName: null }),
      alert('pier-medium', { siteId: 'pier', siteName: 'Pier' }),
    ];
    const queue = buildAlertQueue(alerts, EMPTY_ALERT_FILTERS, NOW, ownSitesOf(['depot', 'pier']));
    // Alerts of no site (a backup job) are anyone's to act on: they stay with the person's own.
    expect(queue.groups.map((group) => group.siteId)).toEqual(['depot', 'pier', NO_SITE, 'gate', 'yard']);
    expect(queue.ids).toEqual(['depot-high', 'depot-low', 'pier-medium', 'backup', 'gate-critical', 'yard-high']);
    expect(queue.firstOtherGroup).toBe(3);
    expect(queue.groups.map((group) => group.otherSite)).toEqual([false, false, false, true, true]);

    // Unlimited, or filtered down to other sites only, the order is the usual one.
    const everyone = buildAlertQueue(alerts, EMPTY_ALERT_FILTERS, NOW, ownSitesOf(null));
    expect(everyone.groups.map((group) => group.siteId)).toEqual(['gate', 'depot', 'yard', 'pier', NO_SITE]);
    expect(everyone.firstOtherGroup).toBeNull();
    const gateOnly = buildAlertQueue(alerts, { ...EMPTY_ALERT_FILTERS, siteId: 'gate' }, NOW, ownSitesOf(['depot']));
    expect(gateOnly.firstOtherGroup).toBe(0);

    for (const count of [1, 3, 6]) {
      expect(firstInQueueOrder(alerts, count, ownSitesOf(['depot', 'pier'])).map((a) => a.id)).toEqual(queue.ids.slice(0, count));
    }
  });

  it('sorts 10,000 alerts in well under a frame budget per change', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      alert(`a${i}`, {
        severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[i % 5],
        siteId: `s${i % 40}`,
        siteName: `Site ${i % 40}`,
        firstSeenAt: NOW - i * 1000,
      }),
    );
    // The median of five sorts: one garbage collection or a paused worker on a busy CI machine is not the sort's cost.
    const timesMs = Array.from({ length: 5 }, () => {
      const started = performance.now();
      const queue = buildAlertQueue(many, EMPTY_ALERT_FILTERS, NOW);
      expect(queue.ids).toHaveLength(10_000);
      return performance.now() - started;
    }).sort((a, b) => a - b);
    expect(timesMs[2]).toBeLessThan(200);
  });
});

describe('what keeps the alarm sounding', () => {
  it('is an unacknowledged critical alert that is not silenced, snoozed, held or resolved', () => {
    const critical = alert('c', { severity: 'critical' });
    expect(isAlarmSounding([critical], NOW)).toBe(true);
    expect(isAlarmSounding([{ ...critical, severity: 'high' }], NOW)).toBe(false);
    expect(isAlarmSounding([{ ...critical, state: 'acknowledged' }], NOW)).toBe(false);
    expect(isAlarmSounding([{ ...critical, silencedBy: silence }], NOW)).toBe(false);
    expect(isAlarmSounding([{ ...critical, snoozedUntil: NOW + MIN }], NOW)).toBe(false);
    expect(isAlarmSounding([{ ...critical, snoozedUntil: NOW - MIN }], NOW)).toBe(true);
    expect(isAlarmSounding([{ ...critical, heldBecause: 'Parent uplink is down' }], NOW)).toBe(false);
    expect(isAlarmSounding([{ ...critical, state: 'resolved' }], NOW)).toBe(false);
  });

  it('names the state an operator sees first', () => {
    expect(queueStateOf({ state: 'acknowledged', silencedBy: silence, snoozedUntil: null }, NOW)).toBe('silenced');
    expect(queueStateOf({ state: 'resolved', silencedBy: silence, snoozedUntil: NOW + MIN }, NOW)).toBe('resolved');
  });
});
