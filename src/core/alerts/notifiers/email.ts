import { createTransport } from 'nodemailer';
import type { ChannelConfig } from '../../../shared/contract/alerts';
import { describeConnectionError, type AttemptResult } from './attempt';
import { emailSubject, emailText, type NotificationMessage } from './message';

type EmailConfig = Extract<ChannelConfig, { kind: 'email' }>;

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  timeoutType?: string;
}

/** A plain-text message of the console's own (the monthly review), not an alert. */
export interface PlainEmail {
  fromName: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

/** One SMTP session for one message; `signal` aborts it and closes the connection. */
export async function sendEmail(config: EmailConfig, message: NotificationMessage, signal: AbortSignal): Promise<AttemptResult> {
  return sendPlainEmail(
    config,
    {
      fromName: `Watchroom ${message.consoleName}`,
      subject: emailSubject(message),
      text: emailText(message),
      headers: { 'X-Watchroom-Event': message.event, 'X-Watchroom-Fingerprint': message.fingerprint },
    },
    signal,
  );
}

export async function sendPlainEmail(config: EmailConfig, mail: PlainEmail, signal: AbortSignal): Promise<AttemptResult> {
  const target = `${config.host}:${config.port}`;
  const timeoutMs = config.timeoutSeconds * 1000;
  // Not pooled: a few messages a minute at most, and a fresh session picks up a changed config.
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.username ? { user: config.username, pass: config.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: { name: mail.fromName, address: config.from },
      to: config.to,
      subject: mail.subject,
      text: mail.text,
      headers: mail.headers ?? {},
      signal,
    });
    const accepted = `accepted by ${target} for ${info.accepted.join(', ')}`;
    // Some recipients refused is still a delivery, but the operator should fix the list.
    // The server took it on: "sent"; whether it reached the mailbox is not ours to see.
    return {
      ok: true,
      relayed: true,
      detail: info.rejected.length > 0 ? `${accepted}; refused ${info.rejected.join(', ')}` : accepted,
    };
  } catch (error) {
    return smtpFailure(error, target);
  } finally {
    transport.close();
  }
}

function smtpFailure(error: unknown, target: string): AttemptResult {
  const failure: SmtpFailure = error instanceof Error ? (error as Error & SmtpFailure) : {};
  if (failure.responseCode !== undefined) {
    const reply = (failure.response ?? String(failure.responseCode)).replace(/\s+/g, ' ').trim();
    const refused = failure.code === 'EAUTH' ? `${target} refused the login` : `${target} refused the message`;
    // A permanent (5xx) reply would come back the same on every attempt.
    return { ok: false, reason: `${refused}: ${reply}`, retryable: failure.permanent !== true };
  }
  if (failure.code === 'ETIMEDOUT')
    return { ok: false, reason: `${target} did not answer in time (${timeoutStage(failure.timeoutType)})`, retryable: true };
  if (failure.code === 'ETLS') return { ok: false, reason: `TLS with ${target} failed: ${(error as Error).message}`, retryable: true };
  return { ok: false, reason: describeConnectionError(error, target), retryable: true };
}

function timeoutStage(timeoutType: string | undefined): string {
  switch (timeoutType) {
    case 'CONNECT_TIMEOUT':
      return 'connecting';
    case 'GREETING_TIMEOUT':
      return 'waiting for its greeting';
    case 'UPGRADE_TIMEOUT':
      return 'starting TLS';
    default:
      return 'mid-session';
  }
}
