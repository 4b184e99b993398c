import type { Core } from '../../src/core/app';
import type { PasswordParameters } from '../../src/core/people';
import type { Connection } from '../../src/core/service';
import type { Envelope, MethodName } from '../../src/shared/contract';

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
  return { call, value, actor, token: () => token, forget: () => (token = null), use: (next: string | null) => (token = next) };
}
export type Seat = ReturnType<typeof seatAt>;
