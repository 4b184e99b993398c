import type { FormEvent } from 'react';
import type { Channel } from '../../../shared/contract';
import { useAlertConfigCommand } from '../../api/alert-config-queries';
import { FormErrors, FormField, type FieldAttributes } from '../../components/FormField';
import {
  CHANNEL_KIND_LABEL,
  channelFormFields,
  draftFromChannel,
  emptyChannelDraft,
  validateChannelDraft,
  type ChannelDraft,
  type ChannelKind,
  type EmailTls,
  type SmsConfig,
} from './channel-form-model';
import { NumberInput } from '../../forms/NumberInput';
import { useDraftForm, type DraftFields } from '../../forms/use-draft-form';
import { FREE_LINES_MAX, listTextMaxLengthOf, maxLengthOf } from '../../format/field-limits';
import { ChannelInput, SMS_PLACEHOLDERS } from '../../../shared/contract';
import { FormFooter } from '../../forms/FormFooter';

const SECRET_HINT = 'A stored secret shows as dots: leave them as they are to keep it, or type a new one.';

/** 32 hex characters from the browser's CSPRNG: comfortably past the 16 the contract asks for. */
function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

type TextKey =
  'url' | 'secret' | 'host' | 'username' | 'password' | 'from' | 'consoleUrl' | 'routingKey' | 'eventsUrl' | 'apiKey' | 'apiUrl';

interface TextInputProps {
  attributes: FieldAttributes;
  form: DraftFields<ChannelDraft>;
  draftKey: TextKey;
  field: string;
  testId: string;
  type?: 'text' | 'password' | 'url' | 'email';
}

function TextInput({ attributes, form, draftKey, field, testId, type = 'text' }: TextInputProps) {
  return (
    <input
      {...attributes}
      className="input"
      type={type}
      value={form.draft[draftKey]}
      onChange={(e) => form.edit({ [draftKey]: e.target.value }, field)}
      autoComplete={type === 'password' ? 'new-password' : 'off'}
      spellCheck={false}
      maxLength={maxLengthOf(ChannelInput, field)}
      data-testid={testId}
    />
  );
}

type LinesKey = 'headers' | 'to' | 'bodyTemplate' | 'recipients';

interface LinesInputProps {
  attributes: FieldAttributes;
  form: DraftFields<ChannelDraft>;
  draftKey: LinesKey;
  field: string;
  testId: string;
  rows: number;
  maxLength: number | undefined;
  /** Monospace, for text that is code-like (headers, a body template). */
  mono?: boolean;
}

/** A text box of several lines (headers, recipients, a template), as the channel's draft keeps it. */
function LinesInput({ attributes, form, draftKey, field, testId, rows, maxLength, mono = false }: LinesInputProps) {
  return (
    <textarea
      {...attributes}
      className={mono ? 'input mono' : 'input'}
      rows={rows}
      value={form.draft[draftKey]}
      onChange={(e) => form.edit({ [draftKey]: e.target.value }, field)}
      spellCheck={false}
      maxLength={maxLength}
      data-testid={testId}
    />
  );
}

function WebhookFields({ form }: { form: DraftFields<ChannelDraft> }) {
  const { draft, edit, fieldProps } = form;
  return (
    <>
      <FormField
        {...fieldProps('config.url')}
        label="URL"
        hint="Watchroom POSTs each notification here as JSON. A stored address shows its secret part as ••••: leave it as it is to keep it, or type the whole address again."
        className="form-row--wide"
      >
        {(a) => <TextInput attributes={a} form={form} draftKey="url" field="config.url" testId="channel-form-url" type="url" />}
      </FormField>
      <FormField
        {...fieldProps('config.secret')}
        label="Signing secret"
        hint={`At least 16 characters; the receiver checks the X-Watchroom-Signature header with it. ${SECRET_HINT}`}
      >
        {(a) => (
          <span className="input-group">
            <TextInput attributes={a} form={form} draftKey="secret" field="config.secret" testId="channel-form-secret" type="password" />
            <button
              type="button"
              className="button button--small"
              onClick={() => edit({ secret: randomSecret() }, 'config.secret')}
              data-testid="channel-form-generate-secret"
            >
              Generate
            </button>
          </span>
        )}
      </FormField>
      <FormField {...fieldProps('config.timeoutSeconds')} label="Timeout (s)" hint="1 to 60 seconds.">
        {(a) => (
          <NumberInput
            attributes={a}
            value={draft.webhookTimeoutSeconds}
            onChange={(value) => edit({ webhookTimeoutSeconds: value }, 'config.timeoutSeconds')}
            testId="channel-form-timeout"
          />
        )}
      </FormField>
      <FormField
        {...fieldProps('config.headers')}
        label="Extra headers"
        hint="One a line: Name: value. Stored values show as dots: leave them to keep them, or type a new value."
        className="form-row--wide"
      >
        {(a) => (
          <LinesInput
            attributes={a}
            form={form}
            draftKey="headers"
            field="config.headers"
            testId="channel-form-headers"
            rows={3}
            maxLength={FREE_LINES_MAX}
            mono
          />
        )}
      </FormField>
    </>
  );
}

