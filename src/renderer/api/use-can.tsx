import { useId, useMemo, type ReactNode } from 'react';
import {
  methods,
  namedPermissions,
  permissions,
  refusalFor,
  SEAT_LOCKED_REFUSAL,
  type MethodName,
  type NamedPermission,
  type WhoAmI,
} from '../../shared/contract';
import { useWhoAmI } from './queries';
import { useSeat } from './seat-queries';

export interface CanOptions {
  /** The site of the alert, incident or monitor the command is for: another site than the person's own needs a supervisor. */
  siteId?: string | null;
  /** A right the method's role does not settle (a supervisor's step, the database as restore target). */
  permission?: NamedPermission;
  /** What the permission lets one do, for the sentence: 'do "Call the police"'. */
  doing?: string;
}

/** The person at this seat as permissions see them: who core says they are, and whether the seat is locked. */
export type ActingPerson = WhoAmI & { seatLocked?: boolean };

/** Who acts at this seat now; null until core has said. A locked seat keeps its person (it still reads) but sends no command. */
export function useActingPerson(): ActingPerson | null {
  const who = useWhoAmI();
  const seatLocked = useSeat().data?.state === 'locked';
  return useMemo(() => (who === null ? null : { ...who, seatLocked }), [who, seatLocked]);
}

/**
 * Why this person may not call the method (with these options), in the words core would refuse
 * it with; null when they may. Core checks every call again: this only spares a person a button
 * that cannot work.
 */
export function refusalOf(who: ActingPerson | null, method: MethodName, options: CanOptions = {}): string | null {
  // Until core has said who this is, nothing is disabled: core refuses what is not allowed anyway.
  if (who === null) return null;
  if (who.seatLocked === true && methods[method].kind === 'command' && permissions[method] !== 'public') return SEAT_LOCKED_REFUSAL;
  const byRole = refusalFor(who, permissions[method]);
  if (byRole !== null) return byRole;
  if (options.permission !== undefined) {
    const byPermission = refusalFor(who, namedPermissions[options.permission], options.doing);
    if (byPermission !== null) return byPermission;
  }
  const { siteId = null } = options;
  if (siteId !== null && who.sites !== null && !who.sites.includes(siteId))
    return refusalFor(who, namedPermissions['sites.otherSites'], 'act on sites outside their own');
  return null;
}

/**
 * Whether a supervisor (or an admin) standing at this seat could authorize the command for this
 * person (step-up): only when the role alone stands in the way. Viewers never act, even authorized.
 */
export function stepUpCouldAllow(who: WhoAmI | null, method: MethodName, options: CanOptions = {}): boolean {
  if (who === null || who.role === 'viewer' || method.startsWith('auth.')) return false;
  if (refusalOf(who, method, options) === null) return false;
  // A step-up runs the command with the authorizer's role; an admin is the most any authorizer brings.
  return refusalOf({ ...who, role: 'admin' }, method, options) === null;
}

export interface Can {
  allowed: boolean;
  /** Not allowed, but a supervisor at the seat may authorize it: offer "Ask a supervisor". */
  stepUp: boolean;
  /** Who may, when this person may not: the control's tooltip. Null when allowed. */
  reason: string | null;
  /** Spread on the control that would send the command: disabled, with the reason as its tooltip and its description. */
  control: { disabled?: true; title?: string; 'aria-describedby'?: string };
  /** Render beside the control: the reason for screen readers, which the description points at. */
  note: ReactNode;
}

/** Whether the signed-in person may call a method (on a site, with a named right), and how a control says so when not. */
export function useCan(method: MethodName, options: CanOptions = {}): Can {
  const who = useActingPerson();
  const noteId = useId();
  const reason = refusalOf(who, method, options);
  if (reason === null) return { allowed: true, stepUp: false, reason: null, control: {}, note: null };
  return {
    allowed: false,
    stepUp: stepUpCouldAllow(who, method, options),
    reason,
    control: { disabled: true, title: reason, 'aria-describedby': noteId },
    note: (
      <span id={noteId} className="visually-hidden">
        {reason}
      </span>
    ),
  };
}
