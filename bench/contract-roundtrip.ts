// contract-roundtrip: a real serve-mode core in its own process, a socket.io client on loopback.
// Measures app.health (small) and an audit.list answer of at least 64 KB.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { E2E_ADMIN, sessionCookieFor, setUpFirstAdmin } from '../e2e/support/serve';
import type { Envelope } from '../src/shared/contract';
import { durationPerReference, measureReferenceMs, referenceFigure, scaledTarget } from './support/reference';
import { percentile, report } from './support/report';

const dataDir = mkdtempSync(join(tmpdir(), 'watchroom-bench-'));
const server = spawn('node_modules/.bin/tsx', ['src/core/entries/serve.ts', '--data-dir', dataDir, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, WATCHROOM_LOG_LEVEL: 'warn' },
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const match = /serving the console at (\S+)/.exec(out);
    if (match?.[1]) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});

// Every call is a signed-in person's, as in the console: the permission check is part of what is measured.
await setUpFirstAdmin(url);
const { origin, cookie } = await sessionCookieFor({ url, admin: E2E_ADMIN });
const socket = io(origin, { transports: ['websocket'], extraHeaders: { cookie } });
await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
async function call(method: string, input?: unknown): Promise<unknown> {
  const envelope = (await socket.emitWithAck(method, input ?? null)) as Envelope;
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value;
}

// Enough audited history that one page of audit.list is at least 64 KB.
for (let i = 0; i < 400; i += 1) await call('settings.set', { consoleName: `Bench console ${i} ${'x'.repeat(40)}` });
let limit = 50;
let payloadBytes = 0;
while (payloadBytes < 64 * 1024 && limit <= 500) {
  payloadBytes = Buffer.byteLength(JSON.stringify(await call('audit.list', { limit })));
  if (payloadBytes < 64 * 1024) limit += 25;
}

async function measure(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 200; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

const small = await measure(3000, () => call('app.health'));
const large = await measure(500, () => call('audit.list', { limit }));
socket.close();
server.kill('SIGTERM');
await new Promise((resolve) => server.on('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });

const referenceMs = measureReferenceMs();
report('contract-roundtrip', {
  app_health_p50: { value: percentile(small, 50), unit: 'ms' },
  app_health_p95: { value: percentile(small, 95), unit: 'ms', target: '< 1' },
  app_health_p95_per_reference: durationPerReference(percentile(small, 95), referenceMs, scaledTarget('<', 1, 'duration')),
  reference: referenceFigure(referenceMs),
  payload_64k_p50: { value: percentile(large, 50), unit: 'ms' },
  payload_64k_p95: { value: percentile(large, 95), unit: 'ms' },
  payload_64k_bytes: { value: payloadBytes, unit: 'bytes' },
});