function EmailFields({ form }: { form: DraftFields<ChannelDraft> }) {
  const { draft, edit, fieldProps } = form;
  return (
    <>
      <FormField {...fieldProps('config.host')} label="SMTP server">
        {(a) => <TextInput attributes={a} form={form} draftKey="host" field="config.host" testId="channel-form-host" />}
      </FormField>
      <FormField {...fieldProps('config.port')} label="Port" hint="587 for STARTTLS, 465 for TLS from the start.">
        {(a) => (
          <NumberInput
            attributes={a}
            value={draft.port}
            onChange={(value) => edit({ port: value }, 'config.port')}
            testId="channel-form-port"
          />
        )}
      </FormField>
      <FormField {...fieldProps('config.secure')} label="Encryption">
        {(a) => (
          <select
            {...a}
            className="input"
            value={draft.tls}
            onChange={(e) => edit({ tls: e.target.value as EmailTls }, 'config.secure')}
            data-testid="channel-form-tls"
          >
            <option value="starttls">STARTTLS when the server offers it</option>
            <option value="implicit">TLS from the start</option>
          </select>
        )}
      </FormField>
      <FormField {...fieldProps('config.username')} label="Username" hint="Empty: the server takes mail without a login.">
        {(a) => <TextInput attributes={a} form={form} draftKey="username" field="config.username" testId="channel-form-username" />}
      </FormField>
      <FormField {...fieldProps('config.password')} label="Password" hint={`${SECRET_HINT} Empty: no password.`}>
        {(a) => (
          <TextInput
            attributes={a}
            form={form}
            draftKey="password"
            field="config.password"
            testId="channel-form-password"
            type="password"
          />
        )}
      </FormField>
      <FormField {...fieldProps('config.from')} label="From" hint="watchroom@example.com">
        {(a) => <TextInput attributes={a} form={form} draftKey="from" field="config.from" testId="channel-form-from" type="email" />}
      </FormField>
      <FormField {...fieldProps('config.to')} label="Recipients" hint="One address a line, up to 50.">
        {(a) => (
          <LinesInput
            attributes={a}
            form={form}
            draftKey="to"
            field="config.to"
            testId="channel-form-to"
            rows={3}
            maxLength={listTextMaxLengthOf(ChannelInput, 'config.to')}
          />
        )}
      </FormField>
      <FormField {...fieldProps('config.timeoutSeconds')} label="Timeout (s)" hint="1 to 120 seconds.">
        {(a) => (
          <NumberInput
            attributes={a}
            value={draft.emailTimeoutSeconds}
            onChange={(value) => edit({ emailTimeoutSeconds: value }, 'config.timeoutSeconds')}
            testId="channel-form-timeout"
          />
        )}
      </FormField>
    </>
  );
}

/** The timeout of the kinds that make one HTTP request (all but e-mail). */
function HttpTimeoutField({ form }: { form: DraftFields<ChannelDraft> }) {
  const { draft, edit, fieldProps } = form;
  return (
    <FormField {...fieldProps('config.timeoutSeconds')} label="Timeout (s)" hint="1 to 60 seconds.">
      {(a) => (
        <NumberInput
          attributes={a}
          value={draft.webhookTimeoutSeconds}
          onChange={(value) => edit({ webhookTimeoutSeconds: value }, 'config.timeoutSeconds')}
          testId="channel-form-timeout"
        />
      )}
    </FormField>
  );
}

