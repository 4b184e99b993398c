/** People: users, roles, sign-in with lockout, sessions and seat locks, TOTP, step-up, and the console watching its own security. */
import { randomBytes } from 'node:crypto';
import type { EventMessage } from '../../shared/contract';
import type { TimerHandle } from '../../shared/domain/clock';
import { createAuditReadRecorder, type AuditAppend } from '../audit';
import type { Actor, Capability, CapabilityContext } from '../service';
import { createAdminHandlers, type AdminMethods } from './admin-handlers';
import { createAuthHandlers, type AuthMethods } from './auth-handlers';
import { changed, endSession, type PeopleDeps } from './context';
import { hashToken, idleLockMinutes, mustEnrolTwoFactor, sessionActor, sessionVerdict, signedOutActor } from './model';
import { hashPassword, PASSWORD_PARAMETERS, type PasswordParameters } from './passwords';
import { createPresenceHandlers } from './presence';
import { RefusedCommands, REFUSED_COMMANDS_PER_HOUR, type PeopleAlerting } from './security';
import { securitySummary } from './security-summary';
import { SteadyClock } from './steady-clock';

export type { PeopleAlerting, SecurityAlertKind } from './security';
export { PASSWORD_PARAMETERS, type PasswordParameters } from './passwords';
export { signedOutActor } from './model';
export { SECURITY_ACTIONS } from './security-summary';
export { securitySummary } from './security-summary';
export {
  createOfflineSignIn,
  offlineActor,
  offlineAuthState,
  OFFLINE_REFUSALS,
  OFFLINE_SESSION_LIFETIME_MS,
  OFFLINE_SIGN_IN_VALID_MS,
  type OfflineSession,
  type OfflineSignIn,
} from './offline-sign-in';

export interface PeopleContext extends CapabilityContext {
  alerting: PeopleAlerting;
  /** argon2id parameters for new hashes; tests pass cheaper ones. Older hashes are upgraded at sign-in. */
  passwordParameters?: PasswordParameters;
  /** Audits what time does to a session (an idle lock, an end), which no command records. */
  recordAudit: (entry: AuditAppend) => void;
}

/** How long after signing in online at a seat a person's commands made there offline are still accepted. */
export const OFFLINE_VOUCH_MS = 7 * 24 * 60 * 60 * 1000;

/** How often idle seats are locked and expired sessions ended without anyone calling. */
const SWEEP_MS = 15_000;
/** A command counts as activity; writing it more often than this adds nothing to a minutes-long idle lock. */
const ACTIVITY_WRITE_MS = 10_000;

export interface People extends Capability<AuthMethods | AdminMethods | 'security.summary' | 'presence.list' | 'presence.view'> {
  /**
   * Who a connection acts as, from the session token its transport keeps (null: none). Never
   * throws: an unknown, ended or expired token is a signed-out seat; an idle one locks here.
   */
  actorFor(token: string | null, seat: string, address: string | null): Actor;
  /**
   * Who a command from a seat's outbox acts as: the person the seat vouches for, with their role
   * and sites as they are now, if they are enabled and signed in online at this seat within
   * OFFLINE_VOUCH_MS (the seat itself is authenticated by its credential before this is asked).
   */
  vouchedActor(personId: string, seat: string): Actor | { refused: string };
  /** For the dispatcher: refused commands (three in an hour raise an alert) and activity (commands keep a seat unlocked). */
  watch: { refused(actor: Actor, method: string): void; acted(actor: Actor): void };
}

