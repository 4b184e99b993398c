// sign-in: what one password verification costs with the shipped argon2id parameters, and whether
// core stays responsive meanwhile. (1) verifyPassword alone, sequentially: p50/p95, target p50
// within 100-300 ms. (2) The event loop's longest stall while verifications run (argon2 runs on the
// package's thread pool, never on core's loop). (3) auth.signIn end to end through the dispatcher on
// a real encrypted database (verify, lockout bookkeeping, session, audit entry).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createCore } from '../src/core/app';
import { createSilentLogger } from '../src/core/logging';
import { PASSWORD_PARAMETERS } from '../src/core/people';
import { hashPassword, verifyPassword } from '../src/core/people/passwords';
import { FakeClock } from '../test/support/fake-clock';
import { seatAt } from '../test/support/people';
import { measureReferenceMs, referenceFigure } from './support/reference';
import { percentile, report } from './support/report';

const RUNS = 30;
const password = 'a passphrase of ordinary length';
const stored = await hashPassword(password, PASSWORD_PARAMETERS);
await verifyPassword(stored, password);

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const verifications: number[] = [];
for (let i = 0; i < RUNS; i += 1) {
  const t0 = performance.now();
  if (!(await verifyPassword(stored, password))) throw new Error('verification failed');
  verifications.push(performance.now() - t0);
}
loop.disable();

const dir = mkdtempSync(join(tmpdir(), 'watchroom-sign-in-'));
const clock = new FakeClock();
const core = createCore({
  dataDir: dir,
  dbKey: randomBytes(32),
  mode: 'serve',
  version: 'bench',
  clock,
  timers: clock,
  logger: createSilentLogger(),
});
const seat = seatAt(core, 'bench-seat');
await seat.value('auth.setup', { username: 'bench', displayName: 'Bench admin', password });
const signIns: number[] = [];
for (let i = 0; i < RUNS; i += 1) {
  await seat.value('auth.signOut');
  const t0 = performance.now();
  await seat.value('auth.signIn', { username: 'bench', password });
  signIns.push(performance.now() - t0);
}
core.close();
rmSync(dir, { recursive: true, force: true });

const referenceMs = measureReferenceMs();
report('sign-in', {
  verify_p50: { value: percentile(verifications, 50), unit: 'ms', target: 'within 100-300' },
  verify_p95: { value: percentile(verifications, 95), unit: 'ms' },
  argon2id_memory: { value: PASSWORD_PARAMETERS.memoryCost / 1024, unit: 'MiB', target: '>= 19' },
  argon2id_passes: { value: PASSWORD_PARAMETERS.timeCost, unit: 'passes' },
  argon2id_parallelism: { value: PASSWORD_PARAMETERS.parallelism, unit: 'lanes' },
  event_loop_max_stall_while_verifying: { value: loop.max / 1e6, unit: 'ms' },
  sign_in_p50: { value: percentile(signIns, 50), unit: 'ms' },
  sign_in_p95: { value: percentile(signIns, 95), unit: 'ms' },
  reference: referenceFigure(referenceMs),
});