function ConsoleUrlField({ form }: { form: DraftFields<ChannelDraft> }) {
  return (
    <FormField
      {...form.fieldProps('config.consoleUrl')}
      label="Console address"
      hint="Optional: the address people open the console at; messages then carry an “Open Watchroom” link."
      className="form-row--wide"
    >
      {(a) => (
        <TextInput
          attributes={a}
          form={form}
          draftKey="consoleUrl"
          field="config.consoleUrl"
          testId="channel-form-console-url"
          type="url"
        />
      )}
    </FormField>
  );
}

const CHAT_WHERE: Record<'slack' | 'teams' | 'mattermost', string> = {
  slack: 'In Slack: an app with Incoming Webhooks, “Add New Webhook to Workspace”, then copy its URL.',
  teams: 'In Teams: the channel’s Connectors (or Workflows), “Incoming Webhook”, then copy its URL.',
  mattermost: 'In Mattermost: Integrations, Incoming Webhooks, “Add Incoming Webhook”, then copy its URL.',
};

function ChatFields({ form, kind }: { form: DraftFields<ChannelDraft>; kind: 'slack' | 'teams' | 'mattermost' }) {
  return (
    <>
      <FormField
        {...form.fieldProps('config.url')}
        label="Webhook URL"
        hint={`${CHAT_WHERE[kind]} The address is the secret: a stored one shows as ••••; leave it to keep it.`}
        className="form-row--wide"
      >
        {(a) => <TextInput attributes={a} form={form} draftKey="url" field="config.url" testId="channel-form-url" type="url" />}
      </FormField>
      <ConsoleUrlField form={form} />
      <HttpTimeoutField form={form} />
    </>
  );
}

function PagerDutyFields({ form }: { form: DraftFields<ChannelDraft> }) {
  return (
    <>
      <FormField
        {...form.fieldProps('config.routingKey')}
        label="Integration key"
        hint={`The service's Events API v2 integration key (its routing key). ${SECRET_HINT}`}
      >
        {(a) => (
          <TextInput
            attributes={a}
            form={form}
            draftKey="routingKey"
            field="config.routingKey"
            testId="channel-form-routing-key"
            type="password"
          />
        )}
      </FormField>
      <FormField {...form.fieldProps('config.eventsUrl')} label="Events API address" className="form-row--wide">
        {(a) => (
          <TextInput attributes={a} form={form} draftKey="eventsUrl" field="config.eventsUrl" testId="channel-form-events-url" type="url" />
        )}
      </FormField>
      <ConsoleUrlField form={form} />
      <HttpTimeoutField form={form} />
    </>
  );
}

function OpsgenieFields({ form }: { form: DraftFields<ChannelDraft> }) {
  return (
    <>
      <FormField {...form.fieldProps('config.apiKey')} label="API key" hint={`The key of an API integration in Opsgenie. ${SECRET_HINT}`}>
        {(a) => (
          <TextInput attributes={a} form={form} draftKey="apiKey" field="config.apiKey" testId="channel-form-api-key" type="password" />
        )}
      </FormField>
      <FormField {...form.fieldProps('config.apiUrl')} label="API address" hint="https://api.eu.opsgenie.com for an account in the EU.">
        {(a) => <TextInput attributes={a} form={form} draftKey="apiUrl" field="config.apiUrl" testId="channel-form-api-url" type="url" />}
      </FormField>
      <HttpTimeoutField form={form} />
    </>
  );
}

