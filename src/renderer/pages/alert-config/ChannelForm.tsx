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
} from './channel-form-model';
import { NumberInput } from '../../forms/NumberInput';
import { useDraftForm, type DraftFields } from '../../forms/use-draft-form';
import { FREE_LINES_MAX, listTextMaxLengthOf, maxLengthOf } from '../../format/field-limits';
import { ChannelInput } from '../../../shared/contract';
import { FormFooter } from '../../forms/FormFooter';

const SECRET_HINT = 'A stored secret shows as dots: leave them as they are to keep it, or type a new one.';

/** 32 hex characters from the browser's CSPRNG: comfortably past the 16 the contract asks for. */
function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

type TextKey = 'url' | 'secret' | 'host' | 'username' | 'password' | 'from';

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
          <textarea
            {...a}
            className="input mono"
            rows={3}
            value={draft.headers}
            onChange={(e) => edit({ headers: e.target.value }, 'config.headers')}
            spellCheck={false}
            maxLength={FREE_LINES_MAX}
            data-testid="channel-form-headers"
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
          <textarea
            {...a}
            className="input"
            rows={3}
            value={draft.to}
            onChange={(e) => edit({ to: e.target.value }, 'config.to')}
            spellCheck={false}
            maxLength={listTextMaxLengthOf(ChannelInput, 'config.to')}
            data-testid="channel-form-to"
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

/** Create or edit a webhook or e-mail channel. */
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
        <legend className="form-section__title">{draft.kind === 'webhook' ? 'Webhook' : 'E-mail over SMTP'}</legend>
        {draft.kind === 'webhook' ? <WebhookFields form={form} /> : <EmailFields form={form} />}
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