export function createPeople(context: PeopleContext): People {
  const steady = new SteadyClock(context.clock, context.repos.people);
  const parameters = context.passwordParameters ?? PASSWORD_PARAMETERS;
  let dummy: Promise<string> | null = null;
  const deps: PeopleDeps = {
    ...context,
    steady,
    passwordParameters: parameters,
    dummyHash: () => (dummy ??= hashPassword(randomBytes(16).toString('hex'), parameters)),
  };
  const repo = context.repos.people;
  const refused = new RefusedCommands();
  // The Security page shows the audit log's entries: reading it is audited as reading the log is.
  const recordRead = createAuditReadRecorder(context.recordAudit, context.clock);
  const lastActivityWrite = new Map<string, number>();

  interface Aged {
    event: EventMessage;
    audit: AuditAppend;
  }

  /** Applies what time did to one open session (an end, a lock): the event to send and the audit entry to append. */
  function ageSession(id: string, at: number): Aged | null {
    const row = repo.getSession(id);
    if (!row || row.endedAt !== null) return null;
    const user = repo.getUser(row.userId);
    const entry = (action: string, why: string): AuditAppend => ({
      actor: 'system',
      action,
      target: row.id,
      after: { userId: row.userId, displayName: user?.displayName ?? null, seat: row.seat, why },
      result: 'ok',
    });
    if (!user || (!user.active && row.kind === 'person'))
      return { event: endSession(deps, row, 'deactivated', at), audit: entry('session.ended', 'the person was deactivated') };
    const verdict = sessionVerdict(row, at, idleLockMinutes(context.settings(), user.role, row.kind));
    if (verdict === 'expired')
      return { event: endSession(deps, row, 'expired', at), audit: entry('session.ended', 'its 24 hours ran out') };
    if (verdict === 'idle') {
      repo.updateSession(row.id, { locked: true });
      return { event: changed(row.id, 'locked'), audit: entry('session.locked', 'idle') };
    }
    return null;
  }

  function announce(aged: readonly Aged[]): void {
    for (const { event, audit } of aged) {
      context.recordAudit(audit);
      context.emit(event);
    }
  }

  function sweep(): void {
    try {
      const at = steady.now();
      announce(context.repos.transaction(() => repo.listOpenSessions().flatMap((row) => ageSession(row.id, at) ?? [])));
    } catch (error) {
      context.logger.error({ err: error }, 'session sweep failed');
    }
  }

  let timer: TimerHandle | null = null;
  const schedule = () => {
    timer = context.timers.after(SWEEP_MS, () => {
      sweep();
      schedule();
    });
  };

  return {
    handlers: {
      ...createAuthHandlers(deps),
      ...createAdminHandlers(deps),
      ...createPresenceHandlers(deps),
      'security.summary': (input, { actor }) => {
        const hours = input?.hours ?? 24;
        recordRead(actor, 'security', { hours });
        return securitySummary(context.repos.audit, { now: context.clock.now(), hours, zone: context.identity.timeZone() });
      },
    },
    // The address is not checked against the session's: a browser's may change (a phone moving networks).
    actorFor(token, seat) {
      try {
        if (token === null) return signedOutActor(seat);
        const found = repo.getSessionByTokenHash(hashToken(token));
        if (!found || found.endedAt !== null) return signedOutActor(seat);
        const aged = ageSession(found.id, steady.now());
        if (aged) announce([aged]);
        const row = repo.getSession(found.id);
        const user = row ? repo.getUser(row.userId) : undefined;
        if (!row || !user || row.endedAt !== null) return signedOutActor(seat);
        const actor = sessionActor(row, user);
        // Judged at every call, so turning the setting on reaches people already signed in.
        return actor.access === 'signed-in' && mustEnrolTwoFactor(context.settings(), row, user)
          ? { ...actor, access: 'enrolling' }
          : actor;
      } catch (error) {
        context.logger.error({ err: error }, 'reading a session failed; the seat is treated as signed out');
        return signedOutActor(seat);
      }
    },
    vouchedActor(personId, seat) {
      const user = repo.getUser(personId);
      if (!user) return { refused: 'The hub knows no such person' };
      if (!user.active) return { refused: `${user.displayName} has been deactivated on the hub` };
      const session = repo.latestPersonSessionAt(user.id, seat);
      if (!session || session.startedAt < steady.now() - OFFLINE_VOUCH_MS)
        return { refused: `${user.displayName} has not signed in online at ${seat} within the last 7 days` };
      // No session of its own: the one it started online may have ended since, and nothing here keeps it active.
      const actor = { ...sessionActor(session, user), sessionId: null, access: 'signed-in' as const };
      return mustEnrolTwoFactor(context.settings(), session, user) ? { ...actor, access: 'enrolling' } : actor;
    },
    watch: {
      refused(actor) {
        const at = steady.now();
        if (!refused.note(actor, at)) return;
        context.alerting.raise(
          'security-refused-commands',
          { key: actor.id, name: actor.displayName },
          `${actor.displayName} was refused ${REFUSED_COMMANDS_PER_HOUR} commands within an hour (at ${actor.seat})`,
        );
      },
      acted(actor) {
        if (actor.sessionId === null || (actor.access !== 'signed-in' && actor.access !== 'enrolling')) return;
        const at = steady.now();
        if (at - (lastActivityWrite.get(actor.sessionId) ?? Number.NEGATIVE_INFINITY) < ACTIVITY_WRITE_MS) return;
        lastActivityWrite.set(actor.sessionId, at);
        try {
          repo.updateSession(actor.sessionId, { lastActiveAt: at });
        } catch (error) {
          context.logger.warn({ err: error }, 'recording activity failed');
        }
      },
    },
    start() {
      // Made now, so the first unknown username after a start costs no more time than any other.
      void deps.dummyHash();
      sweep();
      schedule();
    },
    stop() {
      timer?.cancel();
      timer = null;
      steady.persist();
    },
  };
}
