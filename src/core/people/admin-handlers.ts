import { WatchroomError, type EventMessage, type User } from '../../shared/contract';
import type { UserRow } from '../db';
import { preparedCommand, type CommandOutcome, type Handlers, type MethodsOf } from '../service';
import { changed, endSession, endSessionsOf, hashWith, newUserRow, type PeopleDeps } from './context';
import { newId, newSessionToken, toSession, toUser } from './model';
import { refuseCommonPassword } from './passwords';

export type AdminMethods = MethodsOf<'users' | 'sessions' | 'devices'>;

const LAST_ADMIN = 'This is the last active admin: make someone else an admin first';

export function createAdminHandlers(deps: PeopleDeps): Pick<Handlers, AdminMethods> {
  const repo = deps.repos.people;
  const now = () => deps.steady.now();
  const shown = (row: UserRow): User => toUser(row, repo, now());
  /** What the audit keeps of a user: never a hash or a secret. */
  const described = (row: UserRow) => ({
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    sites: row.sites ?? null,
    active: row.active,
    totpEnabled: row.totpSecret !== null,
  });

  function userOrRefuse(id: string): UserRow {
    const row = repo.getUser(id);
    if (!row) throw new WatchroomError('not_found', 'There is no such user');
    return row;
  }

  function raisedToAdmin(before: UserRow | null, after: UserRow): (() => void) | undefined {
    if (after.role !== 'admin' || before?.role === 'admin') return undefined;
    const summary = before
      ? `${after.displayName} (${after.username}) was raised from ${before.role} to admin`
      : `${after.displayName} (${after.username}) was created as an admin`;
    return () => deps.alerting.raise('security-role-raised', { key: after.id, name: after.displayName }, summary);
  }

  /** Writes a change to a user and reports it, before and after, with the sessions it ended. */
  function changeUser(
    id: string,
    change: (row: UserRow, at: number) => { values: Partial<UserRow>; events?: EventMessage[]; afterCommit?: () => void },
  ): CommandOutcome<User> {
    const before = userOrRefuse(id);
    const at = now();
    const { values, events, afterCommit } = change(before, at);
    repo.updateUser(id, { ...values, updatedAt: at });
    const after = userOrRefuse(id);
    return {
      value: shown(after),
      target: id,
      before: described(before),
      after: described(after),
      ...(events ? { events } : {}),
      ...(afterCommit ? { afterCommit } : {}),
    };
  }

  /** The last active admin stays: a console with no admin could never be administered again. */
  function refuseLosingLastAdmin(row: UserRow): void {
    if (row.role === 'admin' && row.active && repo.countActiveAdmins() <= 1) throw new WatchroomError('conflict', LAST_ADMIN);
  }

  return {
    'users.list': () => repo.listUsers().map(shown),
    'users.people': () =>
      repo
        .listUsers()
        .filter((row) => row.active)
        .map((row) => ({ id: row.id, displayName: row.displayName, role: row.role })),

    'users.create': preparedCommand({
      async prepare(input) {
        if (repo.getUserByUsername(input.username))
          throw new WatchroomError('conflict', 'This username is taken', [
            { path: 'username', message: 'Taken: usernames are never reused' },
          ]);
        refuseCommonPassword(input.password);
        return hashWith(deps, input.password);
      },
      run(input, _ctx, passwordHash) {
        if (repo.getUserByUsername(input.username))
          throw new WatchroomError('conflict', 'This username is taken', [
            { path: 'username', message: 'Taken: usernames are never reused' },
          ]);
        const row = newUserRow(input, passwordHash, now());
        repo.insertUser(row);
        const alert = raisedToAdmin(null, row);
        return { value: shown(row), target: row.id, after: described(row), ...(alert ? { afterCommit: alert } : {}) };
      },
    }),

    'users.update': (input) =>
      changeUser(input.id, (row) => {
        if (input.role !== undefined && input.role !== 'admin') refuseLosingLastAdmin(row);
        const values: Partial<UserRow> = {
          ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.sites !== undefined ? { sites: input.sites } : {}),
        };
        const alert = raisedToAdmin(row, { ...row, ...values });
        return { values, ...(alert ? { afterCommit: alert } : {}) };
      }),

    'users.deactivate': (input) =>
      changeUser(input.id, (row, at) => {
        refuseLosingLastAdmin(row);
        return { values: { active: false }, events: endSessionsOf(deps, row.id, 'deactivated', at) };
      }),

    'users.reactivate': (input) => changeUser(input.id, () => ({ values: { active: true } })),

    'users.resetPassword': preparedCommand({
      async prepare(input) {
        userOrRefuse(input.id);
        refuseCommonPassword(input.password);
        return hashWith(deps, input.password);
      },
      run(input, _ctx, passwordHash) {
        return changeUser(input.id, (row, at) => {
          repo.clearLock(row.username);
          repo.clearFailuresOfUsername(row.username);
          return { values: { passwordHash }, events: endSessionsOf(deps, row.id, 'password-reset', at) };
        });
      },
    }),

    'users.unlock': (input) =>
      changeUser(input.id, (row) => {
        repo.clearLock(row.username);
        repo.clearFailuresOfUsername(row.username);
        return { values: {} };
      }),

    'users.resetTotp': (input) =>
      changeUser(input.id, (row) => {
        repo.deleteRecoveryCodes(row.id);
        return { values: { totpSecret: null, totpPendingSecret: null, totpLastStep: null } };
      }),

    'sessions.list': () => repo.listOpenSessions().map((row) => toSession(row, repo.getUser(row.userId))),

    'sessions.end': (input) => {
      const row = repo.getSession(input.id);
      if (!row || row.endedAt !== null) throw new WatchroomError('not_found', 'This session has ended already');
      const event = endSession(deps, row, 'ended', now());
      return { value: { id: row.id }, target: row.id, before: toSession(row, repo.getUser(row.userId)), events: [event] };
    },

    // The display's token is the pairing code: shown once, only its hash kept. The admin who paired it answers for it.
    'devices.pair': (input, ctx) => {
      const owner = repo.getUser(ctx.actor.id);
      if (!owner) throw new WatchroomError('forbidden', 'Only an admin signed in as a person can pair a display');
      const at = now();
      const { token, tokenHash } = newSessionToken();
      const row = {
        id: newId(),
        tokenHash,
        userId: owner.id,
        kind: 'device' as const,
        seat: input.name,
        address: null,
        startedAt: at,
        lastActiveAt: at,
        expiresAt: null,
        locked: false,
        endedAt: null,
        endReason: null,
      };
      repo.insertSession(row);
      const session = toSession(row, owner);
      return { value: { session, pairingCode: token }, target: row.id, after: session, events: [changed(row.id, 'started')] };
    },
  };
}
