import { z } from 'zod';
import { text, wellFormed } from './strings';
import { NotificationStage } from './notification-life';
import { SEVERITIES } from './severities';

const id = text().min(1).max(64);
const note = text().trim().max(2000, 'At most 2,000 characters');

/** DESIGN.md: worst first (SEVERITIES). */
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;
export { SEVERITIES };

/** An alert's own lifecycle; `silenced` is shown on top of it while a silence or maintenance window matches. */
export const AlertState = z.enum(['firing', 'acknowledged', 'resolved']);
export type AlertState = z.infer<typeof AlertState>;

export const AckReason = z.enum(['genuine', 'false-alarm', 'test']);
export type AckReason = z.infer<typeof AckReason>;

/** What a rule or a silence applies to. A site or monitor scope cascades to the monitors below it. */
export const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('site'), siteId: id }).strict(),
  z.object({ kind: z.literal('monitor'), monitorId: id }).strict(),
  z.object({ kind: z.literal('tag'), tag: text().trim().min(1, 'Name the tag').max(40) }).strict(),
]);
export type Scope = z.infer<typeof Scope>;

const minutes = (max: number) => z.number().int().min(0, 'Cannot be negative').max(max, `At most ${max} minutes`);

/**
 * What a rule watches. The backup kinds are fed by the backup jobs, not by probes: their subject is
 * a backup job. The incident kinds are fed by incidents (a breached respond or resolve clock, a
 * skipped SOP step): their subject is the incident, and they tell the supervisor.
 */
export const RuleCondition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('monitor-down') }).strict(),
  z.object({ kind: z.literal('degraded') }).strict(),
  z.object({ kind: z.literal('cert-expiring'), days: z.number().int().min(1, 'At least 1 day').max(365, 'At most 365 days') }).strict(),
  z.object({ kind: z.literal('heartbeat-missed') }).strict(),
  z.object({ kind: z.literal('probe-error') }).strict(),
  z.object({ kind: z.literal('flapping') }).strict(),
  z
    .object({ kind: z.literal('latency-above'), thresholdMs: z.number().int().min(1, 'At least 1 ms').max(600_000, 'At most 600,000 ms') })
    .strict(),
  z.object({ kind: z.literal('backup-failed') }).strict(),
  z.object({ kind: z.literal('backup-overdue') }).strict(),
  z.object({ kind: z.literal('backup-verify-failed') }).strict(),
  z.object({ kind: z.literal('backup-test-restore-failed') }).strict(),
  z.object({ kind: z.literal('incident-sla-breached') }).strict(),
  z.object({ kind: z.literal('incident-step-skipped') }).strict(),
  /** Fed by core itself: the disk under its data folder is full, so nothing can be saved. */
  z.object({ kind: z.literal('disk-full') }).strict(),
  /** Fed by people (the console watching its own security): the subject is an account, a source or a person. */
  z.object({ kind: z.literal('security-account-locked') }).strict(),
  z.object({ kind: z.literal('security-source-failures') }).strict(),
  z.object({ kind: z.literal('security-role-raised') }).strict(),
  z.object({ kind: z.literal('security-admin-unusual-hour') }).strict(),
  z.object({ kind: z.literal('security-refused-commands') }).strict(),
  /** Issue 15, the console's own health: fed by core's health checks; the subject is the check (`console:health:<key>`). */
  z.object({ kind: z.literal('console-health-warning') }).strict(),
  z.object({ kind: z.literal('console-health-critical') }).strict(),
  /** Fed by shift handover (issue 15): a handover not accepted 15 minutes after its shift change; the subject is that shift change. */
  z.object({ kind: z.literal('handover-not-accepted') }).strict(),
  /** Fed by backups (issue 16): a job's key is as old as its rotation reminder says (90 days by default); the subject is the job. */
  z.object({ kind: z.literal('backup-key-rotation-due') }).strict(),
]);
export type RuleCondition = z.infer<typeof RuleCondition>;
export type ConditionKind = RuleCondition['kind'];

/** When a firing condition counts as cleared: M good results in a row, or a separate (lower) latency threshold. */
export const Recovery = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('good-results'), count: z.number().int().min(1, 'At least 1 result').max(100, 'At most 100 results') })
    .strict(),
  z.object({ kind: z.literal('latency-below'), thresholdMs: z.number().int().min(1, 'At least 1 ms').max(600_000) }).strict(),
]);
export type Recovery = z.infer<typeof Recovery>;

