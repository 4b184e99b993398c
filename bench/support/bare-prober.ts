/**
 * The same-run stand-in for prometheus-blackbox-exporter: the least a fresh-connection HTTPS
 * prober can do (TLS connect with the GET written at once, read the status line, close) at the
 * same rate to the same targets, in a process of its own, with its timestamps as tight as they can
 * be taken (the start just before connect, the end first thing in the data callback). Its CPU is
 * the reference the engine's is read against beside the bare handshakes, and its latency error for
 * the 50 ms target is what the engine's is compared with.
 *
 * `tsx bare-prober.ts <ports comma-separated> <rate>`: ports[0] is the slow target. For each line
 * "<ms>" on stdin, probes for that long and prints the block as one BareProberBlock JSON line, so a
 * benchmark can interleave its blocks with the floor's as it does the engine's.
 */
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { connect } from 'node:tls';
import { probeSecureContext } from '../../src/core/probes/kinds/secure-context';
import { runPaced } from './paced';

export interface BareProberBlock {
  /** |latency - 50 ms| of each probe of the slow target, in ms. */
  errors: number[];
  probes: number;
  failures: number;
  /** CPU of this process over the block, in % of one core. */
  cpuOfOneCore: number;
}

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

/** Probes started in the block's time are all counted, and its CPU runs until the last has ended, as the floor's does. */
async function measureBlock(ports: readonly number[], rate: number, durationMs: number): Promise<BareProberBlock> {
  const errors: number[] = [];
  let probes = 0;
  let failures = 0;
  const cpuOfOneCore = await runPaced(rate, durationMs, async (i) => {
    const port = ports[i % ports.length] ?? 0;
    const latencyMs = await probe(port);
    probes += 1;
    if (latencyMs === null) failures += 1;
    else if (port === ports[0]) errors.push(Math.abs(latencyMs - SLOW_TARGET_MS));
  });
  return { errors, probes, failures, cpuOfOneCore };
}

const ports = (process.argv[2] ?? '').split(',').map(Number);
const rate = Number(process.argv[3] ?? '200');
for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(`${JSON.stringify(await measureBlock(ports, rate, Number(line)))}\n`);
}
