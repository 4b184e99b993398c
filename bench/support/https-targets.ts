// HTTPS targets for the probe-engine benchmark, in a process of their own so their CPU is not
// counted against the engine. `node https-targets.ts <ports> <delayMs>`: every port answers after
// delayMs. The 50 ms target runs alone in its own process, so a busy neighbour never delays it;
// asked (a line on stdin), it tells how late its answers were written.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { certificateValidFor } from '../../src/core/probes/kinds/testing/certificates';

const PORTS = Number(process.argv[2] ?? '1');
const DELAY_MS = Number(process.argv[3] ?? '0');
const certificate = certificateValidFor(30);
const ports: number[] = [];
/** How much later than delayMs after its request each answer was written: the target's own share of a probe's error. */
let lateness: number[] = [];
for (let i = 0; i < PORTS; i += 1) {
  const delayMs = DELAY_MS;
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
    const receivedAt = performance.now();
    const answer = () => response.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' }).end('ok');
    if (delayMs > 0)
      setTimeout(() => {
        lateness.push(performance.now() - receivedAt - delayMs);
        answer();
      }, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push((server.address() as AddressInfo).port);
}
process.stdout.write(`${JSON.stringify({ ports })}\n`);
// Each line on stdin asks for the lateness recorded since the last one.
for await (const _line of createInterface({ input: process.stdin })) {
  process.stdout.write(`${JSON.stringify({ lateness })}\n`);
  lateness = [];
}