const ruleFields = {
  name: text().trim().min(1, 'Give the rule a name').max(120, 'At most 120 characters'),
  enabled: z.boolean().default(true),
  scope: Scope.default({ kind: 'all' }),
  condition: RuleCondition,
  /** The condition must hold this long before the alert fires. */
  pendingMinutes: minutes(1440).default(0),
  recovery: Recovery.default({ kind: 'good-results', count: 1 }),
  severity: Severity,
  /**
   * `table`: the routing table of the alert's severity decides who hears it; `channels`: only the
   * rule's own channels. Not given: `channels` when the rule names channels, else `table`.
   */
  routing: z.enum(['table', 'channels']).optional(),
  channelIds: z.array(id).max(20, 'At most 20 channels').default([]),
  /** Storm control: more open alerts than this for one rule become one "alert storm" alert. */
  maxOpenAlerts: z.number().int().min(1, 'At least 1').max(100_000).default(200),
};

export const RuleInput = z
  .object(ruleFields)
  .strict()
  .refine((rule) => rule.recovery.kind !== 'latency-below' || rule.condition.kind === 'latency-above', {
    message: 'A latency recovery threshold only fits a "latency above" condition',
    path: ['recovery'],
  })
  .refine(
    (rule) =>
      rule.recovery.kind !== 'latency-below' ||
      rule.condition.kind !== 'latency-above' ||
      rule.recovery.thresholdMs < rule.condition.thresholdMs,
    {
      message: 'Recover below a latency lower than the one that raises the alert',
      path: ['recovery', 'thresholdMs'],
    },
  );
export type RuleInput = z.input<typeof RuleInput>;
export type RuleSpec = z.output<typeof RuleInput>;

export const Rule = z.object({
  id,
  ...ruleFields,
  enabled: z.boolean(),
  scope: Scope,
  pendingMinutes: z.number().int(),
  recovery: Recovery,
  routing: z.enum(['table', 'channels']),
  channelIds: z.array(id),
  maxOpenAlerts: z.number().int(),
  builtIn: z.boolean(),
  /** Bumped by every edit of the rule; an edit names the version it was based on. */
  version: z.number().int().min(1),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Rule = z.infer<typeof Rule>;

/** Escalation per severity: unacknowledged after the delay, an alert goes up a level and notifies again. */
export const EscalationPolicy = z
  .object({
    severity: Severity,
    /** null: this severity never escalates by itself. */
    escalateAfterMinutes: z.number().int().min(1, 'At least 1 minute').max(1440).nullable(),
    /** Further escalations repeat this often until acknowledged. */
    repeatEveryMinutes: z.number().int().min(1, 'At least 1 minute').max(1440),
    maxLevel: z.number().int().min(1).max(5),
    /** An acknowledged alert not resolved within this time fires again; null: never. */
    ackTimeoutMinutes: z.number().int().min(1, 'At least 1 minute').max(10_080).nullable(),
  })
  .strict();
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

export const SilenceSchedule = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('once'), startsAt: z.number().int(), endsAt: z.number().int() })
    .strict()
    .refine((s) => s.endsAt > s.startsAt, { message: 'The end must be after the start', path: ['endsAt'] }),
  z
    .object({
      kind: z.literal('recurring'),
      /** Five fields: minute hour day-of-month month day-of-week, in the console's local time. */
      cron: text().trim().min(1, 'Give a schedule such as "0 2 * * 0" (Sundays at 02:00)').max(120),
      durationMinutes: z.number().int().min(1, 'At least 1 minute').max(10_080, 'At most 7 days'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('flexible'),
      /** The window in which the silence may start: it starts when a subject first fails inside it. */
      windowStartsAt: z.number().int(),
      windowEndsAt: z.number().int(),
      durationMinutes: z.number().int().min(1, 'At least 1 minute').max(10_080, 'At most 7 days'),
    })
    .strict()
    .refine((s) => s.windowEndsAt > s.windowStartsAt, { message: 'The window must end after it starts', path: ['windowEndsAt'] }),
]);
export type SilenceSchedule = z.infer<typeof SilenceSchedule>;

export const SilenceKind = z.enum(['silence', 'maintenance']);

