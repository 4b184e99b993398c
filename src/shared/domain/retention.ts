import type { CronZone } from './cron';

/** How many backups to keep: the last N, plus the newest of each of the last N days, weeks, months and years. */
export interface RetentionRule {
  keepLast: number;
  daily: number;
  weekly: number;
  monthly: number;
  yearly: number;
}

/** DESIGN.md's default: last 3, plus 7 daily, 4 weekly, 12 monthly, 7 yearly. */
export const DEFAULT_RETENTION: RetentionRule = { keepLast: 3, daily: 7, weekly: 4, monthly: 12, yearly: 7 };

export interface RetainedBackup {
  id: string;
  createdAt: number;
  /** A backup that failed verification fills no slot: a good one is kept in its place. */
  verify: 'good' | 'failed' | 'unverified';
}

export type KeepReason = 'last' | 'daily' | 'weekly' | 'monthly' | 'yearly';

export interface RetentionDecision {
  /** Newest first, each with every reason it is kept for. */
  keep: { id: string; createdAt: number; reasons: KeepReason[] }[];
  /** Newest first, with why it goes. */
  remove: { id: string; createdAt: number; why: string }[];
}

function calendar(ms: number, zone: CronZone) {
  const date = new Date(ms);
  return zone === 'utc'
    ? { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate(), weekday: date.getUTCDay() }
    : { year: date.getFullYear(), month: date.getMonth(), day: date.getDate(), weekday: date.getDay() };
}

/** ISO 8601 week: weeks start on Monday, and week 1 holds the year's first Thursday. */
function isoWeek(ms: number, zone: CronZone): string {
  const { year, month, day, weekday } = calendar(ms, zone);
  const thursday = new Date(Date.UTC(year, month, day + 3 - ((weekday + 6) % 7)));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const week =
    1 + Math.round((thursday.getTime() - firstThursday.getTime()) / 86_400_000 / 7 - (3 - ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${thursday.getUTCFullYear()}-W${week}`;
}

const BUCKETS: { reason: Exclude<KeepReason, 'last'>; key: (ms: number, zone: CronZone) => string }[] = [
  {
    reason: 'daily',
    key: (ms, zone) => {
      const c = calendar(ms, zone);
      return `${c.year}-${c.month}-${c.day}`;
    },
  },
  { reason: 'weekly', key: isoWeek },
  {
    reason: 'monthly',
    key: (ms, zone) => {
      const c = calendar(ms, zone);
      return `${c.year}-${c.month}`;
    },
  },
  { reason: 'yearly', key: (ms, zone) => `${calendar(ms, zone).year}` },
];

/**
 * Which backups a retention rule keeps and which it removes, as restic's `forget` reads a policy:
 * the newest `keepLast`, then for each period the newest backup of each of the most recent N
 * periods that have one. Calendar periods follow the console's time zone. Pure, so the console
 * shows exactly this as the dry run before anything is deleted.
 */
export function selectRetention(backups: readonly RetainedBackup[], rule: RetentionRule, zone: CronZone): RetentionDecision {
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  const reasons = new Map<string, KeepReason[]>();
  const keepFor = (id: string, reason: KeepReason) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  const good = newestFirst.filter((b) => b.verify !== 'failed');

  good.slice(0, rule.keepLast).forEach((b) => keepFor(b.id, 'last'));
  for (const { reason, key } of BUCKETS) {
    const wanted = rule[reason];
    const seen = new Set<string>();
    for (const backup of good) {
      if (seen.size >= wanted) break;
      const bucket = key(backup.createdAt, zone);
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      keepFor(backup.id, reason);
    }
  }

  const decision: RetentionDecision = { keep: [], remove: [] };
  for (const backup of newestFirst) {
    const kept = reasons.get(backup.id);
    if (kept) decision.keep.push({ id: backup.id, createdAt: backup.createdAt, reasons: kept });
    else
      decision.remove.push({
        id: backup.id,
        createdAt: backup.createdAt,
        why: backup.verify === 'failed' ? 'failed verification: it could not be restored' : 'not needed by the retention policy',
      });
  }
  return decision;
}
