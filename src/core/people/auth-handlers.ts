import {
  methods,
  permissions,
  roleAtLeast,
  ROLE_LABELS,
  WatchroomError,
  whoMay,
  isMethodName,
  type AuthState,
  type CommandName,
  type EventMessage,
} from '../../shared/contract';
import type { SessionRow, UserRow } from '../db';
import { preparedCommand, type Actor, type CallContext, type CommandOutcome, type Handlers, type MethodsOf } from '../service';
import { changed, endSession, endSessionsOf, hashWith, newUserRow, startSession, type PeopleDeps } from './context';
import { judgeCredentials, verifyCredentials, type CredentialVerdict } from './credentials';
import { authStateOf, sessionActor } from './model';
import { refuseCommonPassword, verifyPassword } from './passwords';
import { enrolmentOf, hashRecoveryCode, newRecoveryCodes, newTotpSecret, checkTotp } from './second-factor';
import { isUnusualHour } from './security';

export type AuthMethods = MethodsOf<'auth'>;

/** The seat's source for counting failed sign-ins: the browser's address, else the seat's name. */
function sourceOf(ctx: CallContext): string {
  return ctx.connection?.address ?? ctx.connection?.seat ?? ctx.actor.seat;
}

function noConnection(): WatchroomError {
  return new WatchroomError('unavailable', 'Signing in needs a console window or a browser: this caller has no seat to sign in');
}

/** Who an audit entry names for a person acting without a session yet (the first admin made without a seat). */
function personActor(user: UserRow, seat: string): Actor {
  return {
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    seat,
    sites: user.sites ?? null,
    sessionId: null,
    authorizedBy: null,
    access: 'signed-in',
  };
}

