/**
 * The physical floor of a fresh-connection HTTPS probe, measured in the same run: bare TLS
 * handshakes (then close) to the same targets at the same rate, with the probes' own TLS context.
 * The engine's CPU is read as a multiple of this.
 */
import { connect } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { probeSecureContext } from '../../src/core/probes/kinds/secure-context';

export interface TlsFloor {
  /** CPU of this process while handshaking, in % of one core. */
  cpuOfOneCore: number;
  handshakes: number;
  failures: number;
}

function handshake(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      // The handshake an HTTPS probe of https://127.0.0.1:port/ makes: no SNI for an IP address, ALPN offered.
      secureContext: probeSecureContext(),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function measureTlsFloor(ports: readonly number[], ratePerSecond: number, durationMs: number): Promise<TlsFloor> {
  const inFlight = new Set<Promise<boolean>>();
  let handshakes = 0;
  let failures = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; ; i += 1) {
    const due = started + (i * 1000) / ratePerSecond;
    if (due - started >= durationMs) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const attempt = handshake(ports[i % ports.length] ?? 0).then((ok) => {
      handshakes += 1;
      if (!ok) failures += 1;
      inFlight.delete(attempt);
      return ok;
    });
    inFlight.add(attempt);
  }
  await Promise.all(inFlight);
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - started;
  return { cpuOfOneCore: (100 * (cpu.user + cpu.system)) / 1000 / wallMs, handshakes, failures };
}
