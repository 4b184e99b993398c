import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { HubCertificate } from '../../shared/contract';

/** A hub presented another certificate than the one pinned: nothing was sent to it. */
export class CertificateChangedError extends Error {
  constructor(
    readonly expected: string,
    readonly got: string,
  ) {
    super(
      `The hub's certificate changed: expected ${expected}, got ${got}. Nothing was sent to it. If the hub's certificate was replaced on purpose, compare the new fingerprint with the one the hub prints and pin it again in Settings; otherwise something else is answering at that address.`,
    );
    this.name = 'CertificateChangedError';
  }
}

function hostAndPort(address: string): { host: string; port: number } {
  const url = new URL(address);
  // URL keeps an IPv6 host in brackets; tls.connect wants it bare.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? 443 : Number(url.port) };
}

const INSPECT_TIMEOUT_MS = 5_000;

/**
 * Connects with TLS without trusting any CA and answers what the hub presented, for a person to
 * compare with the fingerprint the hub printed (like SSH's first connection). Sends no byte of its own.
 */
export function inspectHubCertificate(address: string, timeoutMs = INSPECT_TIMEOUT_MS): Promise<HubCertificate> {
  const { host, port } = hostAndPort(address);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIp(host) ? {} : { servername: host }) });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`The hub at ${address} did not answer within ${timeoutMs / 1000} s`)));
    socket.once('error', (error) => reject(new Error(`Could not reach the hub at ${address}: ${error.message}`)));
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate();
      socket.destroy();
      if (!certificate.fingerprint256) {
        reject(new Error(`The hub at ${address} presented no certificate`));
        return;
      }
      resolve({
        address,
        fingerprint: certificate.fingerprint256,
        subject: subjectOf(certificate),
        validFrom: certificate.valid_from,
        validTo: certificate.valid_to,
      });
    });
  });
}

function subjectOf(certificate: PeerCertificate): string {
  const subject = certificate.subject as Partial<Record<string, string | string[]>> | undefined;
  const name = subject?.CN;
  return Array.isArray(name) ? name.join(', ') : (name ?? '');
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

export interface PinnedAgentOptions extends AgentOptions {
  fingerprint: string;
  /** Told when a connection was refused for its certificate, so the link can say why it is offline. */
  onRefused(error: CertificateChangedError): void;
}

/**
 * An HTTPS agent that trusts exactly one certificate, by its SHA-256 fingerprint. The socket is
 * handed to the HTTP client only after the check, so not one byte of a request (and of the
 * seat's handshake that follows) reaches a hub presenting another certificate.
 */
export class PinnedAgent extends Agent {
  private readonly fingerprint: string;
  private readonly onRefused: (error: CertificateChangedError) => void;

  constructor({ fingerprint, onRefused, ...options }: PinnedAgentOptions) {
    super(options);
    this.fingerprint = fingerprint.toUpperCase();
    this.onRefused = onRefused;
  }

  // The callback form: the HTTP client waits for it instead of writing to a socket still unchecked.
  override createConnection(options: RequestOptions, callback?: (error: Error | null, socket: Duplex) => void): Duplex | undefined {
    const socket: TLSSocket = connect({ ...(options as ConnectionOptions), rejectUnauthorized: false });
    const done = callback ?? (() => undefined);
    socket.once('error', (error) => done(error, socket));
    socket.once('secureConnect', () => {
      const got = socket.getPeerCertificate().fingerprint256?.toUpperCase() ?? '(no certificate)';
      if (got === this.fingerprint) {
        done(null, socket);
        return;
      }
      const refusal = new CertificateChangedError(this.fingerprint, got);
      this.onRefused(refusal);
      socket.destroy();
      done(refusal, socket);
    });
    return undefined;
  }
}
