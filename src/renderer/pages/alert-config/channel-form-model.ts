import { ChannelInput, type Channel, type ChannelConfig, type ChannelSpec } from '../../../shared/contract';
import { checkWithContract, linesOf, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';

export type ChannelKind = ChannelConfig['kind'];
export type EmailTls = 'implicit' | 'starttls';

export type SmsConfig = Extract<ChannelConfig, { kind: 'sms' }>;

export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = {
  webhook: 'Webhook',
  email: 'E-mail',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  mattermost: 'Mattermost',
  pagerduty: 'PagerDuty',
  opsgenie: 'Opsgenie',
  sms: 'SMS gateway',
};

const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
const OPSGENIE_API_URL = 'https://api.opsgenie.com';

/**
 * The form's values as the inputs hold them. Secrets come from core as SECRET_MASK and stay so
 * unless typed over: core keeps the stored secret when the mask comes back.
 */
export interface ChannelDraft {
  name: string;
  enabled: boolean;
  kind: ChannelKind;
  ratePerMinute: string;
  url: string;
  secret: string;
  webhookTimeoutSeconds: string;
  /** "Name: value", one a line. */
  headers: string;
  host: string;
  port: string;
  tls: EmailTls;
  username: string;
  password: string;
  from: string;
  /** One address a line. */
  to: string;
  emailTimeoutSeconds: string;
  /** Empty: messages carry no link back to the console. */
  consoleUrl: string;
  routingKey: string;
  eventsUrl: string;
  apiKey: string;
  apiUrl: string;
  smsMethod: SmsConfig['method'];
  smsContentType: SmsConfig['contentType'];
  bodyTemplate: string;
  /** One phone number a line. */
  recipients: string;
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
}

export function emptyChannelDraft(): ChannelDraft {
  return {
    name: '',
    enabled: true,
    kind: 'webhook',
    ratePerMinute: '20',
    url: '',
    secret: '',
    webhookTimeoutSeconds: '5',
    headers: '',
    host: '',
    port: '587',
    tls: 'starttls',
    username: '',
    password: '',
    from: '',
    to: '',
    emailTimeoutSeconds: '15',
    consoleUrl: '',
    routingKey: '',
    eventsUrl: PAGERDUTY_EVENTS_URL,
    apiKey: '',
    apiUrl: OPSGENIE_API_URL,
    smsMethod: 'POST',
    smsContentType: 'application/json',
    bodyTemplate: '{"to": "{{to}}", "text": "{{text}}"}',
    recipients: '',
    quietEnabled: false,
    quietStart: '22:00',
    quietEnd: '06:00',
  };
}

const headersText = (headers: Readonly<Record<string, string>>): string =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');

export function draftFromChannel(channel: Channel): ChannelDraft {
  const { config } = channel;
  const base = {
    ...emptyChannelDraft(),
    name: channel.name,
    enabled: channel.enabled,
    kind: config.kind,
    ratePerMinute: String(channel.ratePerMinute),
    quietEnabled: config.quietHours !== undefined,
    quietStart: config.quietHours?.start ?? '22:00',
    quietEnd: config.quietHours?.end ?? '06:00',
  };
  switch (config.kind) {
    case 'webhook':
      return {
        ...base,
        url: config.url,
        secret: config.secret,
        webhookTimeoutSeconds: String(config.timeoutSeconds),
        headers: headersText(config.headers),
      };
    case 'email':
      return {
        ...base,
        host: config.host,
        port: String(config.port),
        tls: config.secure ? 'implicit' : 'starttls',
        username: config.username ?? '',
        password: config.password ?? '',
        from: config.from,
        to: config.to.join('\n'),
        emailTimeoutSeconds: String(config.timeoutSeconds),
      };
    case 'slack':
    case 'teams':
    case 'mattermost':
      return { ...base, url: config.url, consoleUrl: config.consoleUrl ?? '', webhookTimeoutSeconds: String(config.timeoutSeconds) };
    case 'pagerduty':
      return {
        ...base,
        routingKey: config.routingKey,
        eventsUrl: config.eventsUrl,
        consoleUrl: config.consoleUrl ?? '',
        webhookTimeoutSeconds: String(config.timeoutSeconds),
      };
    case 'opsgenie':
      return { ...base, apiKey: config.apiKey, apiUrl: config.apiUrl, webhookTimeoutSeconds: String(config.timeoutSeconds) };
    case 'sms':
      return {
        ...base,
        url: config.url,
        smsMethod: config.method,
        smsContentType: config.contentType,
        bodyTemplate: config.bodyTemplate,
        recipients: config.recipients.join('\n'),
        headers: headersText(config.headers),
        webhookTimeoutSeconds: String(config.timeoutSeconds),
      };
  }
}

function headersFromText(text: string, errors: FieldErrors): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of linesOf(text)) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors['config.headers'] ??= `Write each header as Name: value (“${line}”)`;
      continue;
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function configFromDraft(draft: ChannelDraft, errors: FieldErrors): Record<string, unknown> {
  const timeoutSeconds = readWholeNumber('config.timeoutSeconds', draft.webhookTimeoutSeconds, errors);
  const consoleUrl = draft.consoleUrl.trim() === '' ? null : draft.consoleUrl.trim();
  const quiet = draft.quietEnabled ? { quietHours: { start: draft.quietStart, end: draft.quietEnd } } : {};
  switch (draft.kind) {
    case 'webhook':
      return {
        kind: 'webhook',
        url: draft.url.trim(),
        secret: draft.secret,
        timeoutSeconds,
        headers: headersFromText(draft.headers, errors),
        ...quiet,
      };
    case 'email':
      return {
        kind: 'email',
        host: draft.host,
        port: readWholeNumber('config.port', draft.port, errors),
        secure: draft.tls === 'implicit',
        // An empty box is "none"; the mask, left as it came, keeps the stored password.
        username: draft.username.trim() === '' ? null : draft.username.trim(),
        password: draft.password === '' ? null : draft.password,
        from: draft.from.trim(),
        to: linesOf(draft.to),
        timeoutSeconds: readWholeNumber('config.timeoutSeconds', draft.emailTimeoutSeconds, errors),
        ...quiet,
      };
    case 'slack':
    case 'teams':
    case 'mattermost':
      return { kind: draft.kind, url: draft.url.trim(), consoleUrl, timeoutSeconds, ...quiet };
    case 'pagerduty':
      return { kind: 'pagerduty', routingKey: draft.routingKey, eventsUrl: draft.eventsUrl.trim(), consoleUrl, timeoutSeconds, ...quiet };
    case 'opsgenie':
      return { kind: 'opsgenie', apiKey: draft.apiKey, apiUrl: draft.apiUrl.trim(), timeoutSeconds, ...quiet };
    case 'sms':
      return {
        kind: 'sms',
        url: draft.url.trim(),
        method: draft.smsMethod,
        contentType: draft.smsContentType,
        bodyTemplate: draft.bodyTemplate,
        recipients: linesOf(draft.recipients),
        headers: headersFromText(draft.headers, errors),
        timeoutSeconds,
        ...quiet,
      };
  }
}

