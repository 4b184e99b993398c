import { MonitorInput, type Monitor, type MonitorSpec, type ProbeConfig, type ProbeKindName } from '../../../shared/contract';
import { issueInWords, messageInWords } from '../../format/validation';
import type { FieldError } from '../../transport/transport';

export const PROBE_KINDS: readonly ProbeKindName[] = ['http', 'tcp', 'icmp', 'dns', 'tls', 'heartbeat', 'manual'];
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'] as const;
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV'] as const;
export const JSON_PATH_OPS = ['equals', 'notEquals', 'contains', 'exists'] as const;

/** The form's values exactly as the inputs hold them. One draft for every kind, so switching kind keeps what was typed. */
export interface MonitorDraft {
  siteId: string;
  name: string;
  kind: ProbeKindName;
  url: string;
  method: (typeof HTTP_METHODS)[number];
  /** Comma-separated: "200-299, 301". */
  expectedStatus: string;
  keywordText: string;
  keywordMode: 'present' | 'absent';
  jsonPath: string;
  jsonPathOp: (typeof JSON_PATH_OPS)[number];
  jsonPathValue: string;
  followRedirects: boolean;
  verifyTls: boolean;
  host: string;
  port: string;
  dnsName: string;
  recordType: (typeof DNS_RECORD_TYPES)[number];
  resolver: string;
  expected: string;
  servername: string;
  verifyChain: boolean;
  graceSeconds: string;
  intervalSeconds: string;
  timeoutSeconds: string;
  failuresToDown: string;
  successesToUp: string;
  warnLatencyMs: string;
  critLatencyMs: string;
  /** '' for none. */
  parentId: string;
  role: 'normal' | 'console-uplink';
  /** Comma-separated. */
  tags: string;
  /** HTTP settings this form does not show, kept as they were when editing. */
  httpExtras: { headers: Record<string, string>; body?: string; maxRedirects: number };
}

export function emptyDraft(siteId: string): MonitorDraft {
  return {
    siteId,
    name: '',
    kind: 'http',
    url: '',
    method: 'GET',
    expectedStatus: '200-399',
    keywordText: '',
    keywordMode: 'present',
    jsonPath: '',
    jsonPathOp: 'equals',
    jsonPathValue: '',
    followRedirects: true,
    verifyTls: true,
    host: '',
    port: '',
    dnsName: '',
    recordType: 'A',
    resolver: '',
    expected: '',
    servername: '',
    verifyChain: true,
    graceSeconds: '60',
    intervalSeconds: '30',
    timeoutSeconds: '10',
    failuresToDown: '2',
    successesToUp: '1',
    warnLatencyMs: '500',
    critLatencyMs: '2000',
    parentId: '',
    role: 'normal',
    tags: '',
    httpExtras: { headers: {}, maxRedirects: 5 },
  };
}

function probeIntoDraft(draft: MonitorDraft, probe: ProbeConfig): MonitorDraft {
  switch (probe.kind) {
    case 'http':
      return {
        ...draft,
        url: probe.url,
        method: probe.method,
        expectedStatus: probe.expectedStatus.join(', '),
        keywordText: probe.keyword?.text ?? '',
        keywordMode: probe.keyword?.mode ?? 'present',
        jsonPath: probe.jsonPath?.path ?? '',
        jsonPathOp: probe.jsonPath?.op ?? 'equals',
        jsonPathValue: probe.jsonPath?.value ?? '',
        followRedirects: probe.followRedirects,
        verifyTls: probe.verifyTls,
        httpExtras: { headers: probe.headers, ...(probe.body === undefined ? {} : { body: probe.body }), maxRedirects: probe.maxRedirects },
      };
    case 'tcp':
      return { ...draft, host: probe.host, port: String(probe.port) };
    case 'icmp':
      return { ...draft, host: probe.host };
    case 'dns':
      return {
        ...draft,
        dnsName: probe.name,
        recordType: probe.recordType,
        resolver: probe.resolver ?? '',
        expected: probe.expected ?? '',
      };
    case 'tls':
      return { ...draft, host: probe.host, port: String(probe.port), servername: probe.servername ?? '', verifyChain: probe.verifyChain };
    case 'heartbeat':
      return { ...draft, graceSeconds: String(probe.graceSeconds) };
    case 'manual':
      return draft;
  }
}