export function createAuthHandlers(deps: PeopleDeps): Pick<Handlers, AuthMethods> {
  const repo = deps.repos.people;
  const now = () => deps.steady.now();

  function openSessionOf(ctx: CallContext): SessionRow | undefined {
    if (ctx.actor.sessionId === null) return undefined;
    const row = repo.getSession(ctx.actor.sessionId);
    return row && row.endedAt === null ? row : undefined;
  }

  function stateOf(session: SessionRow | undefined): AuthState {
    return authStateOf(session, session ? repo.getUser(session.userId) : undefined, repo, deps.settings(), now());
  }

  /** The signed-in person behind a call; devices and core's own actors have no password of their own. */
  function signedInPerson(ctx: CallContext): UserRow {
    const session = openSessionOf(ctx);
    const user = session?.kind === 'person' ? repo.getUser(session.userId) : undefined;
    if (!user) throw new WatchroomError('forbidden', 'Only a person signed in at this seat can do this');
    return user;
  }

  /** A refused attempt still commits its bookkeeping (failure counts, a lock) and is audited with the username as typed. */
  function refusedAttempt<T>(
    verdict: Extract<CredentialVerdict, { ok: false }>,
    value: T,
    target: string,
    ctx: CallContext,
  ): CommandOutcome<T> {
    return {
      value,
      target,
      after: {
        seat: ctx.connection?.seat ?? ctx.actor.seat,
        address: ctx.connection?.address ?? null,
        ...(verdict.lockedUntil !== undefined ? { lockedUntil: verdict.lockedUntil } : {}),
      },
      refusal: verdict.refusal,
      events: verdict.events,
      afterCommit: () => verdict.afterCommit.forEach((effect) => effect()),
    };
  }

  return {
    'auth.state': (_input, ctx) => stateOf(openSessionOf(ctx)),

    'auth.setup': preparedCommand({
      async prepare(input) {
        if (repo.countUsers() > 0) throw new WatchroomError('conflict', 'This console is set up already: sign in');
        refuseCommonPassword(input.password);
        return hashWith(deps, input.password);
      },
      run(input, ctx, passwordHash) {
        // Checked again: another console may have set it up while this password was hashed.
        if (repo.countUsers() > 0) throw new WatchroomError('conflict', 'This console is set up already: sign in');
        const at = now();
        const user = newUserRow({ username: input.username, displayName: input.displayName, role: 'admin', sites: null }, passwordHash, at);
        repo.insertUser(user);
        deps.steady.persist();
        const after = { username: user.username, displayName: user.displayName, role: user.role };
        const connection = ctx.connection;
        if (!connection) return { value: stateOf(undefined), target: user.id, after, auditActor: personActor(user, ctx.actor.seat) };
        const started = startSession(deps, user, connection.seat, connection.address, at);
        repo.updateUser(user.id, { lastSignInAt: at });
        return {
          value: stateOf(started.row),
          target: user.id,
          after: { ...after, seat: connection.seat, address: connection.address },
          auditActor: sessionActor(started.row, user),
          events: started.events,
          afterCommit: () => connection.bind(started.token),
        };
      },
    }),

    'auth.signIn': preparedCommand({
      async prepare(input, ctx) {
        if (!ctx.connection) throw noConnection();
        return verifyCredentials(deps, input.username, input.password);
      },
      run(input, ctx, verified) {
        const connection = ctx.connection;
        if (!connection) throw noConnection();
        const verdict = judgeCredentials(deps, { username: input.username, code: input.code, source: sourceOf(ctx) }, verified, {
          secondFactor: true,
        });
        const current = openSessionOf(ctx);
        if (!verdict.ok) return refusedAttempt(verdict, stateOf(current), input.username, ctx);
        const user = verdict.user;
        const at = now();
        const events: EventMessage[] = [];
        const effects = [...verdict.afterCommit];
        repo.updateUser(user.id, { lastSignInAt: at });
        deps.steady.persist();
        if (isUnusualHour(deps.clock.now(), deps.identity.timeZone()) && user.role === 'admin') {
          effects.push(() =>
            deps.alerting.raise(
              'security-admin-unusual-hour',
              { key: user.id, name: user.displayName },
              `${user.displayName} (admin) signed in at ${connection.seat} between 02:00 and 05:59`,
            ),
          );
        }
        const runEffects = () => effects.forEach((effect) => effect());
        // The same person at their own locked seat: the session goes on.
        if (current && current.kind === 'person' && current.userId === user.id) {
          repo.updateSession(current.id, { locked: false, lastActiveAt: at });
          if (current.locked) events.push(changed(current.id, 'unlocked'));
          const row = repo.getSession(current.id) ?? current;
          return {
            value: stateOf(row),
            target: input.username,
            after: { userId: user.id, seat: connection.seat, address: connection.address, unlocked: current.locked },
            auditActor: sessionActor(row, user),
            events,
            afterCommit: runEffects,
          };
        }
        // Someone else at this seat: a switch of user; the previous session ends.
        const previous = current ? repo.getUser(current.userId) : undefined;
        if (current) events.push(endSession(deps, current, 'switched', at));
        const started = startSession(deps, user, connection.seat, connection.address, at);
        return {
          value: stateOf(started.row),
          target: input.username,
          after: {
            userId: user.id,
            seat: connection.seat,
            address: connection.address,
            ...(current
              ? { switchedFrom: { sessionId: current.id, userId: current.userId, displayName: previous?.displayName ?? null } }
              : {}),
          },
          auditActor: sessionActor(started.row, user),
          events: [...events, ...started.events],
          afterCommit: () => {
            connection.bind(started.token);
            runEffects();
          },
        };
      },
    }),

    'auth.signOut': (_input, ctx) => {
      const session = openSessionOf(ctx);
      const events = session ? [endSession(deps, session, 'signed-out', now())] : [];
      return {
        value: stateOf(undefined),
        target: session?.id ?? '',
        events,
        afterCommit: () => ctx.connection?.bind(null),
      };
    },

    'auth.lock': (_input, ctx) => {
      const session = openSessionOf(ctx);
      if (!session || session.locked) return { value: stateOf(session), target: session?.id ?? '' };
      repo.updateSession(session.id, { locked: true });
      return { value: stateOf(repo.getSession(session.id)), target: session.id, events: [changed(session.id, 'locked')] };
    },

    'auth.activity': (_input, ctx) => {
      const session = openSessionOf(ctx);
      if (session && !session.locked) repo.updateSession(session.id, { lastActiveAt: now() });
      return stateOf(session && repo.getSession(session.id));
    },

    'auth.changePassword': preparedCommand({
      async prepare(input, ctx) {
        const user = signedInPerson(ctx);
        refuseCommonPassword(input.next, 'next');
        if (input.next === input.current)
          throw new WatchroomError('invalid_input', 'Choose a new password', [{ path: 'next', message: 'The same as the current one' }]);
        const passwordOk = await verifyPassword(user.passwordHash, input.current);
        return {
          verifiedHash: user.passwordHash,
          passwordOk,
          rehash: null,
          nextHash: passwordOk ? await hashWith(deps, input.next) : null,
        };
      },
      run(_input, ctx, verified) {
        const user = signedInPerson(ctx);
        const verdict = judgeCredentials(deps, { username: user.username, source: sourceOf(ctx) }, verified, { secondFactor: false });
        if (!verdict.ok) return refusedAttempt(verdict, stateOf(openSessionOf(ctx)), user.id, ctx);
        if (verified.nextHash === null) throw new WatchroomError('internal', 'The new password was not hashed');
        const at = now();
        repo.updateUser(user.id, { passwordHash: verified.nextHash, updatedAt: at });
        const events = endSessionsOf(deps, user.id, 'password-changed', at, ctx.actor.sessionId ?? undefined);
        return {
          value: stateOf(openSessionOf(ctx)),
          target: user.id,
          after: { passwordChanged: true, sessionsEnded: events.length },
          events,
        };
      },
    }),

    'auth.totpBegin': preparedCommand({
      async prepare(_input, ctx) {
        const user = signedInPerson(ctx);
        if (user.totpSecret !== null)
          throw new WatchroomError('conflict', 'An authenticator app is set up already; an admin can reset it if the phone is lost');
        return enrolmentOf(newTotpSecret(), user.username, deps.identity.name());
      },
      run(_input, ctx, enrolment) {
        const user = signedInPerson(ctx);
        if (user.totpSecret !== null) throw new WatchroomError('conflict', 'An authenticator app is set up already');
        repo.updateUser(user.id, { totpPendingSecret: enrolment.secret, updatedAt: now() });
        return { value: enrolment, target: user.id, after: { totp: 'enrolment started' } };
      },
    }),

    'auth.totpConfirm': (input, ctx) => {
      const user = signedInPerson(ctx);
      if (user.totpPendingSecret === null) throw new WatchroomError('conflict', 'Start setting up the authenticator app first');
      const check = checkTotp(user.totpPendingSecret, input.code.trim(), deps.clock.now(), null);
      if (!check.ok)
        throw new WatchroomError('invalid_input', 'Wrong code: type the six digits the app shows for this console now', [
          { path: 'code', message: 'Wrong code' },
        ]);
      const codes = newRecoveryCodes();
      repo.updateUser(user.id, { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpLastStep: check.step, updatedAt: now() });
      repo.replaceRecoveryCodes(user.id, codes.map(hashRecoveryCode));
      return { value: { codes }, target: user.id, after: { totpEnabled: true, recoveryCodes: codes.length } };
    },

    'auth.stepUp': preparedCommand({
      async prepare(input, ctx) {
        if (ctx.actor.access !== 'signed-in') throw new WatchroomError('forbidden', 'Step-up works at a signed-in seat');
        return verifyCredentials(deps, input.username, input.password);
      },
      run(input, ctx, verified) {
        const inner = input.method;
        if (!isMethodName(inner) || methods[inner].kind !== 'command' || inner.startsWith('auth.'))
          throw new WatchroomError('invalid_input', 'A step-up authorizes one command of the console', [
            { path: 'method', message: 'Not a command that can be authorized' },
          ]);
        const verdict = judgeCredentials(deps, { username: input.username, code: input.code, source: sourceOf(ctx) }, verified, {
          secondFactor: true,
        });
        if (!verdict.ok) return refusedAttempt(verdict, { actor: ctx.actor, method: inner as CommandName }, inner, ctx);
        const authorizer = verdict.user;
        const refuse = (message: string) =>
          refusedAttempt(
            { ok: false, refusal: new WatchroomError('forbidden', message), events: [], afterCommit: verdict.afterCommit },
            { actor: ctx.actor, method: inner as CommandName },
            inner,
            ctx,
          );
        if (authorizer.id === ctx.actor.id) return refuse('A step-up needs someone else: a supervisor standing at this seat');
        // Their own sign-in would be held to enrolling first: their password alone authorizes nothing either.
        if (deps.settings().requireTwoFactorForSupervisors && authorizer.totpSecret === null)
          return refuse(`${authorizer.displayName} must set up two-factor sign-in first: the console requires it of their role`);
        const requirement = permissions[inner];
        const needed = requirement === 'public' || !roleAtLeast(requirement, 'supervisor') ? 'supervisor' : requirement;
        if (!roleAtLeast(authorizer.role, needed))
          return refuse(`${whoMay(needed)}; ${authorizer.displayName} is ${ROLE_LABELS[authorizer.role]}`);
        const authorizedBy = { id: authorizer.id, displayName: authorizer.displayName };
        return {
          value: { actor: { ...ctx.actor, role: authorizer.role, authorizedBy }, method: inner as CommandName },
          target: inner,
          after: { method: inner, authorizedBy },
          afterCommit: () => verdict.afterCommit.forEach((effect) => effect()),
        };
      },
    }),
  };
}
