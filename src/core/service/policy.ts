import {
  ENROLMENT_METHODS,
  TWO_FACTOR_FIRST,
  namedPermissions,
  permissions,
  refusalFor,
  SEAT_LOCKED_REFUSAL,
  WatchroomError,
  type MethodKind,
  type MethodName,
  type NamedPermission,
  type Requirement,
  type Role,
} from '../../shared/contract';

export type { Role } from '../../shared/contract';

/** Who is calling: a person (or a paired device, or core itself) at a seat. */
export interface Actor {
  /** A user id, or a fixed id for core's own actors (the demo seeder, the local operator). */
  id: string;
  displayName: string;
  role: Role;
  /** The workstation name, the paired device's name, or the browser's address. */
  seat: string;
  /** The sites this person works on; null means every site. */
  sites: readonly string[] | null;
  /** The signed-in session the call came through; null for core's own actors. */
  sessionId: string | null;
  /** A supervisor who authorized this one call at the seat (step-up); audited with both names. */
  authorizedBy: { id: string; displayName: string } | null;
  /**
   * Where the call stands: core's own actors act without a session; a seat nobody signed in to
   * may only sign in; a locked seat still reads (the board and queue stay) but changes nothing; a
   * supervisor or admin who must set up two-factor sign-in first (the setting requires it) may only do that.
   */
  access: 'core' | 'signed-out' | 'signed-in' | 'locked' | 'enrolling';
}

export const LOCAL_OPERATOR: Actor = {
  id: 'local-operator',
  displayName: 'Local operator',
  role: 'admin',
  seat: 'this workstation',
  sites: null,
  sessionId: null,
  authorizedBy: null,
  access: 'core',
};

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * The permission table, applied to one call. Core's own actors act on core's behalf; a locked
 * seat keeps reading (the board and the queue stay on screen) and changes nothing.
 */
export function authorize(actor: Actor, method: MethodName, kind: MethodKind): Decision {
  const requirement = permissions[method];
  if (actor.access === 'core' || requirement === 'public') return { allowed: true };
  if (actor.access === 'signed-out') return { allowed: false, reason: 'Sign in first' };
  if (actor.access === 'locked' && kind === 'command') return { allowed: false, reason: SEAT_LOCKED_REFUSAL };
  if (actor.access === 'enrolling' && !ENROLMENT_METHODS.has(method)) return { allowed: false, reason: TWO_FACTOR_FIRST };
  return decide(actor, requirement);
}

function decide(actor: Actor, requirement: Requirement, doing?: string): Decision {
  const refusal = actor.access === 'core' ? null : refusalFor(actor, requirement, doing);
  return refusal === null ? { allowed: true } : { allowed: false, reason: refusal };
}

/**
 * A right the method's role does not settle (which target, which step, which site), checked by
 * the handler once it knows the target. Throws `forbidden`: the command rolls back and the
 * dispatcher audits the refusal.
 */
export function requirePermission(actor: Actor, permission: NamedPermission, doing?: string): void {
  const decision = decide(actor, namedPermissions[permission], doing);
  if (!decision.allowed) throw new WatchroomError('forbidden', decision.reason);
}

/** True when the site is one of the actor's own (or the actor has every site, or the target has no site). */
function worksOnSite(actor: Actor, siteId: string | null): boolean {
  return actor.sites === null || siteId === null || actor.sites.includes(siteId);
}

/** A command on another site's alert, incident or monitor needs a supervisor; the target's own site is enough for anyone. */
export function requireSiteAccess(actor: Actor, siteId: string | null): void {
  if (worksOnSite(actor, siteId)) return;
  requirePermission(actor, 'sites.otherSites', 'act on sites outside their own');
}