function SmsFields({ form }: { form: DraftFields<ChannelDraft> }) {
  const { draft, edit, fieldProps } = form;
  return (
    <>
      <FormField
        {...fieldProps('config.url')}
        label="Gateway URL"
        hint="A credential in the address (user:password, a key in the query) is stored and shown as ••••."
        className="form-row--wide"
      >
        {(a) => <TextInput attributes={a} form={form} draftKey="url" field="config.url" testId="channel-form-url" type="url" />}
      </FormField>
      <FormField {...fieldProps('config.method')} label="Method">
        {(a) => (
          <select
            {...a}
            className="input"
            value={draft.smsMethod}
            onChange={(e) => edit({ smsMethod: e.target.value as SmsConfig['method'] }, 'config.method')}
            data-testid="channel-form-sms-method"
          >
            <option value="POST">POST</option>
            <option value="PUT">PUT</option>
          </select>
        )}
      </FormField>
      <FormField {...fieldProps('config.contentType')} label="Body type" hint="Each placeholder's value is escaped for it.">
        {(a) => (
          <select
            {...a}
            className="input"
            value={draft.smsContentType}
            onChange={(e) => edit({ smsContentType: e.target.value as SmsConfig['contentType'] }, 'config.contentType')}
            data-testid="channel-form-sms-content-type"
          >
            <option value="application/json">JSON</option>
            <option value="application/x-www-form-urlencoded">Form (URL-encoded)</option>
            <option value="text/plain">Plain text</option>
          </select>
        )}
      </FormField>
      <FormField
        {...fieldProps('config.bodyTemplate')}
        label="Body template"
        hint={`Sent once per recipient. Placeholders: ${SMS_PLACEHOLDERS.map((name) => `{{${name}}}`).join(' ')}; nothing else is evaluated.`}
        className="form-row--wide"
      >
        {(a) => (
          <LinesInput
            attributes={a}
            form={form}
            draftKey="bodyTemplate"
            field="config.bodyTemplate"
            testId="channel-form-sms-template"
            rows={3}
            maxLength={maxLengthOf(ChannelInput, 'config.bodyTemplate')}
            mono
          />
        )}
      </FormField>
      <FormField {...fieldProps('config.recipients')} label="Phone numbers" hint="One a line, such as +4915112345678; up to 20.">
        {(a) => (
          <LinesInput
            attributes={a}
            form={form}
            draftKey="recipients"
            field="config.recipients"
            testId="channel-form-sms-recipients"
            rows={3}
            maxLength={FREE_LINES_MAX}
          />
        )}
      </FormField>
      <FormField
        {...fieldProps('config.headers')}
        label="Extra headers"
        hint="One a line: Name: value (an Authorization header, say). Stored values show as dots: leave them to keep them."
        className="form-row--wide"
      >
        {(a) => (
          <LinesInput
            attributes={a}
            form={form}
            draftKey="headers"
            field="config.headers"
            testId="channel-form-headers"
            rows={2}
            maxLength={FREE_LINES_MAX}
            mono
          />
        )}
      </FormField>
      <HttpTimeoutField form={form} />
    </>
  );
}

function QuietHoursFields({ form }: { form: DraftFields<ChannelDraft> }) {
  const { draft, edit, fieldProps } = form;
  return (
    <>
      <div className="form-row">
        <span className="form-row__label">Quiet hours</span>
        <label className="check">
          <input
            type="checkbox"
            id={form.fieldId('config.quietHours')}
            checked={draft.quietEnabled}
            onChange={(e) => edit({ quietEnabled: e.target.checked }, 'config.quietHours')}
            data-testid="channel-form-quiet"
          />
          Hold notifications during these hours, except critical alerts (in the console’s time zone)
        </label>
      </div>
      {draft.quietEnabled ? (
        <>
          <FormField {...fieldProps('config.quietHours.start')} label="From">
            {(a) => (
              <input
                {...a}
                className="input"
                type="time"
                value={draft.quietStart}
                onChange={(e) => edit({ quietStart: e.target.value }, 'config.quietHours.start')}
                data-testid="channel-form-quiet-start"
              />
            )}
          </FormField>
          <FormField {...fieldProps('config.quietHours.end')} label="Until" hint="Before the start: the quiet hours span midnight.">
            {(a) => (
              <input
                {...a}
                className="input"
                type="time"
                value={draft.quietEnd}
                onChange={(e) => edit({ quietEnd: e.target.value }, 'config.quietHours.end')}
                data-testid="channel-form-quiet-end"
              />
            )}
          </FormField>
        </>
      ) : null}
    </>
  );
}

const KIND_TITLE: Record<ChannelKind, string> = {
  webhook: 'Webhook',
  email: 'E-mail over SMTP',
  slack: 'Slack incoming webhook',
  teams: 'Microsoft Teams incoming webhook',
  mattermost: 'Mattermost incoming webhook',
  pagerduty: 'PagerDuty Events API v2',
  opsgenie: 'Opsgenie alerts',
  sms: 'SMS gateway over HTTP',
};

