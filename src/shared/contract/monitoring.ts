import { z } from 'zod';
import { Health, MonitorStatus, ProbeConfig } from './monitors';
import { text } from './strings';

const id = text().min(1).max(64);
const tag = text()
  .trim()
  .min(1, 'A tag cannot be empty')
  .max(40, 'Tags are at most 40 characters')
  .regex(/^[^,]+$/, 'Tags cannot contain commas');
const tags = z.array(tag).max(20, 'At most 20 tags').default([]);

export const SiteInput = z
  .object({
    name: text().trim().min(1, 'Give the site a name').max(120, 'At most 120 characters'),
    address: text().trim().max(300).nullable().default(null),
    tags,
  })
  .strict();
export type SiteInput = z.input<typeof SiteInput>;

export const Site = z.object({
  id,
  name: z.string(),
  address: z.string().nullable(),
  tags: z.array(z.string()),
  maintenance: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Site = z.infer<typeof Site>;

export const MonitorRole = z.enum(['normal', 'console-uplink']);

const monitorFields = {
  siteId: id,
  name: text().trim().min(1, 'Give the monitor a name').max(120, 'At most 120 characters'),
  probe: ProbeConfig,
  intervalSeconds: z.number().int().min(5, 'At least 5 seconds').max(86_400, 'At most a day').default(30),
  timeoutSeconds: z.number().int().min(1, 'At least 1 second').max(300, 'At most 300 seconds').default(10),
  failuresToDown: z.number().int().min(1).max(10).default(2),
  successesToUp: z.number().int().min(1).max(10).default(1),
  warnLatencyMs: z.number().int().min(1).max(600_000).default(500),
  critLatencyMs: z.number().int().min(1).max(600_000).default(2000),
  parentId: id.nullable().default(null),
  role: MonitorRole.default('normal'),
  tags,
};

function monitorRules<
  T extends z.ZodType<{ intervalSeconds: number; timeoutSeconds: number; warnLatencyMs: number; critLatencyMs: number }>,
>(schema: T) {
  return schema
    .refine((m) => m.timeoutSeconds < m.intervalSeconds, {
      message: 'The timeout must be shorter than the interval',
      path: ['timeoutSeconds'],
    })
    .refine((m) => m.critLatencyMs > m.warnLatencyMs, {
      message: 'The critical latency must be above the warning latency',
      path: ['critLatencyMs'],
    });
}

export const MonitorInput = monitorRules(z.object(monitorFields).strict());
export type MonitorInput = z.input<typeof MonitorInput>;
export type MonitorSpec = z.output<typeof MonitorInput>;

export const Monitor = z.object({
  id,
  ...monitorFields,
  paused: z.boolean(),
  maintenance: z.boolean(),
  /** For heartbeat monitors: the secret part of the URL devices call. */
  heartbeatToken: z.string().nullable(),
  /** Bumped by every edit of the monitor; an edit names the version it was based on. */
  version: z.number().int().min(1),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Monitor = z.infer<typeof Monitor>;

export const StatusCause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('own') }),
  z.object({ kind: z.literal('paused') }),
  z.object({ kind: z.literal('maintenance'), source: z.enum(['monitor', 'site', 'parent']) }),
  z.object({ kind: z.literal('unreachable'), parentId: id }),
  z.object({ kind: z.literal('console-offline') }),
]);

export const MonitorState = z.object({
  monitorId: id,
  status: MonitorStatus,
  verdict: z.enum(['up', 'degraded', 'down', 'unknown']),
  cause: StatusCause,
  health: Health,
  since: z.number().int(),
  lastCheckAt: z.number().int().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
  certExpiresAt: z.number().int().nullable(),
  flapping: z.boolean(),
  manualNote: z.string().nullable(),
});
export type MonitorState = z.infer<typeof MonitorState>;

export const StatusCounts = z.object({
  up: z.number().int(),
  degraded: z.number().int(),
  down: z.number().int(),
  unknown: z.number().int(),
  paused: z.number().int(),
  maintenance: z.number().int(),
});

/**
 * Everything the status board needs in one answer, read from the latest-state table only; or, when
 * asked for the `first` N, every site (counted over all monitors) and the first N monitors in the
 * board's default order (problems first).
 */
export const BoardSnapshot = z.object({
  at: z.number().int(),
  sites: z.array(Site.extend({ worst: MonitorStatus.nullable(), counts: StatusCounts })),
  /** Monitors in the whole snapshot: more than `monitors` holds when only the first N were asked for. */
  total: z.number().int().min(0),
  monitors: z.array(
    z.object({
      id,
      siteId: id,
      name: z.string(),
      kind: z.string(),
      tags: z.array(z.string()),
      parentId: id.nullable(),
      target: z.string(),
      state: MonitorState,
    }),
  ),
});
export type BoardSnapshot = z.infer<typeof BoardSnapshot>;

