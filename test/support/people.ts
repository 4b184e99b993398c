import { LOCAL_OPERATOR, type Connection } from '../../src/core/service';
import type { Core } from '../../src/core/app';
import type { PasswordParameters } from '../../src/core/people';
import type { SeatPresence } from '../../src/core/seats';
import type { EventLoopDelay } from '../../src/core/health';
import type { Alert, AuditEntry, Envelope, MethodName, Role, User } from '../../src/shared/contract';
import { startTestCore } from './core';
import { FakeClock } from './fake-clock';

/** argon2id at its cheapest: tests sign in hundreds of times; the tuned parameters are the bench's. */
export const TEST_PASSWORD_PARAMETERS: PasswordParameters = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/**
 * A seat the way a transport keeps one: its connection holds the session token that sign-in binds,
 * and every call acts as whoever `actorFor` says that token belongs to now.
 */
export function seatAt(core: Core, seat: string, address: string | null = null) {
  let token: string | null = null;
  const connection: Connection = { seat, address, bind: (next) => (token = next) };
  const actor = () => core.people.actorFor(token, seat, address);
  const call = (method: MethodName | string, input?: unknown): Promise<Envelope> =>
    core.dispatcher.call(method, input, { actor: actor(), connection });
  const value = async <T>(method: MethodName, input?: unknown): Promise<T> => {
    const envelope = await call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.code}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const signIn = (username: string, password: string, code?: string) =>
    call('auth.signIn', { username, password, ...(code === undefined ? {} : { code }) });
  return { call, value, actor, signIn, token: () => token };
}
export type Seat = ReturnType<typeof seatAt>;

export const ADMIN = { username: 'ada', displayName: 'Ada Admin', password: 'ada keeps the keys' };
export const passwordOf = (username: string) => `${username} has a long passphrase`;

/**
 * A core on a fake clock (times shown in UTC) whose first admin, Ada, is signed in at the
 * admin desk; `person` adds someone with a role, `seat` opens another seat.
 */
export async function startPeopleCore(
  dataDir: string,
  options: { clock?: FakeClock; alerting?: boolean; seatPresence?: SeatPresence; eventLoop?: EventLoopDelay } = {},
) {
  const clock = options.clock ?? new FakeClock();
  const harness = startTestCore(dataDir, {
    clock,
    passwordParameters: TEST_PASSWORD_PARAMETERS,
    sopFolder: null,
    ...(options.seatPresence ? { seatPresence: options.seatPresence } : {}),
    ...(options.eventLoop ? { eventLoop: options.eventLoop } : {}),
  });
  const { core } = harness;
  // Started, the alert engine raises security alerts, and its timers make hours of fake time slow to pass.
  if (options.alerting) core.start();
  await core.dispatcher.call('settings.set', { timeZone: 'utc' }, { actor: LOCAL_OPERATOR });
  const adminDesk = seatAt(core, 'admin-desk');
  await adminDesk.value('auth.setup', ADMIN);
  const person = (username: string, role: Role, displayName = username) =>
    adminDesk.value<User>('users.create', { username, displayName, role, password: passwordOf(username) });
  const audit = async () =>
    (
      (await core.dispatcher.call('audit.list', { limit: 500 }, { actor: LOCAL_OPERATOR })) as Envelope<{
        entries: AuditEntry[];
      }> & { ok: true }
    ).value.entries;
  const alerts = async () =>
    ((await core.dispatcher.call('alerts.snapshot', {}, { actor: LOCAL_OPERATOR })) as Envelope<{ alerts: Alert[] }> & { ok: true }).value
      .alerts;
  return {
    ...harness,
    adminDesk,
    person,
    audit,
    alerts,
    seat: (name: string, address: string | null = null) => seatAt(core, name, address),
  };
}
