import { describe, expect, it } from 'vitest';
import { testState } from '../testing/monitoring-fixtures';
import { certificateExpiry, describeCertificateDays } from './certificate';
import { describeWhy, formatUptimePercent } from './monitor-status';

const DAY = 86_400_000;
const names = (id: string) => (id === 'up1' ? 'Site uplink' : undefined);

describe('why a monitor shows what it shows', () => {
  it.each([
    [{ status: 'unknown', cause: { kind: 'unreachable', parentId: 'up1' } }, 'unreachable: parent Site uplink is down'],
    [{ status: 'maintenance', cause: { kind: 'maintenance', source: 'site' } }, 'maintenance (site)'],
    [{ status: 'unknown', cause: { kind: 'console-offline' } }, 'console offline: this console cannot reach the network'],
    [{ status: 'down', lastError: 'connection refused' }, 'connection refused'],
    [{ status: 'degraded', lastLatencyMs: 812 }, 'slow: answered in 812 ms'],
    [{ status: 'up', manualNote: 'Tour completed' }, 'note: Tour completed'],
    [{ status: 'up' }, ''],
  ] as const)('%j reads "%s"', (overrides, text) => {
    expect(describeWhy(testState('m', overrides), names)).toBe(text);
  });
});

describe('uptime percentages', () => {
  it('rounds down, so a missed check never reads 100 %', () => {
    expect(formatUptimePercent(99.999)).toBe('99.99 %');
    expect(formatUptimePercent(100)).toBe('100 %');
    expect(formatUptimePercent(null)).toBe('no data');
  });
});

describe('certificate expiry', () => {
  const now = Date.UTC(2026, 10, 23);
  it.each([
    [45, 'ok'],
    [30, 'notice'],
    [14, 'warning'],
    [7, 'critical'],
  ] as const)('%i days left is %s', (days, level) => {
    expect(certificateExpiry(now + days * DAY + 1_000, now).level).toBe(level);
  });

  it('says when it has expired', () => {
    const expiry = certificateExpiry(now - DAY, now);
    expect(expiry.level).toBe('expired');
    expect(describeCertificateDays(expiry)).toBe('expired');
    expect(describeCertificateDays(certificateExpiry(now + 1 * DAY + 5, now))).toBe('1 day left');
  });
});
