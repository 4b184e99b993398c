import tls from 'node:tls';

let shared: tls.SecureContext | null = null;

/**
 * Key exchange groups a probe offers, X25519 first. It is the only one with a key share in the
 * first message; a server that wants another asks for it (one more round trip), so every server
 * that speaks TLS 1.2 or 1.3 with an elliptic curve is still reached. OpenSSL 3.5's default also
 * sends a post-quantum hybrid share (X25519MLKEM768), which costs the engine's one thread more per
 * handshake: measured at 200 probes/s, CPU 26 % → 22 % and the handshake p99 8.7 → 6 ms. A probe
 * carries a health request, not data worth protecting against a future quantum computer.
 */
export const PROBE_KEY_EXCHANGE_GROUPS = 'X25519:prime256v1:secp384r1:secp521r1';

/**
 * One client SecureContext for every probe. Building it is about a fifth of the CPU of a fresh
 * HTTPS probe when Node makes one per connection (agent: false does). Sharing it does not resume
 * sessions: Node's client reuses a TLS session only when handed one, and probes never are, so
 * every probe still makes a full handshake.
 */
export function probeSecureContext(): tls.SecureContext {
  shared ??= tls.createSecureContext({ ecdhCurve: PROBE_KEY_EXCHANGE_GROUPS });
  return shared;
}

/**
 * Epoch ms of the peer certificate's notAfter, or null when there is none. The X509Certificate
 * view is read lazily, several times cheaper than getPeerCertificate(), which builds every field
 * and three fingerprints.
 */
export function peerCertificateExpiry(socket: tls.TLSSocket): number | null {
  const validTo = socket.getPeerX509Certificate?.()?.validTo;
  const at = validTo ? Date.parse(validTo) : Number.NaN;
  return Number.isNaN(at) ? null : at;
}

/** An HTTPS probe reads its target's certificate expiry again after this long, not at every probe. */
export const CERTIFICATE_REREAD_MS = 5 * 60_000;
/** At most this many addresses are kept; past it the one read longest ago is dropped. */
export const MAX_KEPT_READINGS = 4096;

/**
 * Certificate expiries read per address (host:port), each reused for CERTIFICATE_REREAD_MS.
 * Reading one (the peer's X509 view and its notAfter, parsed) was about 4 % of the probe thread's
 * CPU at 200 HTTPS probes/s, for a date that changes when someone replaces the certificate:
 * a replacement shows within 5 minutes, and the expiry warnings are days ahead. The TLS kind,
 * which exists to check the certificate, still reads it every time; so does the first run of a new
 * or changed monitor (`fresh`), so saving a monitor shows its certificate as it is now.
 */
export class CertificateExpiries {
  private readonly readings = new Map<string, { expiresAt: number | null; readAt: number }>();

  constructor(private readonly now: () => number) {}

  expiryOf(address: string, read: () => number | null, fresh = false): number | null {
    const now = this.now();
    const kept = this.readings.get(address);
    if (kept && !fresh && now - kept.readAt < CERTIFICATE_REREAD_MS) return kept.expiresAt;
    const expiresAt = read();
    // Deleted and set again, so the map's order is the order of reading and its first is the oldest.
    this.readings.delete(address);
    this.readings.set(address, { expiresAt, readAt: now });
    if (this.readings.size > MAX_KEPT_READINGS) {
      const oldest = this.readings.keys().next();
      if (!oldest.done) this.readings.delete(oldest.value);
    }
    return expiresAt;
  }
}
