import { describe, expect, it } from 'vitest';
import {
  LIFECYCLE_EVENTS,
  MAX_ESCALATION_LEVEL,
  NO_OPEN_ALERT,
  SYSTEM_ACTOR,
  decideTransition,
  stateAfter,
  type LifecycleAlert,
  type LifecycleEvent,
  type LifecycleEventKind,
  type LifecycleState,
} from './lifecycle';

const STATES: LifecycleState[] = ['none', 'firing', 'acknowledged', 'resolved'];

const alertIn = (state: LifecycleState): LifecycleAlert =>
  state === 'none'
    ? NO_OPEN_ALERT
    : {
        state,
        ownerId: 'user-ana',
        ackBy: state === 'acknowledged' ? 'Ana' : null,
        ackAt: state === 'acknowledged' ? Date.UTC(2026, 10, 23, 14, 2) : null,
        escalationLevel: 1,
        resolvedBy: state === 'resolved' ? 'Ben' : null,
        resolvedAt: state === 'resolved' ? Date.UTC(2026, 10, 23, 14, 5) : null,
        resolution: state === 'resolved' ? 'Cable replaced' : null,
      };

/** Each event as an operator (Carl, who owns nothing) or the engine would send it. */
const eventOf = (kind: LifecycleEventKind): LifecycleEvent =>
  kind === 'claim' ? { kind, byId: 'user-carl' } : kind === 'escalate' ? { kind, toLevel: 2 } : { kind };

const NO_OPEN = 'There is no open alert for this';
const RESOLVED = 'Alert already resolved by Ben: Cable replaced';
const OPEN = 'This alert is already open: its condition repeats it instead';

/** The state after each event, or the sentence of its refusal. */
const EXPECTED: Record<LifecycleState, Record<LifecycleEventKind, string>> = {
  none: {
    fire: '→ firing',
    repeat: NO_OPEN,
    acknowledge: NO_OPEN,
    claim: NO_OPEN,
    escalate: NO_OPEN,
    'escalation-due': NO_OPEN,
    'ack-timeout': NO_OPEN,
    snooze: NO_OPEN,
    'snooze-end': NO_OPEN,
    silence: NO_OPEN,
    unsilence: NO_OPEN,
    resolve: NO_OPEN,
  },
  firing: {
    fire: OPEN,
    repeat: '→ firing',
    acknowledge: '→ acknowledged',
    claim: '→ firing',
    escalate: '→ firing',
    'escalation-due': '→ firing',
    'ack-timeout': 'Only an acknowledged alert can time out',
    snooze: '→ firing',
    'snooze-end': '→ firing',
    silence: '→ firing',
    unsilence: '→ firing',
    resolve: '→ resolved',
  },
  acknowledged: {
    fire: OPEN,
    repeat: '→ acknowledged',
    acknowledge: 'Alert already acknowledged by Ana',
    claim: '→ acknowledged',
    escalate: '→ acknowledged',
    'escalation-due': 'An acknowledged alert is not escalated: its acknowledgement times out instead',
    'ack-timeout': '→ firing',
    snooze: '→ acknowledged',
    'snooze-end': '→ acknowledged',
    silence: '→ acknowledged',
    unsilence: '→ acknowledged',
    resolve: '→ resolved',
  },
  resolved: {
    fire: RESOLVED,
    repeat: RESOLVED,
    acknowledge: RESOLVED,
    claim: RESOLVED,
    escalate: RESOLVED,
    'escalation-due': RESOLVED,
    'ack-timeout': RESOLVED,
    snooze: RESOLVED,
    'snooze-end': RESOLVED,
    silence: RESOLVED,
    unsilence: RESOLVED,
    resolve: RESOLVED,
  },
};

describe('the alert lifecycle table', () => {
  for (const state of STATES) {
    for (const kind of LIFECYCLE_EVENTS) {
      it(`${state} × ${kind}: ${EXPECTED[state][kind]}`, () => {
        const decision = decideTransition(alertIn(state), eventOf(kind));
        expect(decision.allowed ? `→ ${decision.state}` : decision.message).toBe(EXPECTED[state][kind]);
      });
    }
  }

  it('refuses an action on a missing alert as not found, and on a resolved one as a conflict', () => {
    expect(decideTransition(NO_OPEN_ALERT, { kind: 'acknowledge' })).toMatchObject({ allowed: false, refusal: 'not_found' });
    expect(decideTransition(alertIn('resolved'), { kind: 'acknowledge' })).toMatchObject({ allowed: false, refusal: 'conflict' });
  });

  it('says who resolved it and why only when it knows', () => {
    const unknown = { ...alertIn('resolved'), resolvedBy: null, resolution: null };
    expect(decideTransition(unknown, { kind: 'snooze' })).toMatchObject({ message: 'Alert already resolved:' });
  });

  it('says when, given how to show a time, and calls a resolution by the engine automatic', () => {
    const at = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    expect(decideTransition(alertIn('acknowledged'), { kind: 'acknowledge' }, at)).toMatchObject({
      message: 'Alert already acknowledged by Ana at 14:02',
    });
    expect(decideTransition(alertIn('resolved'), { kind: 'resolve' }, at)).toMatchObject({
      message: 'Alert already resolved by Ben at 14:05: Cable replaced',
    });
    const cleared = { ...alertIn('resolved'), resolvedBy: SYSTEM_ACTOR, resolution: 'Condition cleared' };
    expect(decideTransition(cleared, { kind: 'claim', byId: 'user-carl' }, at)).toMatchObject({
      message: 'Alert already resolved automatically at 14:05: Condition cleared',
    });
  });

  it('refuses claiming an alert one already owns, in every open state', () => {
    for (const state of ['firing', 'acknowledged'] as const) {
      expect(decideTransition(alertIn(state), { kind: 'claim', byId: 'user-ana' })).toEqual({
        allowed: false,
        refusal: 'conflict',
        message: 'You already own this alert',
      });
      expect(decideTransition({ ...alertIn(state), ownerId: 'user-ben' }, { kind: 'claim', byId: 'user-ana' })).toMatchObject({
        allowed: true,
        state,
      });
    }
  });

  it('escalates by hand up to the highest level and no further', () => {
    const atTop = { ...alertIn('firing'), escalationLevel: MAX_ESCALATION_LEVEL };
    expect(decideTransition(alertIn('firing'), { kind: 'escalate', toLevel: MAX_ESCALATION_LEVEL })).toMatchObject({ allowed: true });
    expect(decideTransition(atTop, { kind: 'escalate', toLevel: MAX_ESCALATION_LEVEL + 1 })).toEqual({
      allowed: false,
      refusal: 'conflict',
      message: 'This alert is already at the highest escalation level (5)',
    });
  });

  it('says "someone" for an acknowledgement whose author is unknown', () => {
    expect(decideTransition({ ...alertIn('acknowledged'), ackBy: null }, { kind: 'acknowledge' })).toMatchObject({
      message: 'Alert already acknowledged by someone',
    });
  });

  it('gives the engine the state after its own events, and throws on one the table refuses (an engine bug)', () => {
    expect(stateAfter(NO_OPEN_ALERT, { kind: 'fire' })).toBe('firing');
    expect(stateAfter(alertIn('acknowledged'), { kind: 'ack-timeout' })).toBe('firing');
    expect(() => stateAfter(alertIn('firing'), { kind: 'ack-timeout' })).toThrow(/ack-timeout refused from firing/);
  });
});
