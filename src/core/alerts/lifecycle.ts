/**
 * The alert lifecycle as one decision table: which event may happen to an alert in which state, and
 * the state it leaves the alert in. Pure (no I/O, no clock): the engine and the command handlers
 * both ask it, and every refusal carries the sentence the operator reads.
 */
import type { AlertState } from '../../shared/contract';

/** The actor of every transition the engine makes by itself. */
export const SYSTEM_ACTOR = 'system';

/** A hand escalation never goes past this level. */
export const MAX_ESCALATION_LEVEL = 5;

/** Where an alert stands; 'none' is a fingerprint with no open alert (it never fired, or its last alert resolved). */
export type LifecycleState = 'none' | AlertState;

export const LIFECYCLE_EVENTS = [
  /** The condition held long enough (or its producer reported it): a new alert. */
  'fire',
  /** The condition came back, or was reported again, while the alert is open. */
  'repeat',
  'acknowledge',
  'claim',
  /** By hand, one level up. */
  'escalate',
  /** Not acknowledged in time: the engine raises the level. */
  'escalation-due',
  /** Acknowledged but not resolved in time: the alert fires again. */
  'ack-timeout',
  'snooze',
  'snooze-end',
  'silence',
  'unsilence',
  'resolve',
] as const;
export type LifecycleEventKind = (typeof LIFECYCLE_EVENTS)[number];

export type LifecycleEvent =
  | { kind: Exclude<LifecycleEventKind, 'claim' | 'escalate'> }
  /** `byId`: the claiming person's user id; two people may share a display name. */
  | { kind: 'claim'; byId: string }
  | { kind: 'escalate'; toLevel: number };

/** What the table reads of an alert. */
export interface LifecycleAlert {
  state: LifecycleState;
  ownerId: string | null;
  ackBy: string | null;
  ackAt: number | null;
  escalationLevel: number;
  resolvedBy: string | null;
  resolvedAt: number | null;
  resolution: string | null;
}

/** How a refusal says when something happened; without one it says only who. */
export type RefusalTime = (ms: number) => string;

export type LifecycleDecision =
  { allowed: true; state: AlertState } | { allowed: false; refusal: 'conflict' | 'not_found'; message: string };

type Refuse = (alert: LifecycleAlert, at: RefusalTime | null) => { refusal: 'conflict' | 'not_found'; message: string };
/** 'same' keeps the state the alert is in. */
type Step = AlertState | 'same' | Refuse;

const noOpenAlert: Refuse = () => ({ refusal: 'not_found', message: 'There is no open alert for this' });
const alreadyOpen: Refuse = () => ({ refusal: 'conflict', message: 'This alert is already open: its condition repeats it instead' });
const when = (ms: number | null, at: RefusalTime | null) => (ms === null || at === null ? '' : ` at ${at(ms)}`);
const alreadyResolved: Refuse = (alert, at) => {
  const by = alert.resolvedBy === null ? '' : alert.resolvedBy === SYSTEM_ACTOR ? ' automatically' : ` by ${alert.resolvedBy}`;
  return {
    refusal: 'conflict',
    message: `Alert already resolved${by}${when(alert.resolvedAt, at)}: ${alert.resolution ?? ''}`.trim(),
  };
};

const OPEN_EVENTS = {
  fire: alreadyOpen,
  repeat: 'same',
  claim: 'same',
  escalate: 'same',
  snooze: 'same',
  'snooze-end': 'same',
  silence: 'same',
  unsilence: 'same',
  resolve: 'resolved',
} as const satisfies Partial<Record<LifecycleEventKind, Step>>;

const TABLE: Record<LifecycleState, Record<LifecycleEventKind, Step>> = {
  none: {
    fire: 'firing',
    repeat: noOpenAlert,
    acknowledge: noOpenAlert,
    claim: noOpenAlert,
    escalate: noOpenAlert,
    'escalation-due': noOpenAlert,
    'ack-timeout': noOpenAlert,
    snooze: noOpenAlert,
    'snooze-end': noOpenAlert,
    silence: noOpenAlert,
    unsilence: noOpenAlert,
    resolve: noOpenAlert,
  },
  firing: {
    ...OPEN_EVENTS,
    acknowledge: 'acknowledged',
    'escalation-due': 'same',
    'ack-timeout': () => ({ refusal: 'conflict', message: 'Only an acknowledged alert can time out' }),
  },
  acknowledged: {
    ...OPEN_EVENTS,
    acknowledge: (alert, at) => ({
      refusal: 'conflict',
      message: `Alert already acknowledged by ${alert.ackBy ?? 'someone'}${when(alert.ackAt, at)}`,
    }),
    // Its clock is the acknowledgement timeout: it fires again rather than escalating.
    'escalation-due': () => ({
      refusal: 'conflict',
      message: 'An acknowledged alert is not escalated: its acknowledgement times out instead',
    }),
    'ack-timeout': 'firing',
  },
  resolved: {
    fire: alreadyResolved,
    repeat: alreadyResolved,
    acknowledge: alreadyResolved,
    claim: alreadyResolved,
    escalate: alreadyResolved,
    'escalation-due': alreadyResolved,
    'ack-timeout': alreadyResolved,
    snooze: alreadyResolved,
    'snooze-end': alreadyResolved,
    silence: alreadyResolved,
    unsilence: alreadyResolved,
    resolve: alreadyResolved,
  },
};

/**
 * May this event happen to this alert, and in which state does it leave it. `at` lets a refusal say
 * when what it found happened ("acknowledged by Anna Berg at 14:02").
 */
export function decideTransition(alert: LifecycleAlert, event: LifecycleEvent, at: RefusalTime | null = null): LifecycleDecision {
  const step = TABLE[alert.state][event.kind];
  if (typeof step === 'function') return { allowed: false, ...step(alert, at) };
  // Refusals that depend on more than the state, once the state allows the event.
  if (event.kind === 'claim' && alert.ownerId === event.byId)
    return { allowed: false, refusal: 'conflict', message: 'You already own this alert' };
  if (event.kind === 'escalate' && event.toLevel > MAX_ESCALATION_LEVEL)
    return {
      allowed: false,
      refusal: 'conflict',
      message: `This alert is already at the highest escalation level (${MAX_ESCALATION_LEVEL})`,
    };
  // 'same' only appears for open states, so the state here is an alert state.
  return { allowed: true, state: step === 'same' ? (alert.state as AlertState) : step };
}

/**
 * The state after an event the engine decided on by itself (it checked the state first): a
 * refusal here is a bug in the engine, not something an operator did.
 */
export function stateAfter(alert: LifecycleAlert, event: LifecycleEvent): AlertState {
  const decision = decideTransition(alert, event);
  if (!decision.allowed) throw new Error(`alert lifecycle: ${event.kind} refused from ${alert.state}: ${decision.message}`);
  return decision.state;
}

/** A fingerprint with no open alert. */
export const NO_OPEN_ALERT: LifecycleAlert = {
  state: 'none',
  ownerId: null,
  ackBy: null,
  ackAt: null,
  escalationLevel: 0,
  resolvedBy: null,
  resolvedAt: null,
  resolution: null,
};

/** What the table reads of a stored alert row. */
export function lifecycleOf(row: Omit<LifecycleAlert, 'state'> & { state: AlertState }): LifecycleAlert {
  return {
    state: row.state,
    ownerId: row.ownerId,
    ackBy: row.ackBy,
    ackAt: row.ackAt,
    escalationLevel: row.escalationLevel,
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt,
    resolution: row.resolution,
  };
}
