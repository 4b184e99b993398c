import { z } from 'zod';
import { text } from './strings';

const IdleLockMinutes = z.number().int().min(0, 'At least 0 (never locks)').max(720, 'At most 720 minutes');

/** Console settings an operator can change; stored in core, persisted across restarts. */
export const Settings = z.object({
  consoleName: text().trim().min(1, 'Give the console a name').max(60, 'At most 60 characters'),
  timeZone: z.enum(['local', 'utc']),
  /** Text scale for wall displays read from a distance. */
  uiScale: z.enum(['normal', 'large', 'wall']),
  /** How often the Overview page refreshes the console's own health, in seconds. */
  healthRefreshSeconds: z.number().int().min(1, 'At least 1 second').max(300, 'At most 300 seconds'),
  /** How long probe history is kept at each resolution (DESIGN/issue: raw 7 d, minute 30 d, hour 400 d, day 7 y). */
  retentionRawDays: z.number().int().min(2, 'At least 2 days (the 1 h and 24 h views read them)').max(90, 'At most 90 days'),
  retentionMinuteDays: z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days'),
  retentionHourDays: z.number().int().min(31, 'At least 31 days (the 30 d views read them)').max(3650, 'At most 10 years'),
  retentionDayYears: z.number().int().min(1, 'At least 1 year').max(20, 'At most 20 years'),
  /** Minutes without activity before a person's seat locks, per role; 0 never locks. Paired devices never lock. */
  idleLockMinutesViewer: IdleLockMinutes,
  idleLockMinutesOperator: IdleLockMinutes,
  idleLockMinutesSupervisor: IdleLockMinutes,
  idleLockMinutesAdmin: IdleLockMinutes,
  /** Supervisors and admins must use an authenticator app; without one they are asked to enrol at sign-in. */
  requireTwoFactorForSupervisors: z.boolean(),
  /** Issue 15, retention: resolved alerts and incidents (and handovers, the audit log once archived); seed 000 says 7 years. */
  retentionRecordsDays: z.number().int().min(365, 'At least 365 days').max(7300, 'At most 20 years'),
  /** Security events (failed sign-ins, locks) as the Security page lists them. */
  retentionSecurityDays: z.number().int().min(30, 'At least 30 days').max(3650, 'At most 10 years'),
  /** The console's log file. */
  retentionLogDays: z.number().int().min(1, 'At least 1 day').max(3650, 'At most 10 years'),
  /** Reports: the uptime every monitor should reach, in percent (the availability report's default target). */
  availabilityTargetPercent: z.number().min(50, 'At least 50 %').max(100, 'At most 100 %'),
  /** Reports: the e-mail channel the monthly operations review goes to on the 1st at 08:00; null sends none. */
  monthlyReviewChannelId: text().trim().min(1).max(100).nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  consoleName: 'Control room',
  timeZone: 'local',
  uiScale: 'normal',
  healthRefreshSeconds: 5,
  retentionRawDays: 7,
  retentionMinuteDays: 30,
  retentionHourDays: 400,
  retentionDayYears: 7,
  idleLockMinutesViewer: 30,
  idleLockMinutesOperator: 30,
  idleLockMinutesSupervisor: 30,
  idleLockMinutesAdmin: 30,
  requireTwoFactorForSupervisors: false,
  retentionRecordsDays: 2555,
  retentionSecurityDays: 180,
  retentionLogDays: 30,
  availabilityTargetPercent: 99.9,
  monthlyReviewChannelId: null,
};

export const SettingsPatch = Settings.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'Change at least one setting',
  });
export type SettingsPatch = z.infer<typeof SettingsPatch>;
