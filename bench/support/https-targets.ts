// HTTPS targets for the probe-engine benchmark, in a process of their own so their CPU is not
// counted against the engine. `node https-targets.ts <ports> <delayMs>`: every port answers after
// delayMs. The 50 ms target runs alone in its own process, so a busy neighbour never delays it.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { certificateValidFor } from '../../src/core/probes/kinds/testing/certificates';

const PORTS = Number(process.argv[2] ?? '1');
const DELAY_MS = Number(process.argv[3] ?? '0');
const certificate = certificateValidFor(30);
const ports: number[] = [];
for (let i = 0; i < PORTS; i += 1) {
  const delayMs = DELAY_MS;
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
    const answer = () => response.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' }).end('ok');
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ports.push((server.address() as AddressInfo).port);
}
process.stdout.write(`${JSON.stringify({ ports })}\n`);
