import { createHash, randomBytes } from 'node:crypto';
import { roleAtLeast, type AuthState, type Role, type Session, type Settings, type User } from '../../shared/contract';
import type { PeopleRepository, SessionRow, UserRow } from '../db';
import type { Actor } from '../service';
import { isLocked } from './lockout';

const HOUR_MS = 3_600_000;

export const SESSION_RULES = {
  /** A person signs in again after this, however active. */
  lifetimeMs: 24 * HOUR_MS,
  /** Open person sessions per user; the oldest ends when a sixth starts. */
  maxPerUser: 5,
} as const;

/** Why a session ended, as its row and the audit say it. */
export type EndReason = 'signed-out' | 'expired' | 'switched' | 'capped' | 'deactivated' | 'password-changed' | 'password-reset' | 'ended';

/** A fresh session token: only its hash is stored, so a copy of the database signs nobody in. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newId(): string {
  return randomBytes(9).toString('base64url');
}

/** The idle lock of a role in minutes; null when that role's seats never lock, and always for a paired device. */
export function idleLockMinutes(settings: Settings, role: Role, kind: SessionRow['kind']): number | null {
  if (kind === 'device') return null;
  const minutes = {
    viewer: settings.idleLockMinutesViewer,
    operator: settings.idleLockMinutesOperator,
    supervisor: settings.idleLockMinutesSupervisor,
    admin: settings.idleLockMinutesAdmin,
  }[role];
  return minutes > 0 ? minutes : null;
}

/** What time does to an open session: it ran out, it sat idle too long, or it stands. */
export function sessionVerdict(row: SessionRow, now: number, idleMinutes: number | null): 'expired' | 'idle' | 'open' {
  if (row.expiresAt !== null && row.expiresAt <= now) return 'expired';
  if (!row.locked && idleMinutes !== null && row.lastActiveAt + idleMinutes * 60_000 <= now) return 'idle';
  return 'open';
}

export function toUser(row: UserRow, repo: PeopleRepository, now: number): User {
  const lockedUntil = repo.lockedUntil(row.username);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    sites: row.sites ?? null,
    active: row.active,
    totpEnabled: row.totpSecret !== null,
    lastSignInAt: row.lastSignInAt,
    lockedUntil: isLocked(lockedUntil, now) ? lockedUntil : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toSession(row: SessionRow, user: UserRow | undefined): Session {
  return {
    id: row.id,
    userId: row.userId,
    // A paired display is named by its seat; the admin who paired it is its userId.
    userDisplayName: row.kind === 'device' ? row.seat : (user?.displayName ?? row.userId),
    kind: row.kind,
    seat: row.seat,
    address: row.address,
    startedAt: row.startedAt,
    lastActiveAt: row.lastActiveAt,
    expiresAt: row.expiresAt,
    locked: row.locked,
  };
}

/** Who a seat with nobody signed in acts as: it may only sign in (and read what the sign-in screen reads). */
export function signedOutActor(seat: string): Actor {
  return {
    id: 'signed-out',
    displayName: 'Nobody signed in',
    role: 'viewer',
    seat,
    sites: null,
    sessionId: null,
    authorizedBy: null,
    access: 'signed-out',
  };
}

/** The person (or paired display) behind an open session. */
export function sessionActor(session: SessionRow, user: UserRow): Actor {
  const device = session.kind === 'device';
  return {
    id: device ? `device:${session.id}` : user.id,
    displayName: device ? session.seat : user.displayName,
    role: device ? 'viewer' : user.role,
    seat: session.seat,
    sites: device ? null : (user.sites ?? null),
    sessionId: session.id,
    authorizedBy: null,
    access: session.locked ? 'locked' : 'signed-in',
  };
}

/** While the setting is on, a supervisor or admin without an authenticator app may only enrol one (a paired display has no person to enrol). */
export function mustEnrolTwoFactor(settings: Settings, session: SessionRow, user: UserRow): boolean {
  return (
    session.kind === 'person' && settings.requireTwoFactorForSupervisors && roleAtLeast(user.role, 'supervisor') && user.totpSecret === null
  );
}

export function authStateOf(
  session: SessionRow | undefined,
  user: UserRow | undefined,
  repo: PeopleRepository,
  settings: Settings,
  now: number,
): AuthState {
  if (repo.countUsers() === 0) return { state: 'setup' };
  if (!session || !user || session.endedAt !== null) return { state: 'signed-out' };
  const shownUser = toUser(user, repo, now);
  const shownSession = toSession(session, user);
  if (session.locked) return { state: 'locked', user: shownUser, session: shownSession };
  return {
    state: 'signed-in',
    user: shownUser,
    session: shownSession,
    idleLockMinutes: idleLockMinutes(settings, user.role, session.kind),
    mustEnrolTwoFactor: mustEnrolTwoFactor(settings, session, user),
  };
}