export const BoardSnapshotInput = z
  .object({
    /** Only the first N monitors, so a console paints its first screenful while the rest is on its way. */
    first: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
  .optional();

export const SeriesRange = z.enum(['1h', '24h', '7d', '30d']);
export type SeriesRange = z.infer<typeof SeriesRange>;

/** A latency/uptime series as parallel arrays: compact on the wire, direct for charts. */
export const Series = z.object({
  monitorId: id,
  range: SeriesRange,
  bucketMs: z.number().int(),
  t: z.array(z.number().int()),
  count: z.array(z.number().int()),
  up: z.array(z.number().int()),
  min: z.array(z.number().nullable()),
  mean: z.array(z.number().nullable()),
  max: z.array(z.number().nullable()),
  p95: z.array(z.number().nullable()),
});
export type Series = z.infer<typeof Series>;

export const StateChange = z.object({ at: z.number().int(), from: MonitorStatus, to: MonitorStatus, reason: z.string() });

export const MonitorDetail = z.object({
  monitor: Monitor,
  site: Site,
  state: MonitorState,
  /** Uptime in percent over 24 h, 7 d and 30 d; null when there were no results. */
  uptime: z.object({ '24h': z.number().nullable(), '7d': z.number().nullable(), '30d': z.number().nullable() }),
  recentChanges: z.array(StateChange),
});
export type MonitorDetail = z.infer<typeof MonitorDetail>;

export const ManualStateInput = z
  .object({ id, status: z.enum(['up', 'degraded', 'down']), note: text().trim().min(1, 'Say why (a note is required)').max(500) })
  .strict();

export const MaintenanceInput = z.object({ id, maintenance: z.boolean() }).strict();
export const IdInput = z.object({ id }).strict();

/** The portable document of sites and monitors; references between them use the ids in the file. */
/** One monitor of a config document: its id in the file, and the same rules as MonitorInput. */
export const ConfigMonitor = monitorRules(z.strictObject({ id, ...monitorFields }));
export const ConfigDocument = z.strictObject({
  format: z.literal('watchroom-config'),
  version: z.literal(1),
  sites: z.array(SiteInput.extend({ id })),
  monitors: z.array(ConfigMonitor),
});
export type ConfigDocument = z.infer<typeof ConfigDocument>;

/**
 * A configuration file with its secrets (credentials in URLs, header values) encrypted: scrypt
 * turns the passphrase into a key, AES-256-GCM encrypts the whole document, bound to the header.
 */
export const EncryptedConfigDocument = z.strictObject({
  format: z.literal('watchroom-config-encrypted'),
  version: z.literal(1),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 17),
    r: z.number().int().min(1).max(8),
    p: z.number().int().min(1).max(4),
    salt: text().max(100),
  }),
  nonce: text().max(100),
  tag: text().max(100),
  ciphertext: text(),
});
export type EncryptedConfigDocument = z.infer<typeof EncryptedConfigDocument>;

const exportPassphrase = text().min(12, 'At least 12 characters: it is all that protects the secrets in the file').max(1000);

/**
 * Without input, or with includeSecrets false, the file leaves secrets out (•••• where one was);
 * with includeSecrets it holds them, encrypted with the passphrase given.
 */
export const ConfigExportInput = z
  .discriminatedUnion('includeSecrets', [
    z.strictObject({ includeSecrets: z.literal(false) }),
    z.strictObject({ includeSecrets: z.literal(true), passphrase: exportPassphrase }),
  ])
  .optional();
export const ConfigExport = z.union([ConfigDocument, EncryptedConfigDocument]);
export type ConfigExport = z.infer<typeof ConfigExport>;

/** `passphrase` opens an encrypted file; a plain one needs none. */
export const ImportInput = z.object({ text: text().min(1, 'The file is empty'), passphrase: text().max(1000).optional() }).strict();
export const ImportProblem = z.object({ line: z.number().int().nullable(), path: z.string(), message: z.string() });
export const ImportResult = z.object({ sites: z.number().int(), monitors: z.number().int() });

/** Coalesced probe results (at most 4 a second per console), as parallel arrays. */
export const ProbeResultsBatch = z.object({
  monitorIds: z.array(id),
  at: z.array(z.number().int()),
  ok: z.array(z.boolean()),
  latencyMs: z.array(z.number().nullable()),
});
