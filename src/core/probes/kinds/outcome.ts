import type { ProbeContext, ProbeOutcome } from './types';

/** The target did not finish answering before the context's signal fired. */
export class ProbeTimeout extends Error {
  constructor() {
    super('probe timed out');
    this.name = 'ProbeTimeout';
  }
}

/** A failure already phrased for the operator; thrown inside a kind, turned into an outcome once. */
export class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly latencyMs: number | null = null,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

/** Latencies are kept to a hundredth of a millisecond: finer is noise, and it keeps rows small. */
export function roundLatency(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function success(latencyMs: number | null, extra: Partial<ProbeOutcome> = {}): ProbeOutcome {
  return { ok: true, latencyMs: latencyMs === null ? null : roundLatency(latencyMs), error: null, ...extra };
}

export function failure(error: string, latencyMs: number | null = null, extra: Partial<ProbeOutcome> = {}): ProbeOutcome {
  return { ok: false, latencyMs: latencyMs === null ? null : roundLatency(latencyMs), error, ...extra };
}

/** The probe could not tell (ping missing, no permission): the monitor becomes unknown, never down. */
export function indeterminate(error: string): ProbeOutcome {
  return { ok: false, latencyMs: null, error, indeterminate: true };
}

/** Nothing new to judge yet: the monitor keeps its verdict (see ProbeOutcome.keepsVerdict). */
export function keepVerdict(reason: string): ProbeOutcome {
  return { ok: false, latencyMs: null, error: reason, keepsVerdict: true };
}

export function timedOut(context: ProbeContext): ProbeOutcome {
  return failure(`timed out after ${context.timeoutMs} ms`);
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the target',
  EPIPE: 'connection closed by the target',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host is down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network is down',
  ETIMEDOUT: 'connection timed out',
  EADDRNOTAVAIL: 'address not available on this console',
  EAI_AGAIN: 'host name lookup failed (DNS temporarily unavailable)',
};

/** OpenSSL / Node verification codes, as an operator would say them. */
const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not valid yet',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate chain cannot be verified (missing intermediate or unknown issuer)',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate issuer is not trusted on this console',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer is not trusted on this console',
  CERT_REVOKED: 'certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature is invalid',
  CERT_UNTRUSTED: 'certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is not valid for this host name',
};

/** "TLS: certificate has expired" for a verification code; the code itself when it is not known. */
export function describeTlsReason(code: string): string {
  return `TLS: ${TLS_REASONS[code] ?? code}`;
}

/** OpenSSL's reasons that mean "this is not TLS at all" (plain HTTP, SSH, SMTP on the port). */
const NOT_TLS_REASONS = ['wrong version number', 'packet length too long', 'http request'];

function describeHandshakeFailure(reason: string): string {
  const hint = NOT_TLS_REASONS.some((notTls) => reason.toLowerCase().includes(notTls)) ? '; the port does not seem to speak TLS' : '';
  return `TLS: handshake failed (${reason})${hint}`;
}

function errorCode(error: Error): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects (several addresses) fail with an AggregateError: the first reason speaks for all.
  if (error instanceof AggregateError && error.errors[0] instanceof Error) return errorCode(error.errors[0]);
  return undefined;
}

/** Any error a probe can meet, in operator words. Never throws. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `probe failed: ${String(error)}`;
  const code = errorCode(error);
  if (code === undefined) return error.message || error.name;
  if (code === 'ENOTFOUND') {
    const host = (error as { hostname?: unknown }).hostname;
    return typeof host === 'string' ? `host name "${host}" not found (DNS)` : 'host name not found (DNS)';
  }
  if (code === 'ECONNRESET' && error.message === 'socket hang up') return 'connection closed by the target before it answered';
  if (code in TLS_REASONS) return describeTlsReason(code);
  const openSslReason = /SSL routines:[^:]*:([^:]+):/.exec(error.message)?.[1];
  if (openSslReason !== undefined || code.startsWith('ERR_SSL_')) return describeHandshakeFailure(openSslReason ?? code);
  if (code.startsWith('HPE_')) return `the answer is not valid HTTP (${error.message})`;
  return SOCKET_REASONS[code] ?? `${error.message}`;
}

/** The single place a thrown error becomes an outcome. */
export function outcomeFromError(error: unknown, context: ProbeContext): ProbeOutcome {
  if (error instanceof ProbeTimeout) return timedOut(context);
  if (error instanceof ProbeFailure) return failure(error.message, error.latencyMs);
  return failure(describeError(error));
}
