import { WatchroomError, type EventMessage } from '../../shared/contract';
import type { UserRow } from '../db';
import { hashWith, type PeopleDeps } from './context';
import {
  accountWindowStart,
  clockTime,
  failuresExpireBefore,
  isLocked,
  lockAfterFailure,
  lockedMessage,
  sourceLimitReached,
  sourceWindowStart,
  LOCKOUT,
} from './lockout';
import { needsRehash, verifyPassword } from './passwords';
import { checkTotp, hashRecoveryCode, isTotpCode } from './second-factor';

/** One answer for a wrong password, an unknown username and a deactivated account: no name is ever confirmed. */
export const WRONG_CREDENTIALS = 'Wrong username or password';

/** What the slow part found, before the transaction: judged again inside it. */
export interface VerifiedPassword {
  /** The stored hash the password was checked against; null for an unknown username. */
  verifiedHash: string | null;
  passwordOk: boolean;
  /** A new hash with today's parameters when the stored one is older; written only with a good sign-in. */
  rehash: string | null;
}

/**
 * Verifies a password off the event loop. An unknown username is verified against a dummy hash of
 * the same parameters, so it takes as long as a wrong password; a locked account is verified too.
 */
export async function verifyCredentials(deps: PeopleDeps, username: string, password: string): Promise<VerifiedPassword> {
  const user = deps.repos.people.getUserByUsername(username);
  const stored = user?.passwordHash ?? (await deps.dummyHash());
  const passwordOk = (await verifyPassword(stored, password)) && user !== undefined;
  const rehash = passwordOk && needsRehash(stored, deps.passwordParameters) ? await hashWith(deps, password) : null;
  return { verifiedHash: user ? stored : null, passwordOk, rehash };
}

export type CredentialVerdict =
  | { ok: true; user: UserRow; events: EventMessage[]; afterCommit: (() => void)[] }
  | {
      ok: false;
      refusal: WatchroomError;
      events: EventMessage[];
      afterCommit: (() => void)[];
      /** Set when this failure locked the username: the audit entry says so, and the Security page lists it as a lockout. */
      lockedUntil?: number;
    };

/**
 * Judges credentials inside the transaction: the lock, the password as verified (against the hash
 * still stored), the second factor, and the bookkeeping of a failure (counted by the username as
 * typed and by the source; the fifth locks the name, the tenth from one source raises an alert).
 */
export function judgeCredentials(
  deps: PeopleDeps,
  attempt: { username: string; code?: string | undefined; source: string },
  verified: VerifiedPassword,
  options: { secondFactor: boolean },
): CredentialVerdict {
  const repo = deps.repos.people;
  const now = deps.steady.now();
  const zone = deps.identity.timeZone();
  const { username, source } = attempt;
  repo.deleteFailuresBefore(failuresExpireBefore(now));
  repo.deleteLocksEndedBefore(now);
  const lockedUntil = repo.lockedUntil(username);
  const afterCommit: (() => void)[] = [];
  const refused = (
    message: string,
    code: 'forbidden' | 'invalid_input' = 'forbidden',
    field?: string,
  ): Extract<CredentialVerdict, { ok: false }> => ({
    ok: false,
    refusal: new WatchroomError(code, message, field ? [{ path: field, message }] : undefined),
    events: [],
    afterCommit,
  });

  const fail = (message: string): CredentialVerdict => {
    repo.recordFailure(now, username, source);
    if (sourceLimitReached(repo.failuresOfSourceSince(source, sourceWindowStart(now)))) {
      afterCommit.push(() =>
        deps.alerting.raise(
          'security-source-failures',
          { key: source, name: `Sign-ins from ${source}` },
          `${LOCKOUT.sourceFailures} failed sign-ins from ${source} within ${LOCKOUT.sourceWindowMs / 60_000} minutes`,
        ),
      );
    }
    if (isLocked(lockedUntil, now)) return refused(lockedMessage(lockedUntil, zone));
    const until = lockAfterFailure(repo.failuresOfUsernameSince(username, accountWindowStart(now)), now);
    if (until === null) return refused(message);
    repo.setLock(username, until);
    const summary = `The account "${username}" is locked until ${clockTime(until, zone)} after ${LOCKOUT.accountFailures} failed sign-ins (the last from ${source})`;
    afterCommit.push(() => deps.alerting.raise('security-account-locked', { key: username, name: `Account ${username}` }, summary));
    return { ...refused(lockedMessage(until, zone)), lockedUntil: until };
  };

  if (isLocked(lockedUntil, now)) return fail(lockedMessage(lockedUntil, zone));
  const user = repo.getUserByUsername(username);
  // The hash must still be the one verified: a password changed meanwhile makes the old one wrong.
  if (!verified.passwordOk || !user || !user.active || user.passwordHash !== verified.verifiedHash) return fail(WRONG_CREDENTIALS);

  if (options.secondFactor && user.totpSecret !== null) {
    const code = attempt.code?.trim();
    if (!code) return refused('Enter the six-digit code from your authenticator app, or a recovery code', 'invalid_input', 'code');
    if (isTotpCode(code)) {
      // The phone's clock is the wall clock: the code is checked against it, not the steady mark.
      const check = checkTotp(user.totpSecret, code, deps.clock.now(), user.totpLastStep);
      if (!check.ok) return fail(check.reused ? 'This code was used already: wait for the next one' : 'Wrong code');
      repo.updateUser(user.id, { totpLastStep: check.step });
    } else if (!repo.useRecoveryCode(user.id, hashRecoveryCode(code), now)) {
      return fail('Wrong code');
    }
  }
  repo.clearFailuresOfUsername(username);
  if (verified.rehash !== null) repo.updateUser(user.id, { passwordHash: verified.rehash });
  return { ok: true, user: repo.getUser(user.id) ?? user, events: [], afterCommit };
}
