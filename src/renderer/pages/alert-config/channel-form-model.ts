import { ChannelInput, type Channel, type ChannelConfig, type ChannelSpec } from '../../../shared/contract';
import { checkWithContract, linesOf, readWholeNumber, type DraftValidation, type FieldErrors } from '../../forms/form-model';

export type ChannelKind = ChannelConfig['kind'];
export type EmailTls = 'implicit' | 'starttls';

export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = { webhook: 'Webhook', email: 'E-mail' };

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
  };
}

export function draftFromChannel(channel: Channel): ChannelDraft {
  const base = {
    ...emptyChannelDraft(),
    name: channel.name,
    enabled: channel.enabled,
    kind: channel.config.kind,
    ratePerMinute: String(channel.ratePerMinute),
  };
  const { config } = channel;
  if (config.kind === 'webhook') {
    return {
      ...base,
      url: config.url,
      secret: config.secret,
      webhookTimeoutSeconds: String(config.timeoutSeconds),
      headers: Object.entries(config.headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n'),
    };
  }
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
  if (draft.kind === 'webhook') {
    return {
      kind: 'webhook',
      url: draft.url.trim(),
      secret: draft.secret,
      timeoutSeconds: readWholeNumber('config.timeoutSeconds', draft.webhookTimeoutSeconds, errors),
      headers: headersFromText(draft.headers, errors),
    };
  }
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
  };
}

/** A recipient's error says which line it is on: "config.to.2" is the third address typed. */
function withRecipientLines(errors: FieldErrors): FieldErrors {
  const placed: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const line = /^config\.to\.(\d+)$/.exec(path)?.[1];
    if (line === undefined) placed[path] ??= message;
    else placed['config.to'] ??= `Line ${Number(line) + 1}: ${message}`;
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
};

/** The contract paths the form shows for this draft, in the order they appear. */
export function channelFormFields(draft: ChannelDraft): readonly string[] {
  return ['name', 'config.kind', ...KIND_FIELDS[draft.kind], 'ratePerMinute'];
}

/** Where a channel delivers, in one line for the list. */
export function describeDestination(config: ChannelConfig): string {
  if (config.kind === 'webhook') return config.url;
  const recipients = config.to.length === 1 ? (config.to[0] ?? '') : `${config.to.length} recipients`;
  return `${recipients} via ${config.host}:${config.port}`;
}
