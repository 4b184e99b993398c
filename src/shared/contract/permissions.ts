import type { MethodName } from './methods';
import { ROLE_LABELS, roleAtLeast, type Role } from './people';

/**
 * Who may call a method: `public` needs no one signed in (signing in itself, what the sign-in
 * screen reads); a role is the lowest that may call it, and every role above it may too.
 */
export type Requirement = 'public' | Role;

/**
 * The one permission table: core's dispatcher enforces it on every transport, and the renderer
 * reads it to disable what the signed-in person cannot do and say who can. A method missing
 * here does not compile.
 */
export const permissions = {
  'app.info': 'public',
  'app.health': 'viewer',
  'app.healthHistory': 'viewer',
  'app.whoami': 'viewer',
  'settings.get': 'viewer',
  'settings.set': 'admin',
  'audit.list': 'operator',
  'audit.verify': 'supervisor',

  'sites.list': 'viewer',
  'sites.create': 'admin',
  'sites.update': 'admin',
  'sites.delete': 'admin',
  'sites.setMaintenance': 'supervisor',
  'board.snapshot': 'viewer',
  'monitors.get': 'viewer',
  'monitors.series': 'viewer',
  'monitors.create': 'admin',
  'monitors.update': 'admin',
  'monitors.delete': 'admin',
  'monitors.pause': 'supervisor',
  'monitors.resume': 'supervisor',
  'monitors.setMaintenance': 'supervisor',
  'monitors.setManualState': 'operator',
  'config.export': 'admin',
  'config.import': 'admin',

  'alerts.snapshot': 'viewer',
  'alerts.get': 'viewer',
  'alerts.acknowledge': 'operator',
  'alerts.claim': 'operator',
  'alerts.escalate': 'operator',
  'alerts.snooze': 'operator',
  'alerts.resolve': 'operator',
  'rules.list': 'viewer',
  'rules.create': 'supervisor',
  'rules.update': 'supervisor',
  'rules.delete': 'supervisor',
  'escalation.list': 'viewer',
  'escalation.set': 'supervisor',
  'silences.list': 'viewer',
  'silences.preview': 'supervisor',
  'silences.create': 'supervisor',
  'silences.update': 'supervisor',
  'silences.delete': 'supervisor',
  'channels.list': 'supervisor',
  'channels.create': 'admin',
  'channels.update': 'admin',
  'channels.delete': 'admin',
  'channels.test': 'admin',

  'incidents.list': 'viewer',
  'incidents.get': 'viewer',
  'incidents.report': 'operator',
  'incidents.create': 'operator',
  'incidents.linkAlerts': 'operator',
  'incidents.setState': 'operator',
  'incidents.setPriority': 'operator',
  'incidents.claim': 'operator',
  'incidents.requestTakeover': 'operator',
  'incidents.answerTakeover': 'operator',
  'incidents.overrideTakeover': 'supervisor',
  'incidents.handOver': 'operator',
  'incidents.checkStep': 'operator',
  'incidents.skipStep': 'operator',
  'incidents.reopenStep': 'operator',
  'incidents.addNote': 'operator',
  'incidents.postUpdate': 'operator',
  'incidents.resolve': 'operator',
  'incidents.setReview': 'operator',

  'sops.list': 'viewer',
  'sops.get': 'viewer',
  'sops.save': 'supervisor',
  'sops.import': 'supervisor',

  'backups.overview': 'operator',
  'backups.list': 'operator',
  'backups.files': 'supervisor',
  'backups.retentionPreview': 'admin',
  'backups.createJob': 'admin',
  'backups.updateJob': 'admin',
  'backups.deleteJob': 'admin',
  'backups.runNow': 'supervisor',
  'backups.cancel': 'supervisor',
  'backups.verify': 'supervisor',
  'backups.applyRetention': 'admin',
  // Restoring files is a supervisor's; restoring the console's database is an admin's (core checks the target).
  'backups.restore': 'supervisor',

  // Signing in, and what the sign-in and lock screens read, need nobody signed in; signing out
  // and locking are harmless from any seat (a locked seat may be signed out by whoever stands at it).
  'auth.state': 'public',
  'auth.setup': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.lock': 'public',
  'auth.activity': 'viewer',
  'auth.changePassword': 'viewer',
  'auth.totpBegin': 'viewer',
  'auth.totpConfirm': 'viewer',
  // The step-up's own credentials decide: the inner method's requirement is checked against the authorizer's role.
  'auth.stepUp': 'viewer',
  'users.list': 'admin',
  'users.people': 'viewer',
  'users.create': 'admin',
  'users.update': 'admin',
  'users.deactivate': 'admin',
  'users.reactivate': 'admin',
  'users.resetPassword': 'admin',
  'users.unlock': 'admin',
  'users.resetTotp': 'admin',
  'seats.list': 'admin',
  'seats.register': 'admin',
  'seats.revoke': 'admin',
  // A console's own outbox: anyone may see what waits; whoever may act may redo or drop what the hub refused.
  'outbox.list': 'viewer',
  'outbox.redo': 'operator',
  'outbox.drop': 'operator',
  'presence.list': 'viewer',
  'presence.view': 'viewer',
  'sessions.list': 'admin',
  'sessions.end': 'admin',
  'devices.pair': 'admin',
  // Every seat shows its backend in the status bar, the sign-in screen's included; choosing one is an admin's.
  'backend.state': 'public',
  'backend.inspectHub': 'admin',
  'backend.useHub': 'admin',
  'backend.useEmbedded': 'admin',
  // The audit log's security events: a supervisor watches the console's own security.
  'security.summary': 'supervisor',
  // Recovery on a replacement workstation (issue 16): opening, verifying and restoring a folder's backups with their passphrase is an admin's.
  'backups.openFolder': 'admin',
  'backups.verifyFile': 'admin',
  'backups.restoreFile': 'admin',
  'backups.runs': 'operator',
  'backups.rotateKey': 'admin',
  // Issue 15, retention: a supervisor reads what is kept and what goes; an admin edits the policies (settings.set).
  'retention.overview': 'supervisor',
  // Shift handover (issue 15): operators hand over and accept; a supervisor sets the shifts.
  'handovers.current': 'viewer',
  'handovers.list': 'viewer',
  'handovers.get': 'viewer',
  'handovers.start': 'operator',
  'handovers.setNotes': 'operator',
  'handovers.handOver': 'operator',
  'handovers.accept': 'operator',
  'handovers.ask': 'operator',
  'handovers.answer': 'operator',
  'handovers.setShifts': 'supervisor',
  // Reports (issue 15): the numbers a supervisor answers for.
  'reports.availability': 'supervisor',
  'reports.operationsReview': 'supervisor',
  // Issue 15: exporting the audit log and checking an export are a supervisor's (as verifying the chain is); anyone signed in may search past alerts.
  'audit.export': 'supervisor',
  'audit.checkExport': 'supervisor',
  'alerts.history': 'viewer',
  // Routing (issue 16): everyone sees who is on call (the header shows it); a supervisor decides routes, levels, rotations and contacts.
  'routing.get': 'viewer',
  'routing.set': 'supervisor',
  'routing.levels': 'viewer',
  'routing.setLevels': 'supervisor',
  'oncall.schedules': 'viewer',
  'oncall.save': 'supervisor',
  'oncall.delete': 'supervisor',
  'oncall.now': 'viewer',
  'oncall.contacts': 'supervisor',
  'oncall.setContact': 'supervisor',

  // Issue 16, watch the watcher: everyone sees whether the outside world hears from the console; the address and its key are an admin's.
  'watcher.status': 'viewer',
  'watcher.settings': 'admin',
  'watcher.configure': 'admin',

  // Issue 15, retired monitors: anyone signed in sees the list (the Sites page); restoring is a supervisor's, purging history an admin's.
  'monitors.retired': 'viewer',
  'monitors.restore': 'supervisor',
  'monitors.purge': 'admin',
  // Issue 16, the operator on shift: everyone sees who holds the shift (the header shows it).
  'oncall.onShift': 'viewer',
} as const satisfies Record<MethodName, Requirement>;