const silenceFields = {
  kind: SilenceKind,
  comment: text().trim().min(1, 'Say why (it is shown on every alert it silences)').max(500, 'At most 500 characters'),
  scope: Scope,
  schedule: SilenceSchedule,
};
export const SilenceInput = z.object(silenceFields).strict();
export type SilenceInput = z.input<typeof SilenceInput>;
export type SilenceSpec = z.output<typeof SilenceInput>;

export const Silence = z.object({
  id,
  ...silenceFields,
  /** For a flexible window: when it was started by a failure; null until then. */
  triggeredAt: z.number().int().nullable(),
  createdBy: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** Whether it silences right now, and until when. */
  activeUntil: z.number().int().nullable(),
});
export type Silence = z.infer<typeof Silence>;

/**
 * Secrets are never sent back to a console. A whole secret (webhook signing secret, SMTP password,
 * any header value of a webhook or an HTTP monitor) comes back as this mask; the secret part of an
 * address (user:password, a credential in the query, a webhook's path) as `••••` within it.
 * The "unchanged" convention: a value sent back exactly as it was shown keeps the stored secret;
 * a value without the mask is new; any other value holding `••••` is refused with its field
 * (`src/shared/domain/secret-values.ts`).
 */
export const SECRET_MASK = '\u2022'.repeat(16);

const headerName = text().regex(/^[A-Za-z0-9-]{1,64}$/, 'Letters, digits and dashes only');

const httpAddress = (error = 'An http:// or https:// address') => z.url({ protocol: /^https?$/, error }).check(wellFormed);
const timeoutSeconds = z.number().int().min(1, 'At least 1 second').max(60, 'At most 60 seconds').default(5);

const clockTime = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time such as 22:00');
/**
 * While the console's clock (in its time zone setting) is between `start` and `end`, the channel is
 * not sent to, except for critical alerts; a start after the end spans midnight.
 */
export const QuietHours = z
  .object({ start: clockTime.default('22:00'), end: clockTime.default('06:00') })
  .strict()
  .refine((quiet) => quiet.start !== quiet.end, { message: 'The end must differ from the start', path: ['end'] });
export type QuietHours = z.infer<typeof QuietHours>;

/** Every kind may have quiet hours; without the field it has none. */
const quietHours = { quietHours: QuietHours.optional() };

/** The console's address, for the "Open Watchroom" link of a chat or pager message; null: no link. */
const consoleUrl = httpAddress('The console address as people open it, such as https://watchroom.example.com').nullable().default(null);

/** Chat incoming webhooks: the address is the secret (anyone holding it can post). */
const chatWebhook = <Kind extends 'slack' | 'teams' | 'mattermost'>(kind: Kind) =>
  z.object({ kind: z.literal(kind), url: httpAddress('The incoming webhook address'), consoleUrl, timeoutSeconds, ...quietHours }).strict();

/** Placeholders an SMS body template may use: plain substitution, never code. */
export const SMS_PLACEHOLDERS = ['to', 'text', 'severity', 'summary', 'subject', 'site', 'event', 'alertId', 'console'] as const;
/** Anything between double braces is a placeholder, so a typo or an expression is refused rather than sent as typed. */
const PLACEHOLDER = /\{\{([^}]*)\}\}/g;
const smsTemplate = text()
  .min(1, 'Write the body the gateway expects, with placeholders such as {{to}} and {{text}}')
  .max(2000, 'At most 2,000 characters')
  .refine(
    (template) =>
      [...template.matchAll(PLACEHOLDER)].every(([, name = '']) => (SMS_PLACEHOLDERS as readonly string[]).includes(name.trim())),
    { message: `Unknown placeholder: use ${SMS_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}` },
  );

