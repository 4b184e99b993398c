import { randomBytes } from 'node:crypto';
import { WatchroomError, type AuthState, type Session, type User } from '../../shared/contract';
import type { Clock } from '../../shared/domain/clock';
import type { OfflineRepository, PeopleRepository, UserRow } from '../db';
import type { Actor } from '../service';
import { WRONG_CREDENTIALS } from './credentials';
import { accountWindowStart, failuresExpireBefore, isLocked, lockAfterFailure, lockedMessage } from './lockout';
import { hashPassword, verifyPassword, type PasswordParameters } from './passwords';
import { SESSION_RULES } from './model';
import { SteadyClock } from './steady-clock';

const DAY_MS = 86_400_000;

/** An online sign-in at a seat lets that person sign in there offline for this long. */
export const OFFLINE_SIGN_IN_VALID_MS = 7 * DAY_MS;

export const OFFLINE_REFUSALS = {
  notHere:
    'Offline, only people who signed in at this seat while the hub could be reached, within the last 7 days, can sign in: sign in when the hub is back',
  expired: (lastOnline: string) =>
    `Your last sign-in at this seat with the hub reachable was on ${lastOnline}, more than 7 days ago: sign in when the hub is back`,
  disabled: 'Your account is disabled on the hub: you cannot sign in',
  twoFactor:
    'You sign in with an authenticator app, which this console cannot check without the hub: sign in when the hub is back, or ask a colleague without one to sign in',
} as const;

export interface OfflineSignInDeps {
  /** The verifiers, on the console's workstation database. */
  verifiers: OfflineRepository;
  /** The workstation database's people tables: failed offline sign-ins and locks are counted there, as the hub counts its own. */
  lockout: PeopleRepository;
  /** The replica's users: role, sites and whether the hub still has the person active. */
  replicaUsers: Pick<PeopleRepository, 'getUser'>;
  clock: Clock;
  passwordParameters: PasswordParameters;
  timeZone(): 'local' | 'utc';
}

export type OfflineVerdict = { ok: true; user: UserRow } | { ok: false; refusal: WatchroomError };

export interface OfflineSignIn {
  /** After an online sign-in through the hub: keep a verifier of the password for this seat (none for a person with a second factor). */
  remember(seatId: string, user: { id: string; username: string; totpEnabled: boolean }, password: string): Promise<void>;
  /** Drops every verifier not made at this seat (all of them with null: a seat revoked or given up). */
  keepOnlySeat(seatId: string | null): number;
  /** Judges an offline sign-in at this seat. A wrong password counts toward the lockout, as online. */
  signIn(seatId: string, username: string, password: string): Promise<OfflineVerdict>;
}

/**
 * Offline sign-in with cached verifiers. A verifier is an argon2id hash of the password with its
 * own salt, made on this console (the hub's hash never leaves the hub), in the encrypted
 * workstation database. The lockout is the online one (five failures in 15 minutes lock the
 * username for 15 minutes), counted on this console, on the steady clock, so a clock set back
 * neither reopens a lock nor extends a verifier.
 */
