import { z } from 'zod';
import { text } from './strings';
import { Severity } from './alerts';
import { Priority } from './incidents';
import { SecurityEventType } from './security';

/** The longest period one availability report covers: the hour roll-ups it reads are kept 400 days by default. */
export const REPORT_MAX_DAYS = 400;
const DAY_MS = 86_400_000;

/** A calendar month in the console's time zone, such as 2026-11. */
export const ReportMonth = text().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month such as 2026-11');
export type ReportMonth = z.infer<typeof ReportMonth>;

export const AvailabilityInput = z
  .object({
    /** A calendar month in the console's time zone; or give `from` and `to` instead. */
    month: ReportMonth.optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    /** The uptime each monitor should reach, in percent; the console's setting when absent. */
    targetPercent: z.number().min(50, 'At least 50 %').max(100, 'At most 100 %').optional(),
  })
  .strict()
  .refine((input) => (input.month === undefined) !== (input.from === undefined && input.to === undefined), {
    message: 'Give a month, or a period with from and to',
  })
  .refine((input) => input.month !== undefined || (input.from !== undefined && input.to !== undefined), {
    message: 'A period needs both from and to',
  })
  .refine((input) => input.from === undefined || input.to === undefined || input.to > input.from, {
    message: 'The period must end after it starts',
    path: ['to'],
  })
  .refine((input) => input.from === undefined || input.to === undefined || input.to - input.from <= REPORT_MAX_DAYS * DAY_MS, {
    message: `At most ${REPORT_MAX_DAYS} days`,
    path: ['to'],
  });
export type AvailabilityInput = z.input<typeof AvailabilityInput>;

/** Uptime of one monitor or site over the period; null where nothing was measured. */
const AvailabilityFigures = {
  uptimePercent: z.number().nullable(),
  downtimeMinutes: z.number(),
  outages: z.number().int().nonnegative(),
  longestOutageMinutes: z.number(),
  /** Minutes the roll-ups cover (a monitor added mid-month, or a console that was off, measures less). */
  measuredMinutes: z.number(),
};

export const MonitorAvailability = z.object({
  monitorId: z.string(),
  name: z.string(),
  siteId: z.string(),
  siteName: z.string(),
  ...AvailabilityFigures,
  /** null when nothing was measured. */
  meetsTarget: z.boolean().nullable(),
});
export type MonitorAvailability = z.infer<typeof MonitorAvailability>;

const IncidentTimes = {
  incidents: z.number().int().nonnegative(),
  /** Mean time from start to first response, and to resolution, of the period's incidents; null when none responded or resolved. */
  mttaMinutes: z.number().nullable(),
  mttrMinutes: z.number().nullable(),
};

export const SiteAvailability = z.object({
  siteId: z.string(),
  siteName: z.string(),
  monitors: z.number().int().nonnegative(),
  /** Over every probe of the site's monitors. */
  uptimePercent: z.number().nullable(),
  /** Summed over the site's monitors (monitor-minutes). */
  downtimeMinutes: z.number(),
  outages: z.number().int().nonnegative(),
  longestOutageMinutes: z.number(),
  belowTarget: z.number().int().nonnegative(),
  ...IncidentTimes,
});
export type SiteAvailability = z.infer<typeof SiteAvailability>;

export const AvailabilityReport = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** "November 2026", or the period's first and last day. */
  label: z.string(),
  targetPercent: z.number(),
  periodMinutes: z.number(),
  /** The downtime one monitor may have in the period and still meet the target. */
  allowedDowntimeMinutes: z.number(),
  sites: z.array(SiteAvailability),
  monitors: z.array(MonitorAvailability),
  totals: z.object({
    monitors: z.number().int().nonnegative(),
    uptimePercent: z.number().nullable(),
    downtimeMinutes: z.number(),
    outages: z.number().int().nonnegative(),
    belowTarget: z.number().int().nonnegative(),
    ...IncidentTimes,
  }),
});
export type AvailabilityReport = z.infer<typeof AvailabilityReport>;

export const OperationsReviewInput = z.object({ month: ReportMonth }).strict();
export type OperationsReviewInput = z.input<typeof OperationsReviewInput>;

/** A figure of the month beside the same figure of the month before (the review's arrows). */
export const Compared = z.object({ value: z.number().nullable(), previous: z.number().nullable() });
export type Compared = z.infer<typeof Compared>;

/** One line of a breakdown (a priority, a severity, a rule, a monitor) with its count this month and last. */
export const ReviewRow = z.object({
  key: z.string(),
  label: z.string(),
  /** The monitor's site, for the noisiest monitors. */
  detail: z.string().nullable(),
  count: z.number().int().nonnegative(),
  previous: z.number().int().nonnegative(),
});
export type ReviewRow = z.infer<typeof ReviewRow>;

const TargetsKept = z.object({ met: Compared, missed: Compared, open: z.number().int().nonnegative() });

export const OperationsReview = z.object({
  month: z.string(),
  label: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  previousMonth: z.string(),
  previousLabel: z.string(),
  incidents: z.object({ total: Compared, byPriority: z.array(ReviewRow.extend({ key: Priority })) }),
  /** Incidents started this month: targets met, missed, and not yet decided (still open within their target). */
  respond: TargetsKept,
  resolve: TargetsKept,
  alerts: z.object({
    total: Compared,
    bySeverity: z.array(ReviewRow.extend({ key: Severity })),
    /** The rules that raised the most alerts this month, most first (at most 20). */
    byRule: z.array(ReviewRow),
  }),
  /** The ten monitors that raised the most alerts this month. */
  noisiestMonitors: z.array(ReviewRow),
  /** Seconds from an alert's first sighting to its acknowledgement, of the alerts first seen this month. */
  acknowledgement: z.object({ acknowledged: Compared, medianSeconds: Compared, p90Seconds: Compared }),
  backups: z.object({
    run: Compared,
    verified: Compared,
    verifyFailed: Compared,
    /** Jobs whose latest test restore falls in the month. */
    testRestored: Compared,
  }),
  security: z.object({ total: Compared, byType: z.array(ReviewRow.extend({ key: SecurityEventType })) }),
  /** The audit chain as verified when the review was made. */
  auditChain: z.object({
    ok: z.boolean(),
    checked: z.number().int().nonnegative(),
    problemCount: z.number().int().nonnegative(),
    firstProblem: z.string().nullable(),
    verifiedAt: z.number().int(),
  }),
});
export type OperationsReview = z.infer<typeof OperationsReview>;
