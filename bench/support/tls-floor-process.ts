/**
 * The TLS floor in a process of its own, measured in blocks on request, so a benchmark can
 * interleave floor blocks with its own and neither's CPU (nor its garbage) is charged to the other.
 * `tsx tls-floor-process.ts <ports comma-separated> <rate>`: for each line "<ms>" on stdin, runs
 * bare handshakes for that long and prints the block's TlsFloor as one JSON line.
 */
import { createInterface } from 'node:readline';
import { measureTlsFloor } from './tls-floor';

const ports = (process.argv[2] ?? '').split(',').map(Number);
const rate = Number(process.argv[3] ?? '200');

for await (const line of createInterface({ input: process.stdin })) {
  const floor = await measureTlsFloor(ports, rate, Number(line));
  process.stdout.write(`${JSON.stringify(floor)}\n`);
}