export const ChannelConfig = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('webhook'),
      url: httpAddress(),
      /** Signs each body with HMAC-SHA256; the receiver checks the X-Watchroom-Signature header. */
      secret: text().min(16, 'At least 16 characters').max(200),
      timeoutSeconds,
      headers: z.record(headerName, text().max(500)).default({}),
      ...quietHours,
    })
    .strict(),
  z
    .object({
      kind: z.literal('email'),
      host: text().trim().min(1, 'The SMTP server name').max(253),
      port: z.number().int().min(1).max(65_535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure: z.boolean().default(false),
      username: text().max(200).nullable().default(null),
      password: text().max(200).nullable().default(null),
      from: z.email('A sender address such as watchroom@example.com').check(wellFormed),
      to: z.array(z.email('An e-mail address').check(wellFormed)).min(1, 'At least one recipient').max(50),
      timeoutSeconds: z.number().int().min(1).max(120).default(15),
      ...quietHours,
    })
    .strict(),
  chatWebhook('slack'),
  chatWebhook('teams'),
  chatWebhook('mattermost'),
  z
    .object({
      kind: z.literal('pagerduty'),
      /** The integration ("routing") key of an Events API v2 integration on a PagerDuty service. */
      routingKey: text().trim().min(1, 'Paste the integration key of the service').max(64, 'At most 64 characters'),
      eventsUrl: httpAddress().default('https://events.pagerduty.com/v2/enqueue'),
      consoleUrl,
      timeoutSeconds,
      ...quietHours,
    })
    .strict(),
  z
    .object({
      kind: z.literal('opsgenie'),
      apiKey: text().trim().min(1, 'Paste the API key of an Opsgenie API integration').max(200),
      /** https://api.eu.opsgenie.com for an account in the EU region. */
      apiUrl: httpAddress().default('https://api.opsgenie.com'),
      timeoutSeconds,
      ...quietHours,
    })
    .strict(),
  z
    .object({
      kind: z.literal('sms'),
      /** The gateway's address; a credential in it (user:password, a key in the query) is masked like a webhook's. */
      url: httpAddress(),
      method: z.enum(['POST', 'PUT']).default('POST'),
      contentType: z.enum(['application/json', 'application/x-www-form-urlencoded', 'text/plain']).default('application/json'),
      /** One request per recipient; each placeholder's value is escaped for the content type. */
      bodyTemplate: smsTemplate,
      recipients: z
        .array(text().regex(/^\+?[0-9]{6,15}$/, 'A phone number such as +4915112345678'))
        .min(1, 'At least one recipient')
        .max(20, 'At most 20 recipients'),
      headers: z.record(headerName, text().max(500)).default({}),
      timeoutSeconds,
      ...quietHours,
    })
    .strict(),
]);
export type ChannelConfig = z.infer<typeof ChannelConfig>;

const channelFields = {
  name: text().trim().min(1, 'Give the channel a name').max(120, 'At most 120 characters'),
  enabled: z.boolean().default(true),
  config: ChannelConfig,
  /** At most this many notifications a minute on this channel; the rest are dropped and counted. */
  ratePerMinute: z.number().int().min(1, 'At least 1 a minute').max(600, 'At most 600 a minute').default(20),
};
export const ChannelInput = z.object(channelFields).strict();
export type ChannelInput = z.input<typeof ChannelInput>;
export type ChannelSpec = z.output<typeof ChannelInput>;