export function draftFromMonitor(monitor: Monitor): MonitorDraft {
  const base: MonitorDraft = {
    ...emptyDraft(monitor.siteId),
    name: monitor.name,
    kind: monitor.probe.kind,
    intervalSeconds: String(monitor.intervalSeconds),
    timeoutSeconds: String(monitor.timeoutSeconds),
    failuresToDown: String(monitor.failuresToDown),
    successesToUp: String(monitor.successesToUp),
    warnLatencyMs: String(monitor.warnLatencyMs),
    critLatencyMs: String(monitor.critLatencyMs),
    parentId: monitor.parentId ?? '',
    role: monitor.role,
    tags: monitor.tags.join(', '),
  };
  return probeIntoDraft(base, monitor.probe);
}

/** Field path -> message, with the contract's paths ("probe.url", "timeoutSeconds"). */
export type FieldErrors = Record<string, string>;

const NUMBER_UNITS: Record<string, string> = {
  intervalSeconds: 'seconds',
  timeoutSeconds: 'seconds',
  failuresToDown: 'failures',
  successesToUp: 'successes',
  warnLatencyMs: 'milliseconds',
  critLatencyMs: 'milliseconds',
  'probe.port': 'a port number',
  'probe.graceSeconds': 'seconds',
};

/** A whole number, or an error in words: zod's "expected number, received NaN" means nothing to an operator. */
function readWholeNumber(path: string, raw: string, errors: FieldErrors): number | undefined {
  const unit = NUMBER_UNITS[path] ?? 'a number';
  if (raw.trim() === '') {
    errors[path] = unit.startsWith('a ') ? `Enter ${unit}` : `Enter a number of ${unit}`;
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    errors[path] = 'Use a whole number';
    return undefined;
  }
  return value;
}

