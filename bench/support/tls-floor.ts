/**
 * The physical floor of a fresh-connection HTTPS probe, measured in the same run: bare TLS
 * handshakes (then close) to the same targets at the same rate, with the probes' own TLS context.
 * The engine's CPU is read as a multiple of this.
 */
import { connect } from 'node:tls';
import { probeSecureContext } from '../../src/core/probes/kinds/secure-context';
import { runPaced } from './paced';

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
  let handshakes = 0;
  let failures = 0;
  const cpuOfOneCore = await runPaced(ratePerSecond, durationMs, async (i) => {
    const ok = await handshake(ports[i % ports.length] ?? 0);
    handshakes += 1;
    if (!ok) failures += 1;
  });
  return { cpuOfOneCore, handshakes, failures };
}
