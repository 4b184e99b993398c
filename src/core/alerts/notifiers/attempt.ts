/** What the channel answered, when it answered over HTTP: the status and a short quotable excerpt of the body. */
export interface ChannelAnswer {
  status?: number;
  answer?: string;
}

/**
 * How one try at a delivery ended; the retry loop decides what happens next. `relayed`: a relay (an
 * SMTP server, an SMS gateway) took the message on, which is "sent", not yet "delivered".
 */
export type AttemptResult =
  ({ ok: true; detail: string; relayed?: true } & ChannelAnswer) | ({ ok: false; reason: string; retryable: boolean } & ChannelAnswer);

/**
 * Turns a socket-level failure into words an operator can act on. `target` is host:port.
 * nodemailer wraps Node's error and keeps the original code in `originalCode`.
 */
export function describeConnectionError(error: unknown, target: string): string {
  const { code, message } = errorParts(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${target}`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `connection reset by ${target}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${hostOf(target)}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${target} is unreachable`;
    case 'ETIMEDOUT':
      return `connection to ${target} timed out`;
    default:
      return `${message} (${target})`;
  }
}

function errorParts(error: unknown): { code: string | undefined; message: string } {
  if (!(error instanceof Error)) return { code: undefined, message: String(error) };
  const { code, originalCode } = error as Error & { code?: unknown; originalCode?: unknown };
  const known = typeof originalCode === 'string' ? originalCode : typeof code === 'string' ? code : undefined;
  return { code: known, message: error.message };
}

function hostOf(target: string): string {
  return target.replace(/:\d+$/, '');
}
