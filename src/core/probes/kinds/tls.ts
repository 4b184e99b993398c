import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { CERT_WARNING_DAYS, type ProbeConfigOf } from '../../../shared/contract/monitors';
import { abortable } from './abortable';
import { describeTlsReason, failure, outcomeFromError, success } from './outcome';
import { peerCertificateExpiry, probeSecureContext } from './secure-context';
import type { ProbeKind } from './types';

const DAY_MS = 86_400_000;

/** Whole days from `now` until `expiresAt`; negative once expired. */
export function daysUntil(expiresAt: number, now: number): number {
  return Math.floor((expiresAt - now) / DAY_MS);
}

/** The tightest warning threshold (30, 14, 7 days) the certificate is within, or null if none. */
export function certificateWarning(daysLeft: number): (typeof CERT_WARNING_DAYS)[number] | null {
  const ascending = [...CERT_WARNING_DAYS].sort((a, b) => a - b);
  return ascending.find((threshold) => daysLeft <= threshold) ?? null;
}

interface Handshake {
  handshakeMs: number;
  authorized: boolean;
  /** OpenSSL / Node verification code when not authorized (CERT_HAS_EXPIRED, ...). */
  verificationCode: string | null;
  certExpiresAt: number | null;
}

function verificationCode(socket: tls.TLSSocket): string | null {
  // Node stores the code string here, although the typings say Error.
  const reason: unknown = socket.authorizationError;
  if (reason === null || reason === undefined) return null;
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error) return (reason as NodeJS.ErrnoException).code ?? reason.message;
  return String(reason);
}

function handshake(config: ProbeConfigOf<'tls'>, signal: AbortSignal): Promise<Handshake> {
  return abortable<Handshake>(signal, (settle) => {
    const startedAt = performance.now();
    const socket = tls.connect({
      host: config.host,
      port: config.port,
      // SNI carries names only; an IP target gets none unless one is configured.
      servername: config.servername ?? (net.isIP(config.host) ? undefined : config.host),
      // Verification is judged below rather than by aborting the handshake, so an invalid or
      // expired certificate still tells us when it expires.
      rejectUnauthorized: false,
      secureContext: probeSecureContext(),
    });
    socket.once('secureConnect', () => {
      settle.resolve({
        handshakeMs: performance.now() - startedAt,
        authorized: socket.authorized,
        verificationCode: verificationCode(socket),
        certExpiresAt: peerCertificateExpiry(socket),
      });
    });
    socket.on('error', settle.reject);
    return () => socket.destroy();
  });
}

function utcDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Expiry warnings (30/14/7 days) are the engine's, from certExpiresAt; here only expired or untrusted fails. */
export const tlsProbe: ProbeKind<'tls'> = {
  kind: 'tls',
  targetHost: (config) => config.host,
  async run(config, context) {
    try {
      const result = await handshake(config, context.signal);
      const extra = { certExpiresAt: result.certExpiresAt };
      if (result.certExpiresAt !== null && result.certExpiresAt <= context.now()) {
        return failure(`TLS: certificate has expired (on ${utcDate(result.certExpiresAt)})`, result.handshakeMs, extra);
      }
      if (config.verifyChain && !result.authorized) {
        return failure(describeTlsReason(result.verificationCode ?? 'certificate could not be verified'), result.handshakeMs, extra);
      }
      return success(result.handshakeMs, extra);
    } catch (error) {
      return outcomeFromError(error, context);
    }
  },
};
