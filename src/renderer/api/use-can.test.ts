import { describe, expect, it } from 'vitest';
import { LOCAL_WHOAMI, personWhoAmI } from '../testing/fake-transport';
import { refusalOf, stepUpCouldAllow } from './use-can';

describe('what the renderer says a person may not do', () => {
  it('refuses by role with core’s sentence, and nothing before core has said who this is', () => {
    expect(refusalOf(null, 'settings.set')).toBeNull();
    expect(refusalOf(LOCAL_WHOAMI, 'backups.restore', { permission: 'backups.restoreDatabase' })).toBeNull();
    expect(refusalOf(personWhoAmI('operator'), 'silences.create')).toBe(
      'Only a supervisor or above may do this; Ann Example is an operator',
    );
    expect(refusalOf(personWhoAmI('viewer'), 'app.info')).toBeNull();
  });

  it('adds a named right after the role, with what it lets one do', () => {
    const supervisor = personWhoAmI('supervisor');
    expect(refusalOf(supervisor, 'backups.restore')).toBeNull();
    expect(
      refusalOf(supervisor, 'backups.restore', { permission: 'backups.restoreDatabase', doing: 'restore the console’s database' }),
    ).toBe('Only an admin or above may restore the console’s database; Ann Example is a supervisor');
    // The role's refusal comes first: a viewer is told an operator may, not a supervisor.
    expect(refusalOf(personWhoAmI('viewer'), 'incidents.checkStep', { permission: 'incidents.supervisorStep' })).toBe(
      'Only an operator or above may do this; Ann Example is a viewer',
    );
  });

  it('refuses every command at a locked seat with core’s sentence, while reads and signing in stay open', () => {
    const locked = { ...personWhoAmI('admin'), seatLocked: true };
    expect(refusalOf(locked, 'alerts.acknowledge')).toBe('This seat is locked: sign in to act');
    expect(refusalOf(locked, 'settings.set')).toBe('This seat is locked: sign in to act');
    expect(refusalOf(locked, 'alerts.snapshot')).toBeNull();
    expect(refusalOf(locked, 'auth.signIn')).toBeNull();
  });

  it('needs a supervisor for another site than the person’s own; a target without a site and a person of every site pass', () => {
    const limited = personWhoAmI('operator', ['north']);
    expect(refusalOf(limited, 'alerts.acknowledge', { siteId: 'north' })).toBeNull();
    expect(refusalOf(limited, 'alerts.acknowledge', { siteId: null })).toBeNull();
    expect(refusalOf(limited, 'alerts.acknowledge', { siteId: 'south' })).toBe(
      'Only a supervisor or above may act on sites outside their own; Ann Example is an operator',
    );
    expect(refusalOf(personWhoAmI('operator'), 'alerts.acknowledge', { siteId: 'south' })).toBeNull();
    expect(refusalOf(personWhoAmI('supervisor', ['north']), 'alerts.acknowledge', { siteId: 'south' })).toBeNull();
  });

  it('offers a step-up only where a supervisor or admin at the seat could allow it, never to a viewer or for signing in', () => {
    const operator = personWhoAmI('operator');
    expect(stepUpCouldAllow(operator, 'silences.create')).toBe(true);
    expect(stepUpCouldAllow(operator, 'incidents.checkStep', { permission: 'incidents.supervisorStep' })).toBe(true);
    expect(stepUpCouldAllow(personWhoAmI('operator', ['north']), 'alerts.acknowledge', { siteId: 'south' })).toBe(true);
    expect(stepUpCouldAllow(personWhoAmI('supervisor'), 'backups.restore', { permission: 'backups.restoreDatabase' })).toBe(true);
    // Allowed already: nothing to ask for.
    expect(stepUpCouldAllow(operator, 'alerts.acknowledge')).toBe(false);
    expect(stepUpCouldAllow(personWhoAmI('viewer'), 'alerts.acknowledge')).toBe(false);
    expect(stepUpCouldAllow(null, 'silences.create')).toBe(false);
    expect(stepUpCouldAllow(personWhoAmI('viewer'), 'users.create')).toBe(false);
  });
});