function listOf(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Optional text: absent when empty, so the contract's "optional" applies rather than "too short". */
function optionalText(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

function probeFromDraft(draft: MonitorDraft, errors: FieldErrors): Record<string, unknown> {
  switch (draft.kind) {
    case 'http':
      return {
        kind: 'http',
        url: draft.url,
        method: draft.method,
        headers: draft.httpExtras.headers,
        ...(draft.httpExtras.body === undefined ? {} : { body: draft.httpExtras.body }),
        expectedStatus: listOf(draft.expectedStatus),
        ...(draft.keywordText.trim() === '' ? {} : { keyword: { text: draft.keywordText, mode: draft.keywordMode } }),
        ...(draft.jsonPath.trim() === ''
          ? {}
          : { jsonPath: { path: draft.jsonPath.trim(), op: draft.jsonPathOp, value: draft.jsonPathValue } }),
        followRedirects: draft.followRedirects,
        maxRedirects: draft.httpExtras.maxRedirects,
        verifyTls: draft.verifyTls,
      };
    case 'tcp':
      return { kind: 'tcp', host: draft.host, port: readWholeNumber('probe.port', draft.port, errors) };
    case 'icmp':
      return { kind: 'icmp', host: draft.host };
    case 'dns':
      return {
        kind: 'dns',
        name: draft.dnsName,
        recordType: draft.recordType,
        resolver: optionalText(draft.resolver),
        expected: optionalText(draft.expected),
      };
    case 'tls':
      return {
        kind: 'tls',
        host: draft.host,
        port: readWholeNumber('probe.port', draft.port, errors),
        servername: optionalText(draft.servername),
        verifyChain: draft.verifyChain,
      };
    case 'heartbeat':
      return { kind: 'heartbeat', graceSeconds: readWholeNumber('probe.graceSeconds', draft.graceSeconds, errors) };
    case 'manual':
      return { kind: 'manual' };
  }
}

export type DraftResult = { ok: true; input: MonitorSpec } | { ok: false; errors: FieldErrors };

/**
 * Checks the draft with the contract's own MonitorInput schema, so the form says what core would
 * say before anything is sent. Numbers are read first, with messages of their own.
 */
export function validateDraft(draft: MonitorDraft): DraftResult {
  const errors: FieldErrors = {};
  const candidate = {
    siteId: draft.siteId,
    name: draft.name,
    probe: probeFromDraft(draft, errors),
    intervalSeconds: readWholeNumber('intervalSeconds', draft.intervalSeconds, errors),
    timeoutSeconds: readWholeNumber('timeoutSeconds', draft.timeoutSeconds, errors),
    failuresToDown: readWholeNumber('failuresToDown', draft.failuresToDown, errors),
    successesToUp: readWholeNumber('successesToUp', draft.successesToUp, errors),
    warnLatencyMs: readWholeNumber('warnLatencyMs', draft.warnLatencyMs, errors),
    critLatencyMs: readWholeNumber('critLatencyMs', draft.critLatencyMs, errors),
    parentId: draft.parentId === '' ? null : draft.parentId,
    role: draft.role,
    tags: listOf(draft.tags),
  };
  if (draft.siteId === '') errors.siteId = 'Pick the site this monitor belongs to';
  const parsed = MonitorInput.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      // The first message per field is the one to fix first; number errors above are already in words.
      if (!(path in errors)) errors[path] = issueInWords(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** The fields each kind shows, by contract path: an error is shown beside the field whose path it starts with. */
const COMMON_FIELDS = [
  'siteId',
  'name',
  'probe.kind',
  'intervalSeconds',
  'timeoutSeconds',
  'failuresToDown',
  'successesToUp',
  'warnLatencyMs',
  'critLatencyMs',
  'parentId',
  'role',
  'tags',
];
const KIND_FIELDS: Record<ProbeKindName, readonly string[]> = {
  http: [
    'probe.url',
    'probe.method',
    'probe.expectedStatus',
    'probe.keyword',
    'probe.jsonPath',
    'probe.followRedirects',
    'probe.verifyTls',
  ],
  tcp: ['probe.host', 'probe.port'],
  icmp: ['probe.host'],
  dns: ['probe.name', 'probe.recordType', 'probe.resolver', 'probe.expected'],
  tls: ['probe.host', 'probe.port', 'probe.servername', 'probe.verifyChain'],
  heartbeat: ['probe.graceSeconds'],
  manual: [],
};

/** Fields whose error comes from a rule over two fields: changing either one shows it. */
const RULE_PARTNERS: Record<string, readonly string[]> = { timeoutSeconds: ['intervalSeconds'], critLatencyMs: ['warnLatencyMs'] };

export function wasTouched(field: string, touched: ReadonlySet<string>): boolean {
  return touched.has(field) || (RULE_PARTNERS[field] ?? []).some((partner) => touched.has(partner));
}

export function fieldsShownFor(kind: ProbeKindName): readonly string[] {
  return [...COMMON_FIELDS, ...KIND_FIELDS[kind]];
}

/** The shown field an error path belongs to ("probe.expectedStatus.0" -> "probe.expectedStatus"), or null. */
export function fieldForPath(path: string, kind: ProbeKindName): string | null {
  let best: string | null = null;
  for (const field of fieldsShownFor(kind)) {
    if ((path === field || path.startsWith(`${field}.`)) && (best === null || field.length > best.length)) best = field;
  }
  return best;
}

/**
 * Core's invalid_input fields, placed by field. monitors.update nests the monitor under "monitor",
 * so that prefix is dropped; a path no field shows comes back in `unplaced`, to be said at the top.
 */
export function placeServerErrors(fields: readonly FieldError[], kind: ProbeKindName): { byField: FieldErrors; unplaced: string[] } {
  const byField: FieldErrors = {};
  const unplaced: string[] = [];
  for (const { path, message } of fields) {
    const contractPath = path.startsWith('monitor.') ? path.slice('monitor.'.length) : path;
    const field = fieldForPath(contractPath, kind);
    if (field === null) unplaced.push(contractPath ? `${contractPath}: ${messageInWords(message)}` : messageInWords(message));
    else if (!(field in byField)) byField[field] = messageInWords(message);
  }
  return { byField, unplaced };
}

/** Client errors placed the same way as core's, so a nested path ("probe.keyword.text") lands beside its field. */
export function placeClientErrors(errors: FieldErrors, kind: ProbeKindName): { byField: FieldErrors; unplaced: string[] } {
  return placeServerErrors(
    Object.entries(errors).map(([path, message]) => ({ path, message })),
    kind,
  );
}