function KindFields({ form }: { form: DraftFields<ChannelDraft> }) {
  const kind = form.draft.kind;
  switch (kind) {
    case 'webhook':
      return <WebhookFields form={form} />;
    case 'email':
      return <EmailFields form={form} />;
    case 'slack':
    case 'teams':
    case 'mattermost':
      return <ChatFields form={form} kind={kind} />;
    case 'pagerduty':
      return <PagerDutyFields form={form} />;
    case 'opsgenie':
      return <OpsgenieFields form={form} />;
    case 'sms':
      return <SmsFields form={form} />;
  }
}

/** Create or edit a notification channel of any kind. */
export function ChannelForm({ channel, onDone }: { channel: Channel | null; onDone(): void }) {
  const create = useAlertConfigCommand('channels.create');
  const update = useAlertConfigCommand('channels.update');
  const form = useDraftForm({
    initial: channel === null ? emptyChannelDraft() : draftFromChannel(channel),
    validate: validateChannelDraft,
    shownFields: channelFormFields,
    nestedUnder: 'channel',
    idPrefix: 'channel',
  });
  const { draft, edit, fieldProps } = form;
  const pending = create.isPending || update.isPending;
  const title = channel === null ? 'New channel' : `Edit ${channel.name}`;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.inputToSend();
    if (input === null) return;
    if (channel === null) create.mutate(input, { onSuccess: onDone, onError: form.showServerError });
    else update.mutate({ id: channel.id, channel: input }, { onSuccess: onDone, onError: form.showServerError });
  };

  return (
    <form className="panel entity-form alert-config-form" onSubmit={submit} noValidate aria-label={title} data-testid="channel-form">
      <h3 className="panel__title">{title}</h3>
      <FormErrors title="Not saved:" messages={form.formErrors} testId="channel-form-errors" />
      <fieldset className="form-section">
        <legend className="form-section__title">Channel</legend>
        <FormField {...fieldProps('name')} label="Name" hint="What rules list it as: Duty phone, Ops mailbox…">
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.name}
              onChange={(e) => edit({ name: e.target.value }, 'name')}
              autoComplete="off"
              autoFocus
              maxLength={maxLengthOf(ChannelInput, 'name')}
              data-testid="channel-form-name"
            />
          )}
        </FormField>
        <FormField
          {...fieldProps('config.kind')}
          label="Kind"
          hint={channel === null ? undefined : 'A saved channel keeps its kind; add a new channel for the other.'}
        >
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.kind}
              onChange={(e) => edit({ kind: e.target.value as ChannelKind }, 'config.kind')}
              disabled={channel !== null}
              data-testid="channel-form-kind"
            >
              {(Object.keys(CHANNEL_KIND_LABEL) as ChannelKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {CHANNEL_KIND_LABEL[kind]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          {...fieldProps('ratePerMinute')}
          label="At most (a minute)"
          hint="Notifications past this are dropped and counted: 1 to 600."
        >
          {(a) => (
            <NumberInput
              attributes={a}
              value={draft.ratePerMinute}
              onChange={(value) => edit({ ratePerMinute: value }, 'ratePerMinute')}
              testId="channel-form-rate"
            />
          )}
        </FormField>
        <div className="form-row">
          <span className="form-row__label">State</span>
          <label className="check">
            <input
              type="checkbox"
              id={form.fieldId('enabled')}
              checked={draft.enabled}
              onChange={(e) => edit({ enabled: e.target.checked }, 'enabled')}
              data-testid="channel-form-enabled"
            />
            Enabled: sends notifications
          </label>
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend className="form-section__title">{KIND_TITLE[draft.kind]}</legend>
        <KindFields form={form} />
        <QuietHoursFields form={form} />
      </fieldset>
      <FormFooter
        method={channel === null ? 'channels.create' : 'channels.update'}
        saveLabel={channel === null ? 'Add channel' : 'Save changes'}
        pending={pending}
        saveTestId="channel-save"
        onCancel={onDone}
        cancelTestId="channel-form-cancel"
      />
    </form>
  );
}