export function createOfflineSignIn(deps: OfflineSignInDeps): OfflineSignIn {
  const steady = new SteadyClock(deps.clock, deps.lockout);
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex'), deps.passwordParameters));
  const refuse = (message: string): OfflineVerdict => ({ ok: false, refusal: new WatchroomError('forbidden', message) });
  const day = (at: number) =>
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', ...(deps.timeZone() === 'utc' ? { timeZone: 'UTC' } : {}) }).format(at);

  function failed(username: string, now: number, lockedUntil: number | null): OfflineVerdict {
    deps.lockout.recordFailure(now, username, 'offline');
    if (isLocked(lockedUntil, now)) return refuse(lockedMessage(lockedUntil, deps.timeZone()));
    const until = lockAfterFailure(deps.lockout.failuresOfUsernameSince(username, accountWindowStart(now)), now);
    if (until === null) return refuse(WRONG_CREDENTIALS);
    deps.lockout.setLock(username, until);
    return refuse(lockedMessage(until, deps.timeZone()));
  }

  return {
    async remember(seatId, user, password) {
      // A verifier would be a copy of half of two factors on this disk: such a person never signs in offline.
      if (user.totpEnabled) {
        deps.verifiers.deleteVerifier(user.id);
        return;
      }
      const verifier = await hashPassword(password, deps.passwordParameters);
      deps.verifiers.saveVerifier({ userId: user.id, seatId, username: user.username, verifier, signedInAt: steady.now() });
      steady.persist();
    },

    keepOnlySeat: (seatId) => deps.verifiers.deleteVerifiersExceptSeat(seatId),

    async signIn(seatId, username, password) {
      const now = steady.now();
      deps.lockout.deleteFailuresBefore(failuresExpireBefore(now));
      deps.lockout.deleteLocksEndedBefore(now);
      const lockedUntil = deps.lockout.lockedUntil(username);
      const row = deps.verifiers.getVerifier(seatId, username);
      // Verified even when locked or unknown, so neither answers faster than a wrong password.
      const passwordOk = (await verifyPassword(row?.verifier ?? (await dummyHash()), password)) && row !== undefined;
      if (isLocked(lockedUntil, now)) return failed(username, now, lockedUntil);
      if (!row) return refuse(OFFLINE_REFUSALS.notHere);
      if (!passwordOk) return failed(username, now, null);
      deps.lockout.clearFailuresOfUsername(username);
      if (row.signedInAt + OFFLINE_SIGN_IN_VALID_MS <= now) return refuse(OFFLINE_REFUSALS.expired(day(row.signedInAt)));
      const user = deps.replicaUsers.getUser(row.userId);
      if (!user || !user.active) {
        deps.verifiers.deleteVerifier(row.userId);
        return refuse(OFFLINE_REFUSALS.disabled);
      }
      // The replica says whether the person has an authenticator app now (the secret itself never travels).
      if (user.totpSecret !== null) return refuse(OFFLINE_REFUSALS.twoFactor);
      return { ok: true, user };
    },
  };
}

/** An offline session lasts as long as an online one. */
export const OFFLINE_SESSION_LIFETIME_MS = SESSION_RULES.lifetimeMs;

/** A console-local session of an offline sign-in: never on the hub, so no hub token; it ends with the console (sessions live in memory). */
export interface OfflineSession {
  id: string;
  seat: string;
  startedAt: number;
  locked: boolean;
}

/** What the seat shows of an offline session; the user as the replica has them. */
export function offlineAuthState(user: UserRow, session: OfflineSession): AuthState {
  const shownUser: User = {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    sites: user.sites ?? null,
    active: user.active,
    totpEnabled: false,
    lastSignInAt: user.lastSignInAt,
    lockedUntil: null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
  const shownSession: Session = {
    id: session.id,
    userId: user.id,
    userDisplayName: user.displayName,
    kind: 'person',
    seat: session.seat,
    address: null,
    startedAt: session.startedAt,
    lastActiveAt: session.startedAt,
    expiresAt: session.startedAt + OFFLINE_SESSION_LIFETIME_MS,
    locked: session.locked,
    offline: true,
  };
  if (session.locked) return { state: 'locked', user: shownUser, session: shownSession };
  return { state: 'signed-in', user: shownUser, session: shownSession, idleLockMinutes: null, mustEnrolTwoFactor: false };
}

/** Fixed point 2 of issue 14: the person as the replica has them, a local session id, and no hub token. */
export function offlineActor(user: UserRow, session: OfflineSession): Actor {
  return {
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    seat: session.seat,
    sites: user.sites ?? null,
    sessionId: session.id,
    authorizedBy: null,
    access: session.locked ? 'locked' : 'signed-in',
  };
}
