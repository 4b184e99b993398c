import type { Severity } from '../../shared/contract';
import type { AlertRow } from '../db';
import type { AlertConfig, LoadedSilence } from './config-cache';
import { SYSTEM_ACTOR, lifecycleOf, stateAfter } from './lifecycle';
import type { AlertNotifications } from './notifications';
import type { AlertRouting } from './routing';
import type { Silencing } from './silencing';
import type { WritePass } from './write-pass';

export interface EscalationDeps {
  config: AlertConfig;
  writes: WritePass;
  silencing: Silencing;
  notifications: AlertNotifications;
  routing: AlertRouting;
}

/** What time does to an open alert: escalation, acknowledgement timeouts, snoozes ending, silences starting and ending. */
export class Escalation {
  constructor(private readonly deps: EscalationDeps) {}

  /** Escalation, acknowledgement timeouts, snoozes ending, silences starting and ending. */
  timeDriven(row: AlertRow, now: number, active: LoadedSilence[]): void {
    const silence = this.deps.silencing.silenceFor(row.subject, active);
    const silencedBefore = row.silencedBy !== null;
    let current = row;
    if ((silence === null) !== (row.silencedBy === null) || (silence && JSON.stringify(silence) !== JSON.stringify(row.silencedBy))) {
      current = this.touch(row, { silencedBy: silence });
      if (silence && !silencedBefore) this.record(current, 'silenced', SYSTEM_ACTOR, silence.comment);
      if (!silence && silencedBefore) {
        this.record(current, 'unsilenced', SYSTEM_ACTOR, 'The silence or maintenance window ended');
        if (current.state === 'firing' && current.heldBecause === null && !this.snoozed(current, now)) {
          current = this.restartEscalation(current, now);
          this.announce(current, 'unsilenced', now);
        }
      }
    }
    if (current.snoozedUntil !== null && now >= current.snoozedUntil) {
      current = this.touch(current, { snoozedUntil: null });
      if (current.state === 'firing' && current.silencedBy === null && current.heldBecause === null) {
        current = this.restartEscalation(current, now);
        this.announce(current, 'snooze-ended', now);
      }
    }
    if (current.nextEscalationAt === null || now < current.nextEscalationAt) return;
    const policy = this.policyOf(current.severity);
    if (current.state === 'acknowledged') {
      // The acknowledgement timed out: the alert fires again, to be taken up afresh.
      current = this.touch(current, {
        state: stateAfter(lifecycleOf(current), { kind: 'ack-timeout' }),
        nextEscalationAt: policy.escalateAfterMinutes === null ? null : now + policy.escalateAfterMinutes * 60_000,
      });
      this.record(
        current,
        're-raised',
        SYSTEM_ACTOR,
        `Acknowledged by ${current.ackBy ?? 'someone'} but not resolved within ${policy.ackTimeoutMinutes ?? '?'} minutes`,
      );
      this.announce(current, 're-raised', now);
      return;
    }
    if (current.silencedBy !== null || current.heldBecause !== null || this.snoozed(current, now)) {
      // Muted on purpose: the clock restarts when it is heard again.
      this.touch(current, { nextEscalationAt: null });
      return;
    }
    const level = Math.min(current.escalationLevel + 1, this.deps.config.topLevelOf(current.severity));
    current = this.touch(current, {
      state: stateAfter(lifecycleOf(current), { kind: 'escalation-due' }),
      escalationLevel: level,
      escalatedAt: now,
      nextEscalationAt: now + this.deps.config.minutesAfterLevel(current.severity, level) * 60_000,
    });
    // The history names who this level reached, so the morning after shows who was woken.
    const reach = this.deps.routing.levelReach(current.severity, level, now);
    this.record(
      current,
      'escalated',
      SYSTEM_ACTOR,
      `Not acknowledged after ${Math.round((now - current.firstSeenAt) / 60_000)} minutes: ${reach?.detail ?? `level ${level}`}`,
    );
    this.announce(current, 'escalated', now);
  }

  private restartEscalation(row: AlertRow, now: number): AlertRow {
    const policy = this.policyOf(row.severity);
    return this.touch(row, { nextEscalationAt: policy.escalateAfterMinutes === null ? null : now + policy.escalateAfterMinutes * 60_000 });
  }

  private snoozed(row: AlertRow, now: number): boolean {
    return row.snoozedUntil !== null && row.snoozedUntil > now;
  }

  private policyOf(severity: Severity) {
    return this.deps.config.policyOf(severity);
  }

  private touch(row: AlertRow, values: Partial<AlertRow>): AlertRow {
    return this.deps.writes.touch(row, values);
  }

  private record(...args: Parameters<WritePass['record']>): void {
    this.deps.writes.record(...args);
  }

  private announce(...args: Parameters<AlertNotifications['announce']>): void {
    this.deps.notifications.announce(...args);
  }
}
