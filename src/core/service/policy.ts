import type { MethodKind, MethodName } from '../../shared/contract';

export type Role = 'operator' | 'supervisor' | 'admin';

/** Who is calling. Real users and sign-in come later; until then every caller is a known local actor. */
export interface Actor {
  id: string;
  displayName: string;
  roles: readonly Role[];
}

export const LOCAL_OPERATOR: Actor = {
  id: 'local-operator',
  displayName: 'Local operator',
  roles: ['operator', 'supervisor', 'admin'],
};

export type Decision = { allowed: true } | { allowed: false; reason: string };

/**
 * The one place that says who may call what. Queries need any role; commands need an operator
 * role or above. Later issues narrow this per method (for example, rule changes for supervisors).
 */
export function authorize(actor: Actor, method: MethodName, kind: MethodKind): Decision {
  if (actor.roles.length === 0) return { allowed: false, reason: `${actor.displayName} has no role in this console` };
  if (kind === 'query') return { allowed: true };
  if (actor.roles.some((role) => role === 'operator' || role === 'supervisor' || role === 'admin')) return { allowed: true };
  return { allowed: false, reason: `${actor.displayName} may not run ${method}` };
}
