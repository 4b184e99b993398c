// hub-command: a real hub process (TLS, socket.io) on loopback, consoles as socket.io clients.
// Measures what exactly-once costs (hub.command, which keeps a receipt in the command's
// transaction, against the same command through hub.call, alternating), a resend answered from its
// receipt, and how long a change takes to reach every one of 20 connected, caught-up consoles.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { E2E_ADMIN } from '../e2e/support/serve';
import {
  HUB_MESSAGES,
  HUB_NAMESPACE,
  HUB_PROTOCOL_VERSION,
  type FeedChanges,
  type FeedChangesAnswer,
  type HubCallAnswer,
  type HubCommandAnswer,
  type HubHello,
} from '../src/shared/contract';
import { measureReferenceMs, referenceFigure } from './support/reference';
import { percentile, report } from './support/report';

const CONSOLES = 20;
const dataDir = mkdtempSync(join(tmpdir(), 'watchroom-bench-hub-'));
const hub = spawn('node_modules/.bin/tsx', ['src/core/entries/hub.ts', '--data-dir', dataDir, '--port', '0', '--register-seat', 'Bench'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, WATCHROOM_LOG_LEVEL: 'warn' },
});
const printed = await new Promise<string>((resolve, reject) => {
  let out = '';
  hub.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (/Data folder: .*\n/.test(out)) resolve(out);
  });
  hub.on('exit', (code) => reject(new Error(`the hub exited with ${code}`)));
});
const url = /listening for consoles at (\S+)/.exec(printed)?.[1] ?? '';
const seatId = /seat id: +(\S+)/.exec(printed)?.[1] ?? '';
const credential = /credential: (\S+)/.exec(printed)?.[1] ?? '';

async function seatSocket(): Promise<Socket> {
  const socket = io(`${url}${HUB_NAMESPACE}`, {
    auth: { protocol: HUB_PROTOCOL_VERSION, seatId, credential },
    transports: ['websocket'],
    rejectUnauthorized: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const socket = await seatSocket();
const setUp = (await socket.emitWithAck(HUB_MESSAGES.call, {
  method: 'auth.setup',
  input: E2E_ADMIN,
  sessionToken: null,
})) as HubCallAnswer;
const sessionToken = setUp.sessionToken;
const created = (await socket.emitWithAck(HUB_MESSAGES.call, {
  method: 'sites.create',
  input: { name: 'Bench site' },
  sessionToken,
})) as HubCallAnswer;
if (!created.envelope.ok) throw new Error(created.envelope.error.message);
const siteId = (created.envelope.value as { id: string }).id;
let renames = 0;
const rename = () => ({ id: siteId, site: { name: `Bench site ${(renames += 1)}` } });

async function viaCommand(id = randomUUID()): Promise<HubCommandAnswer> {
  const answer = (await socket.emitWithAck(HUB_MESSAGES.command, {
    id,
    method: 'sites.update',
    input: rename(),
    sessionToken,
    asPerson: null,
    issuedAt: Date.now(),
  })) as HubCommandAnswer;
  if (answer.kind !== 'receipt' || answer.receipt.outcome !== 'applied') throw new Error(`not applied: ${JSON.stringify(answer)}`);
  return answer;
}
async function viaCall(): Promise<void> {
  const answer = (await socket.emitWithAck(HUB_MESSAGES.call, { method: 'sites.update', input: rename(), sessionToken })) as HubCallAnswer;
  if (!answer.envelope.ok) throw new Error(answer.envelope.error.message);
}

// Warm up both paths, then alternate them so that the machine's noise falls on both alike.
for (let i = 0; i < 100; i += 1) {
  await viaCommand();
  await viaCall();
}
const commandSamples: number[] = [];
const callSamples: number[] = [];
for (let i = 0; i < 1000; i += 1) {
  let t0 = performance.now();
  await viaCommand();
  commandSamples.push(performance.now() - t0);
  t0 = performance.now();
  await viaCall();
  callSamples.push(performance.now() - t0);
}
const known = randomUUID();
await viaCommand(known);
const resendSamples: number[] = [];
for (let i = 0; i < 1000; i += 1) {
  const t0 = performance.now();
  await socket.emitWithAck(HUB_MESSAGES.command, {
    id: known,
    method: 'sites.update',
    input: rename(),
    sessionToken,
    asPerson: null,
    issuedAt: Date.now(),
  });
  resendSamples.push(performance.now() - t0);
}

// Fan-out: every console caught up, then each change timed until the last console has it.
const consoles = await Promise.all(Array.from({ length: CONSOLES }, () => seatSocket()));
for (const console of consoles) {
  // As after a snapshot: from the oldest seq the feed can catch a console up from.
  for (let afterSeq = ((await console.emitWithAck(HUB_MESSAGES.hello)) as HubHello).oldest; ;) {
    const page = (await console.emitWithAck(HUB_MESSAGES.changes, { afterSeq, limit: 5000 })) as FeedChangesAnswer;
    if (page.kind !== 'changes') throw new Error('the feed asked for a snapshot');
    if (!page.more) break;
    afterSeq = page.toSeq;
  }
}
const fanoutSamples: number[] = [];
for (let i = 0; i < 200; i += 1) {
  const t0 = performance.now();
  const answer = await viaCommand();
  const seq = answer.kind === 'receipt' && answer.receipt.outcome === 'applied' ? answer.receipt.seq : 0;
  await Promise.all(
    consoles.map(
      (console) =>
        new Promise<void>((resolve) => {
          const onPush = (push: FeedChanges) => {
            if (push.toSeq < seq) return;
            console.off(HUB_MESSAGES.push, onPush);
            resolve();
          };
          console.on(HUB_MESSAGES.push, onPush);
        }),
    ),
  );
  fanoutSamples.push(performance.now() - t0);
}

for (const console of consoles) console.close();
socket.close();
hub.kill('SIGTERM');
await new Promise((resolve) => hub.on('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });

report('hub-command', {
  command_once_p50: { value: percentile(commandSamples, 50), unit: 'ms' },
  command_once_p95: { value: percentile(commandSamples, 95), unit: 'ms' },
  same_command_via_call_p50: { value: percentile(callSamples, 50), unit: 'ms' },
  same_command_via_call_p95: { value: percentile(callSamples, 95), unit: 'ms' },
  exactly_once_cost_p50_ratio: { value: percentile(commandSamples, 50) / percentile(callSamples, 50), unit: 'x' },
  resend_answered_from_receipt_p50: { value: percentile(resendSamples, 50), unit: 'ms' },
  command_to_last_of_20_consoles_p50: { value: percentile(fanoutSamples, 50), unit: 'ms' },
  command_to_last_of_20_consoles_p99: {
    value: percentile(fanoutSamples, 99),
    unit: 'ms',
    target: '<= 250 (hub-fanout, with 2,000 monitors and a storm)',
  },
  reference: referenceFigure(measureReferenceMs()),
});