/** A recipient's error says which line it is on: "config.to.2" is the third address typed. */
function withRecipientLines(errors: FieldErrors): FieldErrors {
  const placed: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const [, list, line] = /^(config\.(?:to|recipients))\.(\d+)$/.exec(path) ?? [];
    if (list === undefined || line === undefined) placed[path] ??= message;
    else placed[list] ??= `Line ${Number(line) + 1}: ${message}`;
  }
  return placed;
}

/** Checks the draft with the contract's ChannelInput, so the form says what core would say before anything is sent. */
export function validateChannelDraft(draft: ChannelDraft): DraftValidation<ChannelSpec> {
  const errors: FieldErrors = {};
  const candidate = {
    name: draft.name,
    enabled: draft.enabled,
    config: configFromDraft(draft, errors),
    ratePerMinute: readWholeNumber('ratePerMinute', draft.ratePerMinute, errors),
  };
  const result = checkWithContract(ChannelInput, candidate, errors);
  return result.ok ? result : { ok: false, errors: withRecipientLines(result.errors) };
}

const QUIET_FIELDS = ['config.quietHours', 'config.quietHours.start', 'config.quietHours.end'];
const CHAT_FIELDS = ['config.url', 'config.consoleUrl', 'config.timeoutSeconds'];

const KIND_FIELDS: Record<ChannelKind, readonly string[]> = {
  webhook: ['config.url', 'config.secret', 'config.timeoutSeconds', 'config.headers'],
  email: [
    'config.host',
    'config.port',
    'config.secure',
    'config.username',
    'config.password',
    'config.from',
    'config.to',
    'config.timeoutSeconds',
  ],
  slack: CHAT_FIELDS,
  teams: CHAT_FIELDS,
  mattermost: CHAT_FIELDS,
  pagerduty: ['config.routingKey', 'config.eventsUrl', 'config.consoleUrl', 'config.timeoutSeconds'],
  opsgenie: ['config.apiKey', 'config.apiUrl', 'config.timeoutSeconds'],
  sms: [
    'config.url',
    'config.method',
    'config.contentType',
    'config.bodyTemplate',
    'config.recipients',
    'config.headers',
    'config.timeoutSeconds',
  ],
};

/** The contract paths the form shows for this draft, in the order they appear. */
export function channelFormFields(draft: ChannelDraft): readonly string[] {
  return ['name', 'config.kind', ...KIND_FIELDS[draft.kind], ...QUIET_FIELDS, 'ratePerMinute'];
}

/** Where a channel delivers, in one line for the list. */
export function describeDestination(config: ChannelConfig): string {
  switch (config.kind) {
    case 'webhook':
    case 'slack':
    case 'teams':
    case 'mattermost':
      return config.url;
    case 'email': {
      const recipients = config.to.length === 1 ? (config.to[0] ?? '') : `${config.to.length} recipients`;
      return `${recipients} via ${config.host}:${config.port}`;
    }
    case 'pagerduty':
      return config.eventsUrl;
    case 'opsgenie':
      return config.apiUrl;
    case 'sms': {
      const recipients = config.recipients.length === 1 ? (config.recipients[0] ?? '') : `${config.recipients.length} numbers`;
      return `${recipients} via ${config.url}`;
    }
  }
}
