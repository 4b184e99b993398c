import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptedEventLoop, startTestCore } from '../../../test/support/core';
import { smallDiskUnavailable, useSmallDisks } from '../../../test/support/small-disk';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Alert, AppHealth, BackupJob } from '../../shared/contract';
import { healthLevelOf, percentile } from '../../shared/domain/console-health';
import type { DiskSpace } from './checks';
import { HEALTH_CHECK_EVERY_MS } from './health';

const tempDir = useTempDirs();
const smallDisk = useSmallDisks();
const GB = 1024 ** 3;

/** A core whose backup destination sits on a disk with `freePercent.now` % free (the data folder: plenty). */
async function coreWithBackupDestination(options: { diskSpace?: DiskSpace; destination?: string } = {}) {
  const dataDir = tempDir();
  const started = startTestCore(dataDir, { diskSpace: options.diskSpace ?? 'real' });
  const { core, call, clock } = started;
  const value = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const source = join(tempDir(), 'site-files');
  mkdirSync(source);
  const job = await value<BackupJob>('backups.createJob', {
    name: 'Nightly',
    sources: [{ kind: 'folder', path: source, exclude: [] }],
    destination: options.destination ?? tempDir(),
    schedule: '0 2 * * *',
    passphrase: 'correct horse battery staple',
  });
  core.start();
  const healthAlerts = async () =>
    (await value<{ alerts: Alert[] }>('alerts.snapshot')).alerts.filter(
      (alert) => alert.subject === `console:health:disk:backup:${job.id}` && alert.state !== 'resolved',
    );
  const aMinuteLater = () => clock.advance(HEALTH_CHECK_EVERY_MS);
  return { core, value, job, healthAlerts, aMinuteLater };
}

describe("the console's own health raises alerts in the same queue (issue 15)", () => {
  it('a backup destination running out of space raises a warning, then a critical alert, and each resolves when the disk is clear', async () => {
    const freePercent = { destination: 50 };
    let destinationPath = '';
    const diskSpace: DiskSpace = {
      of: (path) => ({ totalBytes: 100 * GB, freeBytes: ((path === destinationPath ? freePercent.destination : 60) / 100) * 100 * GB }),
    };
    destinationPath = tempDir();
    const { core, value, job, healthAlerts, aMinuteLater } = await coreWithBackupDestination({ diskSpace, destination: destinationPath });

    aMinuteLater();
    expect(await healthAlerts()).toEqual([]);
    const health = await value<AppHealth>('app.health');
    expect(health.checks).toContainEqual(
      expect.objectContaining({
        key: `disk:backup:${job.id}`,
        signal: 'disk',
        value: 50,
        unit: '%',
        warning: 15,
        critical: 5,
        level: 'ok',
      }),
    );

    freePercent.destination = 12;
    aMinuteLater();
    expect(await healthAlerts()).toEqual([
      expect.objectContaining({
        ruleId: 'builtin-console-health-warning',
        severity: 'medium',
        summary: 'Free disk: backup destination of Nightly is 12 % (warning below 15 %)',
      }),
    ]);

    freePercent.destination = 3;
    aMinuteLater();
    expect(await healthAlerts()).toEqual([
      expect.objectContaining({ ruleId: 'builtin-console-health-critical', severity: 'critical', state: 'firing' }),
    ]);
    expect(core.alerting.engine.status()).toBe('critical');

    freePercent.destination = 40;
    aMinuteLater();
    expect(await healthAlerts()).toEqual([]);
    // Overview's history keeps the checks of every reading, so the page shows when the disk was short.
    const history = await value<{ samples: AppHealth[] }>('app.healthHistory');
    const levels = history.samples
      .flatMap((sample) => sample.checks.filter((found) => found.key === `disk:backup:${job.id}`).map((found) => found.level))
      .filter((level, index, all) => index === 0 || all[index - 1] !== level);
    expect(levels).toEqual(['ok', 'warning', 'critical', 'ok']);
    core.close();
  });

  it("a stall in one 10 s of a minute raises the event-loop warning at that 10 s's p99, and a quiet minute clears it", async () => {
    const { eventLoop } = scriptedEventLoop([12, 80, 15, 10, 10, 10]);
    const { core, call, clock } = startTestCore(tempDir(), { eventLoop });
    core.start();
    const value = async <T>(method: string): Promise<T> => {
      const envelope = await call(method);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value as T;
    };
    const eventLoopCheck = async () => (await value<AppHealth>('app.health')).checks.find((found) => found.key === 'event-loop');
    const eventLoopAlerts = async () =>
      (await value<{ alerts: Alert[] }>('alerts.snapshot')).alerts.filter(
        (alert) => alert.subject === 'console:health:event-loop' && alert.state !== 'resolved',
      );

    clock.advance(HEALTH_CHECK_EVERY_MS);
    expect(await eventLoopCheck()).toMatchObject({
      label: 'Event-loop delay p99, worst 10 s of the last minute',
      value: 80,
      level: 'warning',
    });
    expect(await eventLoopAlerts()).toEqual([
      expect.objectContaining({
        ruleId: 'builtin-console-health-warning',
        summary: 'Event-loop delay p99, worst 10 s of the last minute is 80 ms (warning above 50 ms)',
      }),
    ]);

    clock.advance(HEALTH_CHECK_EVERY_MS);
    expect(await eventLoopCheck()).toMatchObject({ value: 5, level: 'ok' });
    expect(await eventLoopAlerts()).toEqual([]);
    core.close();
  });

  it.skipIf(smallDiskUnavailable() !== null)(
    'a real small disk, filled up as a backup destination, raises the critical disk alert',
    async () => {
      const disk = smallDisk(4 * 1024 * 1024);
      const { core, healthAlerts, aMinuteLater } = await coreWithBackupDestination({ destination: disk.dir });
      aMinuteLater();
      expect(await healthAlerts()).toEqual([]);
      disk.fill();
      aMinuteLater();
      expect(await healthAlerts()).toEqual([expect.objectContaining({ ruleId: 'builtin-console-health-critical', state: 'firing' })]);
      disk.free();
      aMinuteLater();
      expect(await healthAlerts()).toEqual([]);
      core.close();
    },
  );
});

describe('health thresholds', () => {
  it('crosses a threshold only past it: above for latency, below for free disk; the WAL has a warning only', () => {
    expect([100, 100.1, 500, 500.1].map((ms) => healthLevelOf('db-latency', ms))).toEqual(['ok', 'warning', 'warning', 'critical']);
    expect([15, 14.9, 5, 4.9].map((free) => healthLevelOf('disk', free))).toEqual(['ok', 'warning', 'warning', 'critical']);
    expect([256, 257, 100_000].map((mb) => healthLevelOf('wal', mb))).toEqual(['ok', 'warning', 'warning']);
    expect([70, 71, 86].map((percent) => healthLevelOf('memory', percent))).toEqual(['ok', 'warning', 'critical']);
  });

  it('takes the p99 by nearest rank, so one late probe in a hundred does not count and two do', () => {
    const ninetyNineOnTime = [...Array.from({ length: 99 }, () => 10), 9_000];
    expect(percentile(ninetyNineOnTime, 99)).toBe(10);
    expect(percentile([...Array.from({ length: 98 }, () => 10), 9_000, 9_000], 99)).toBe(9_000);
    expect(percentile([], 99)).toBe(0);
  });
});