export const Channel = z.object({
  id,
  ...channelFields,
  enabled: z.boolean(),
  ratePerMinute: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Channel = z.infer<typeof Channel>;

export const NotificationOutcome = z.object({
  channelId: id,
  channelName: z.string(),
  at: z.number().int(),
  ok: z.boolean(),
  /** The attempt number for a `retrying` step; the attempts made for the others (0: none was made). */
  attempts: z.number().int(),
  detail: z.string(),
  stage: NotificationStage,
  /** The channel's answer: its HTTP status (null: no HTTP answer, as with e-mail or a dead connection). */
  status: z.number().int().nullable(),
  /** A short excerpt of the answer's body, with anything like a key or token cut out; null when it said nothing quotable. */
  answer: z.string().nullable(),
});
export type NotificationOutcome = z.infer<typeof NotificationOutcome>;

export const Alert = z.object({
  id,
  fingerprint: z.string(),
  ruleId: id,
  ruleName: z.string(),
  /** `monitor:<id>`, `backup-job:<id>` or `storm:<ruleId>`. */
  subject: z.string(),
  subjectName: z.string(),
  siteId: id.nullable(),
  siteName: z.string().nullable(),
  severity: Severity,
  state: AlertState,
  summary: z.string(),
  firstSeenAt: z.number().int(),
  lastSeenAt: z.number().int(),
  /** Times the condition came back while this alert was open. */
  count: z.number().int(),
  escalationLevel: z.number().int(),
  escalatedAt: z.number().int().nullable(),
  /** Who claimed or acknowledged it first, by name as it was then; `ownerId` is that person's user id (null for alerts owned before people had ids). */
  owner: z.string().nullable(),
  ownerId: z.string().nullable(),
  /** The seat the owner claimed or acknowledged it at (a hub's name of the console); null when not known. */
  ownerSeat: z.string().nullable(),
  ackBy: z.string().nullable(),
  ackAt: z.number().int().nullable(),
  ackReason: AckReason.nullable(),
  ackNote: z.string().nullable(),
  snoozedUntil: z.number().int().nullable(),
  /** The silence or maintenance window muting it now, with its comment. */
  silencedBy: z.object({ id, kind: SilenceKind, comment: z.string() }).nullable(),
  /** Why it notifies no one now although open (its monitor became unreachable behind a dead parent, say). */
  heldBecause: z.string().nullable(),
  flapping: z.boolean(),
  resolvedAt: z.number().int().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  lastNotification: NotificationOutcome.nullable(),
  /** Shown with a command of this console's outbox applied on top, which the hub has not applied yet ("pending sync"). */
  pendingSync: z.literal(true).optional(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertEventKind = z.enum([
  'fired',
  'repeated',
  'acknowledged',
  'claimed',
  'escalated',
  'snoozed',
  're-raised',
  'silenced',
  'unsilenced',
  'resolved',
  'notified',
  'notify-failed',
  /** Quiet hours kept it from a channel. */
  'notify-held',
  'severity',
]);
export const AlertEvent = z.object({ at: z.number().int(), kind: AlertEventKind, actor: z.string(), detail: z.string() });
export type AlertEvent = z.infer<typeof AlertEvent>;

export const AlertDetail = z.object({ alert: Alert, history: z.array(AlertEvent), notifications: z.array(NotificationOutcome) });
export type AlertDetail = z.infer<typeof AlertDetail>;

export const ConsoleStatus = z.enum(['ok', 'warning', 'critical']);
export type ConsoleStatus = z.infer<typeof ConsoleStatus>;

export const StormState = z.object({ ruleId: id, ruleName: z.string(), held: z.number().int(), since: z.number().int() });
export type StormState = z.infer<typeof StormState>;

/**
 * Every open alert, plus the resolutions of the last hours (a resolution is always shown); or, when
 * asked for the `first` N, the first N of them in the queue's own order (most urgent first).
 */
export const AlertSnapshot = z.object({
  at: z.number().int(),
  alerts: z.array(Alert),
  /** Alerts in the whole snapshot: more than `alerts` holds when only the first N were asked for. */
  total: z.number().int().min(0),
  status: ConsoleStatus,
  storms: z.array(StormState),
});
export type AlertSnapshot = z.infer<typeof AlertSnapshot>;

export const AcknowledgeInput = z.object({ id, reason: AckReason, note: note.default('') }).strict();
export const SnoozeInput = z
  .object({ id, minutes: z.number().int().min(1, 'At least 1 minute').max(1440, 'At most 24 hours'), note: note.default('') })
  .strict();
export const ResolveInput = z.object({ id, reason: text().trim().min(1, 'Say why it is resolved').max(2000) }).strict();
export const AlertIdInput = z.object({ id }).strict();
export const AlertListInput = z
  .object({
    includeResolvedSinceMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400_000)
      .default(6 * 3_600_000),
    /**
     * Only the first N alerts of the queue as it is shown unfiltered, so a console paints the
     * screenful that matters while the rest is on its way.
     */
    first: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .optional();

export const SilencePreview = z.object({
  matches: z.array(z.object({ id, summary: z.string(), subjectName: z.string(), severity: Severity, siteName: z.string().nullable() })),
  /** When it would be active next (now, for a silence that starts at once); null if never. */
  nextActiveAt: z.number().int().nullable(),
});

/** The alert queue's live changes: alerts that changed (whole), and the console status. */
export const AlertsChanged = z.object({ alerts: z.array(Alert), removed: z.array(id), status: ConsoleStatus, storms: z.array(StormState) });

/** Asks consoles to get someone's attention: sound, banner, OS notification, window to front. */
export const AlertAttention = z.object({
  alertId: id,
  severity: Severity,
  reason: z.enum(['fired', 'escalated', 're-raised', 'snooze-ended', 'unsilenced']),
  title: z.string(),
  body: z.string(),
  at: z.number().int(),
  /** What the routing table of the alert's severity says (false: not for this severity); absent: the console's own rule by severity. */
  sound: z.boolean().optional(),
  osNotification: z.boolean().optional(),
});
export type AlertAttention = z.infer<typeof AlertAttention>;
