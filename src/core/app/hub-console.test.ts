import { describe, expect, it } from 'vitest';
import { methodNames, methods } from '../../shared/contract';
import { routeOf } from './hub-console';

describe('where a console connected to a hub answers each method', () => {
  it('never runs a command on the replica: it holds only what the hub wrote', () => {
    const commandsOnReplica = methodNames.filter((method) => methods[method].kind === 'command' && routeOf(method) === 'local');
    expect(commandsOnReplica).toEqual([]);
  });

  it('sends commands to the hub once per id, and sign-in as calls (the hub answers a session token)', () => {
    expect(routeOf('alerts.acknowledge')).toBe('hub-command');
    expect(routeOf('incidents.addNote')).toBe('hub-command');
    expect(routeOf('auth.stepUp')).toBe('hub-command');
    for (const method of ['auth.setup', 'auth.signIn', 'auth.signOut', 'auth.lock', 'auth.changePassword'])
      expect(routeOf(method)).toBe('hub-call');
  });

  it('reads from the replica, except what only the hub knows or audits', () => {
    for (const method of ['board.snapshot', 'alerts.snapshot', 'incidents.get', 'monitors.series', 'users.list', 'app.whoami'])
      expect(routeOf(method)).toBe('local');
    for (const method of [
      'auth.state',
      'sessions.list',
      'audit.list',
      'audit.verify',
      'security.summary',
      'channels.test',
      'reports.availability',
      'reports.operationsReview',
      'watcher.status',
      'oncall.onShift',
    ])
      expect(routeOf(method)).toBe('hub-call');
    // A folder of backups is opened where it is verified and restored from: on the hub.
    expect(routeOf('backups.openFolder')).toBe('hub-call');
    expect(routeOf('backups.restoreFile')).toBe('hub-command');
    expect(routeOf('backups.runs')).toBe('local');
  });

  it("keeps the backend choice, the console's display settings and its outbox on the workstation", () => {
    for (const method of ['backend.state', 'backend.inspectHub', 'backend.useHub', 'backend.useEmbedded', 'settings.get', 'settings.set'])
      expect(routeOf(method)).toBe('workstation');
    // The outbox is this console's own: listed and dropped (audited) here; a redo is a new command, to the hub or back into the outbox.
    expect(routeOf('outbox.list')).toBe('workstation');
    expect(routeOf('outbox.drop')).toBe('workstation');
    expect(routeOf('outbox.redo')).toBe('outbox-redo');
    // An unknown name is answered by the local dispatcher's "no such method".
    expect(routeOf('no.such')).toBe('local');
  });
});