/**
 * What a supervisor or admin without an authenticator app may call while the console requires one
 * (besides the public methods: signing out, the seat's state): set it up, and what the enrolment screen reads.
 */
export const ENROLMENT_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'auth.totpBegin',
  'auth.totpConfirm',
  'auth.activity',
  'app.whoami',
  'settings.get',
]);
export const TWO_FACTOR_FIRST = 'Set up two-factor sign-in first: your role requires it';

/**
 * Rights a method's role does not settle alone: core checks them in the handler, where it knows
 * the target (which backup target, which step, which site), and the renderer reads them to
 * disable the control that would ask.
 */
export const namedPermissions = {
  /** backups.restore onto the console's own database (a file restore is a supervisor's). */
  'backups.restoreDatabase': 'admin',
  /** Checking, skipping or reopening an SOP step whose role is supervisor. */
  'incidents.supervisorStep': 'supervisor',
  /** Resolving an incident whose required steps are still open (with an override reason). */
  'incidents.resolveOverride': 'supervisor',
  /** A command on an alert, incident or monitor of a site outside the person's own sites. */
  'sites.otherSites': 'supervisor',
} as const satisfies Record<string, Role>;
export type NamedPermission = keyof typeof namedPermissions;

/** Core's refusal of every command from a locked seat, and the tooltip of every control that would send one. */
export const SEAT_LOCKED_REFUSAL = 'This seat is locked: sign in to act';

/** The sentence a disabled control's tooltip and a refusal say. */
export function whoMay(requirement: Requirement, doing = 'do this'): string {
  return requirement === 'public'
    ? `Anyone may ${doing}`
    : requirement === 'viewer'
      ? `Anyone signed in may ${doing}`
      : `Only ${ROLE_LABELS[requirement]} or above may ${doing}`;
}

/**
 * Null when a person of this role meets the requirement; otherwise the refusal core answers and
 * the tooltip the renderer shows: "Only a supervisor or above may do this; Ann Example is an operator".
 */
export function refusalFor(person: { role: Role; displayName: string }, requirement: Requirement, doing?: string): string | null {
  if (requirement === 'public' || roleAtLeast(person.role, requirement)) return null;
  return `${whoMay(requirement, doing)}; ${person.displayName} is ${ROLE_LABELS[person.role]}`;
}

/** The named right an SOP step's role asks for: a step for a supervisor is a supervisor's; any other role asks for nothing more. */
export function stepPermission(role: string | null): NamedPermission | null {
  return role?.trim().toLowerCase() === 'supervisor' ? 'incidents.supervisorStep' : null;
}
