import { z } from 'zod';
import { text } from './strings';

/** What a monitor is right now. See DESIGN.md: degraded = answering but slow; unknown = cannot tell. */
export const MonitorStatus = z.enum(['up', 'degraded', 'down', 'unknown', 'paused', 'maintenance']);
export type MonitorStatus = z.infer<typeof MonitorStatus>;

export const Health = z.enum(['ok', 'warning', 'critical']);
export type Health = z.infer<typeof Health>;

const hostname = text()
  .trim()
  .min(1, 'Enter a host name or IP address')
  .max(253)
  .regex(/^[A-Za-z0-9.:_-]+$/, 'A host is a name or an IP address, without scheme or path');
const port = z.number().int().min(1, 'Ports are 1 to 65535').max(65535, 'Ports are 1 to 65535');

/** "200", "200-299": the statuses that count as success. */
const StatusRange = text().regex(/^[1-5]\d\d(-[1-5]\d\d)?$/, 'Use a status like 200 or a range like 200-299');

/** `url` credentials and `headers` values come back masked; see SECRET_MASK for how an edit keeps them. */
export const HttpProbeConfig = z.strictObject({
  kind: z.literal('http'),
  url: text()
    .trim()
    .url('Enter a full URL, like https://recorder.site-a.example/health')
    .refine((u) => /^https?:\/\//i.test(u), 'Only http:// and https:// URLs can be probed'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']).default('GET'),
  headers: z.record(text().min(1), text()).default({}),
  body: text().max(65_536).optional(),
  expectedStatus: z.array(StatusRange).min(1).default(['200-399']),
  keyword: z.strictObject({ text: text().min(1), mode: z.enum(['present', 'absent']) }).optional(),
  /** A dotted path into a JSON body ($.a.b[0].c) and the value it must have. */
  jsonPath: z
    .strictObject({
      path: text().regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/, 'Use a path like $.status or $.items[0].state'),
      op: z.enum(['equals', 'notEquals', 'contains', 'exists']),
      value: text().default(''),
    })
    .optional(),
  followRedirects: z.boolean().default(true),
  maxRedirects: z.number().int().min(0).max(10).default(5),
  verifyTls: z.boolean().default(true),
});

export const TcpProbeConfig = z.strictObject({ kind: z.literal('tcp'), host: hostname, port });
export const IcmpProbeConfig = z.strictObject({ kind: z.literal('icmp'), host: hostname });
export const DnsProbeConfig = z.strictObject({
  kind: z.literal('dns'),
  name: hostname,
  recordType: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV']).default('A'),
  /** IP address of the resolver to ask (optionally :port); empty means the system's resolvers. */
  resolver: text()
    .trim()
    .regex(/^(\d{1,3}(\.\d{1,3}){3}|\[?[0-9a-fA-F:]+\]?)(:\d{1,5})?$/, 'A resolver is an IP address, optionally with :port')
    .optional(),
  /** When set, one of the answers must equal this value. */
  expected: text().trim().min(1).optional(),
});
export const TlsProbeConfig = z.strictObject({
  kind: z.literal('tls'),
  host: hostname,
  port: port.default(443),
  servername: text().trim().min(1).optional(),
  verifyChain: z.boolean().default(true),
});
export const HeartbeatProbeConfig = z.strictObject({
  kind: z.literal('heartbeat'),
  /** Allowance on top of the interval before a missing beat means down. */
  graceSeconds: z.number().int().min(0).max(86_400).default(60),
});
export const ManualProbeConfig = z.strictObject({ kind: z.literal('manual') });

export const ProbeConfig = z.discriminatedUnion('kind', [
  HttpProbeConfig,
  TcpProbeConfig,
  IcmpProbeConfig,
  DnsProbeConfig,
  TlsProbeConfig,
  HeartbeatProbeConfig,
  ManualProbeConfig,
]);
export type ProbeConfig = z.infer<typeof ProbeConfig>;
export type ProbeKindName = ProbeConfig['kind'];
export type ProbeConfigOf<K extends ProbeKindName> = Extract<ProbeConfig, { kind: K }>;

/** Days before certificate expiry at which a TLS monitor warns (DESIGN/issue: 30, 14, 7). */
export const CERT_WARNING_DAYS = [30, 14, 7] as const;
