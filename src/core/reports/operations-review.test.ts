import { describe, expect, it } from 'vitest';
import { createRepositories } from '../db';
import { FakeClock } from '../../../test/support/fake-clock';
import { pastAlert, pastBackup, pastBackupJob, pastIncident, pastTestRestore } from '../../../test/support/report-history';
import { startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import { invoke, LOCAL_OPERATOR } from '../service';
import { reviewCsv, reviewMarkdown, trendArrow } from '../../shared/domain/report-export';

const tempDir = useTempDirs();
const SECOND = 1000;

describe('the monthly operations review', () => {
  it('counts the month beside the month before: incidents and their targets, alerts, noisiest monitors, acknowledgement times, backups, security events and the chain', async () => {
    // Late in November: the month is still open, and so is the newest incident's chance to meet its targets.
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 9, 0));
    const { core, seat } = await startPeopleCore(tempDir(), { clock });
    // Two wrong passwords in November: security events from the audit log.
    const browser = seat('browser-1', '10.0.0.7');
    await browser.signIn('olga', 'not her password');
    await browser.signIn('mallory', 'guessing');

    const repos = createRepositories(core.store);
    const nov = (day: number) => Date.UTC(2026, 10, day, 12);
    const oct = (day: number) => Date.UTC(2026, 9, day, 12);
    repos.transaction(() => {
      // October: one P1 answered in 10 minutes (target 30). November: a P0 answered late (20 min, target 15) and resolved
      // in time (50 min, target 1 h), a P2 answered in 5 minutes, and a P2 opened an hour ago that nobody has touched yet (within both targets).
      repos.incidents.saveIncident(pastIncident(1, { startedAt: oct(20), priority: 'P1', respondedAfterMin: 10, resolvedAfterMin: null }));
      repos.incidents.saveIncident(pastIncident(2, { startedAt: nov(5), priority: 'P0', respondedAfterMin: 20, resolvedAfterMin: 50 }));
      repos.incidents.saveIncident(pastIncident(3, { startedAt: nov(6), priority: 'P2', respondedAfterMin: 5, resolvedAfterMin: null }));
      repos.incidents.saveIncident(pastIncident(4, { startedAt: Date.UTC(2026, 10, 28, 8), priority: 'P2', respondedAfterMin: null, resolvedAfterMin: null }));
      // November: five alerts from monitor m1, two from m2; acknowledged after 30 s, 60 s, 90 s, 120 s and 600 s.
      const ackAfter = [30, 60, 90, 120, 600, null, null];
      ackAfter.forEach((seconds, i) =>
        repos.alerts.saveAlert(
          pastAlert(`n${i}`, {
            firstSeenAt: nov(i + 1),
            severity: i < 2 ? 'critical' : 'high',
            ruleId: i < 5 ? 'down' : 'latency',
            monitorId: i < 5 ? 'm1' : 'm2',
            ackAfterMs: seconds === null ? null : seconds * SECOND,
          }),
        ),
      );
      // October: three alerts from m2, acknowledged after 60 s each.
      for (let i = 0; i < 3; i += 1)
        repos.alerts.saveAlert(pastAlert(`o${i}`, { firstSeenAt: oct(i + 1), severity: 'high', ruleId: 'latency', monitorId: 'm2', ackAfterMs: 60 * SECOND }));
      repos.backups.insertBackup(pastBackup('b1', nov(2), 'good'));
      repos.backups.insertBackup(pastBackup('b2', nov(3), 'failed'));
      repos.backups.insertBackup(pastBackup('b3', nov(4), 'unverified'));
      repos.backups.insertBackup(pastBackup('b4', oct(2), 'good'));
    });

    const review = await invoke(core.dispatcher, 'reports.operationsReview', { month: '2026-11' }, { actor: LOCAL_OPERATOR });
    expect(review).toMatchObject({ month: '2026-11', label: 'November 2026', previousMonth: '2026-10', previousLabel: 'October 2026' });
    expect(review.incidents.total).toEqual({ value: 3, previous: 1 });
    expect(review.incidents.byPriority.map((row) => [row.key, row.count, row.previous])).toEqual([
      ['P0', 1, 0],
      ['P1', 0, 1],
      ['P2', 2, 0],
    ]);
    expect(review.respond).toEqual({ met: { value: 1, previous: 1 }, missed: { value: 1, previous: 0 }, open: 1 });
    // Resolve: the P0 in time; the P2 of 6 November is past its 24 hours, and so is October's P1 (4 h).
    expect(review.resolve).toEqual({ met: { value: 1, previous: 0 }, missed: { value: 1, previous: 1 }, open: 1 });
    expect(review.alerts.total).toEqual({ value: 7, previous: 3 });
    expect(review.alerts.bySeverity.find((row) => row.key === 'critical')).toMatchObject({ count: 2, previous: 0 });
    expect(review.alerts.byRule.map((row) => [row.key, row.count, row.previous])).toEqual([
      ['down', 5, 0],
      ['latency', 2, 3],
    ]);
    expect(review.noisiestMonitors.map((row) => [row.key, row.count, row.previous, row.detail])).toEqual([
      ['m1', 5, 0, 'Depot North'],
      ['m2', 2, 3, 'Depot North'],
    ]);
    expect(review.acknowledgement).toEqual({
      acknowledged: { value: 5, previous: 3 },
      medianSeconds: { value: 90, previous: 60 },
      p90Seconds: { value: 600, previous: 60 },
    });
    expect(review.backups).toMatchObject({
      run: { value: 3, previous: 1 },
      verified: { value: 1, previous: 1 },
      verifyFailed: { value: 1, previous: 0 },
    });
    expect(review.security.total.value).toBeGreaterThanOrEqual(2);
    expect(review.security.byType.find((row) => row.key === 'failed-sign-in')).toMatchObject({ count: 2, previous: 0 });
    expect(review.auditChain).toMatchObject({ ok: true, problemCount: 0, firstProblem: null });
    expect(review.auditChain.checked).toBeGreaterThan(0);

    // The arrows and the exports say the same.
    expect(trendArrow(review.alerts.total)).toBe('\u2191');
    expect(reviewMarkdown(review)).toContain('| total | 7 \u2191 (3) |');
    expect(reviewCsv(review).split('\r\n')).toContain('Alerts,total,7,3,up');
    core.close();
  });

  it('counts the jobs test-restored in each month from the run history, not only by each job’s latest test restore', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 3, 9, 0));
    const { core } = await startPeopleCore(tempDir(), { clock });
    const repos = createRepositories(core.store);
    const at = (month: number, day: number) => Date.UTC(2026, month, day, 4);
    repos.transaction(() => {
      // "a" passed in September, October and twice in November; "b" passed in October and failed in November;
      // "c" was last test-restored in November before test restores were kept as runs; "d" never was.
      repos.backups.insertJob(pastBackupJob('a', at(8, 1), at(10, 22)));
      repos.backups.insertJob(pastBackupJob('b', at(8, 1), at(10, 15)));
      repos.backups.insertJob(pastBackupJob('c', at(8, 1), at(10, 8)));
      repos.backups.insertJob(pastBackupJob('d', at(8, 1), null));
      repos.backups.insertRun(pastTestRestore('a-sep', 'a', at(8, 24), 'good'));
      repos.backups.insertRun(pastTestRestore('a-oct', 'a', at(9, 20), 'good'));
      repos.backups.insertRun(pastTestRestore('a-nov1', 'a', at(10, 15), 'good'));
      repos.backups.insertRun(pastTestRestore('a-nov2', 'a', at(10, 22), 'good'));
      repos.backups.insertRun(pastTestRestore('b-oct', 'b', at(9, 8), 'good'));
      repos.backups.insertRun(pastTestRestore('b-nov', 'b', at(10, 15), 'failed'));
    });
    const review = (month: string) => invoke(core.dispatcher, 'reports.operationsReview', { month }, { actor: LOCAL_OPERATOR });
    // November: a and c (b's failed). October: a and b, though both have been test-restored since.
    expect((await review('2026-11')).backups.testRestored).toEqual({ value: 2, previous: 2 });
    expect((await review('2026-10')).backups.testRestored).toEqual({ value: 2, previous: 1 });
    core.close();
  });
});
