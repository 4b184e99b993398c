/**
 * The same-run stand-in for prometheus-blackbox-exporter: the least a fresh-connection HTTPS
 * prober can do (TLS connect with the GET written at once, read the status line, close) at the
 * same rate to the same targets, in a process of its own, with its timestamps as tight as they can
 * be taken (the start just before connect, the end first thing in the data callback). Its latency
 * error for the 50 ms target is what the engine's is compared with.
 *
 * `tsx bare-prober.ts <ports comma-separated> <rate> <warmupMs> <measureMs>`: ports[0] is the slow
 * target. Prints {"errors":[...],"probes":n,"failures":n,"cpuOfOneCore":x} once done; its CPU is
 * counted over the measured part, as the engine's is.
 */
import { performance } from 'node:perf_hooks';
import { connect } from 'node:tls';
import { probeSecureContext } from '../../src/core/probes/kinds/secure-context';

const SLOW_TARGET_MS = 50;
const STATUS_LINE_END = 0x0a;

/** ms from just before connect to the first byte of the status line's end, or null on failure. */
function probe(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const socket = connect({
      host: '127.0.0.1',
      port,
      secureContext: probeSecureContext(),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    // Written at once: TLS sends it with the client's last handshake message, the cheapest way (as the HTTP kind does).
    socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    socket.on('data', (chunk: Buffer) => {
      const answeredAt = performance.now();
      socket.destroy();
      resolve(
        chunk.indexOf(STATUS_LINE_END) !== -1 && chunk.subarray(0, 12).toString('latin1').startsWith('HTTP/1.1 200')
          ? answeredAt - startedAt
          : null,
      );
    });
    socket.once('error', () => resolve(null));
    socket.once('close', () => resolve(null));
  });
}

const ports = (process.argv[2] ?? '').split(',').map(Number);
const rate = Number(process.argv[3] ?? '200');
const warmupMs = Number(process.argv[4] ?? '0');
const measureMs = Number(process.argv[5] ?? '10000');

const errors: number[] = [];
let probes = 0;
let failures = 0;
const inFlight = new Set<Promise<void>>();
const started = performance.now();
let cpuStart: NodeJS.CpuUsage | null = null;
let measureStart = 0;
for (let i = 0; ; i += 1) {
  const due = started + (i * 1000) / rate;
  if (due - started >= warmupMs + measureMs) break;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const port = ports[i % ports.length] ?? 0;
  const measured = due - started >= warmupMs;
  if (measured && cpuStart === null) {
    cpuStart = process.cpuUsage();
    measureStart = performance.now();
  }
  const attempt = probe(port).then((latencyMs) => {
    inFlight.delete(attempt);
    if (!measured) return;
    probes += 1;
    if (latencyMs === null) failures += 1;
    else if (port === ports[0]) errors.push(Math.abs(latencyMs - SLOW_TARGET_MS));
  });
  inFlight.add(attempt);
}
await Promise.all(inFlight);
const cpu = process.cpuUsage(cpuStart ?? undefined);
const cpuOfOneCore = (100 * (cpu.user + cpu.system)) / 1000 / (performance.now() - measureStart);
process.stdout.write(`${JSON.stringify({ errors, probes, failures, cpuOfOneCore })}\n`);
