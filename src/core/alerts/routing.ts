import type { AlertAttention, Channel, EscalationTarget, OnCallNow, OnShiftNow, Severity } from '../../shared/contract';
import { conflictTimeFormatter } from '../../shared/domain/conflict-time';
import { whoIsOnCall } from '../../shared/domain/on-call';
import { channelsOnRoute, routeOf } from '../../shared/domain/routing';
import { shiftChangesAround } from '../../shared/domain/shifts';
import type { AlertRow, Repositories } from '../db';
import type { ConsoleIdentity } from '../service';
import type { AlertConfig } from './config-cache';

/** Who an escalation level reached: the sentence recorded on the alert, and the channels it goes out on. */
export interface LevelReach {
  level: number;
  /** "level 2, Supervisor on call: Bob Stone (on call in Supervisors) via Bob's pager". */
  detail: string;
  channels: Channel[];
}

export interface AlertRoutingDeps {
  config: AlertConfig;
  repos: Pick<Repositories, 'people' | 'handovers'>;
  identity: ConsoleIdentity;
}

/** Who hears of an alert: its rule's own channels or the routing table of its severity, and the target of each escalation level. */
export class AlertRouting {
  constructor(private readonly deps: AlertRoutingDeps) {}

  private get config(): AlertConfig {
    return this.deps.config;
  }

  /** The channels an alert's rule sends to: its own, or its severity's route (with the on-call person's contact for `pager`). */
  channelsFor(row: AlertRow, now: number): Channel[] {
    const rule = this.config.rules.get(row.ruleId);
    if (!rule) return [];
    // As before routing: the notifier itself records a disabled channel as not sent.
    if (rule.routing === 'channels') return rule.channelIds.flatMap((channelId) => this.config.channels.get(channelId) ?? []);
    const onRoute = channelsOnRoute(this.config.routing, row.severity, this.config.channels.values());
    const pagerSchedule = this.config.routing.pagerScheduleId;
    if (!routeOf(this.config.routing, row.severity).includes('pager') || pagerSchedule === null) return onRoute;
    const onCall = this.onCallUser(pagerSchedule, now);
    return unique([...onRoute, ...(onCall === null ? [] : this.contactOf(onCall))]);
  }

  /** Sound and OS notification as the routing table has them; a rule with its own channels keeps the console's rule by severity. */
  attentionRoute(row: AlertRow): Pick<AlertAttention, 'sound' | 'osNotification'> {
    const rule = this.config.rules.get(row.ruleId);
    if (!rule || rule.routing === 'channels') return {};
    const route = routeOf(this.config.routing, row.severity);
    return { sound: route.includes('sound'), osNotification: route.includes('os-notification') };
  }

  /** Whom level `level` (1-based) of this severity names, now; null past the last level named. */
  levelReach(severity: Severity, level: number, now: number): LevelReach | null {
    const named = this.config.levelsOf(severity).levels[level - 1];
    if (!named) return null;
    const { who, channels } = this.reach(named.target, now);
    const via =
      channels.length === 0 ? ' (no contact channel: told in the console only)' : ` via ${channels.map((c) => c.name).join(', ')}`;
    return { level, detail: `level ${level}, ${named.label}: ${who}${via}`, channels };
  }

  /** Every channel of the levels an alert has reached: they hear its acknowledgement and resolution too. */
  channelsOfLevelsReached(row: AlertRow, now: number): Channel[] {
    const reached: Channel[] = [];
    for (let level = 1; level <= row.escalationLevel; level += 1)
      reached.push(...(this.levelReach(row.severity, level, now)?.channels ?? []));
    return unique(reached);
  }

  onCallNow(now: number): OnCallNow[] {
    return [...this.config.schedules.values()].map((schedule) => {
      const answer = whoIsOnCall(schedule, now, this.deps.identity.timeZone());
      return {
        scheduleId: schedule.id,
        scheduleName: schedule.name,
        now: answer.now && { ...answer.now, displayName: this.nameOf(answer.now.userId) },
        next: answer.next && { ...answer.next, displayName: this.nameOf(answer.next.userId) },
      };
    });
  }

  /**
   * "The operator on shift": the incoming operator of the completed handover into the current
   * shift; while that handover is not accepted, its outgoing operator, who still holds the shift;
   * with no handover into this shift (or no shifts), the operators signed in now.
   */
  onShift(now: number): OnShiftNow {
    const { people } = this.deps.repos;
    const active = (userId: string | null) => {
      const user = userId === null ? undefined : people.getUser(userId);
      return user?.active ? [{ userId: user.id, displayName: user.displayName }] : [];
    };
    const boundaries = this.deps.repos.handovers.shiftPlan()?.boundaries ?? [];
    const shiftStart = shiftChangesAround(boundaries, this.deps.identity.timeZone(), now)?.previous ?? null;
    const handover = shiftStart === null ? undefined : this.deps.repos.handovers.handoverAt(shiftStart);
    if (handover && shiftStart !== null) {
      const byHandover =
        handover.state === 'complete'
          ? { people: active(handover.incomingId), because: 'handover' as const }
          : { people: active(handover.outgoingId), because: 'handover-not-accepted' as const };
      // Someone deactivated since holds no shift: then it is who is signed in, as without a handover.
      if (byHandover.people.length > 0) return { ...byHandover, boundaryAt: shiftStart };
    }
    const signedIn = new Set(
      people
        .listOpenSessions()
        .filter((session) => session.kind === 'person' && (session.expiresAt === null || session.expiresAt > now))
        .map((session) => session.userId),
    );
    const operators = people
      .listUsers()
      .filter((user) => user.active && user.role === 'operator' && signedIn.has(user.id))
      .map((user) => ({ userId: user.id, displayName: user.displayName }));
    return { people: operators, because: operators.length > 0 ? 'signed-in' : 'nobody', boundaryAt: null };
  }

  /** Level 1's "operator on shift", and why it is them: the sentence on the alert's history. */
  private reachOnShift(now: number): { who: string; channels: Channel[] } | null {
    const onShift = this.onShift(now);
    if (onShift.because === 'nobody') return null;
    const names = onShift.people.map((person) => person.displayName).join(', ');
    const at = onShift.boundaryAt === null ? '' : conflictTimeFormatter(this.deps.identity.timeZone(), now)(onShift.boundaryAt);
    const why =
      onShift.because === 'handover'
        ? `on shift by handover at ${at}`
        : onShift.because === 'handover-not-accepted'
          ? `on shift until the ${at} handover is accepted`
          : 'signed in';
    return { who: `${names} (${why})`, channels: unique(onShift.people.flatMap((person) => this.contactOf(person.userId))) };
  }

  private reach(target: EscalationTarget, now: number): { who: string; channels: Channel[] } {
    switch (target.kind) {
      case 'channel': {
        const channels = this.channel(target.channelId);
        return { who: channels[0]?.name ?? 'a channel that no longer exists', channels };
      }
      case 'person':
        return { who: this.nameOf(target.userId), channels: this.contactOf(target.userId) };
      case 'role': {
        // The operators are "the operator on shift": by the shift's handover, else who is signed in.
        const shift = target.role === 'operator' ? this.reachOnShift(now) : null;
        if (shift) return shift;
        const people = this.deps.repos.people.listUsers().filter((user) => user.active && user.role === target.role);
        if (people.length === 0) return { who: `nobody is ${target.role}`, channels: [] };
        // Other roles: who of the role is signed in at a seat now; when nobody of the role is, everyone of it is told rather than no one.
        const signedIn = new Set(
          this.deps.repos.people
            .listOpenSessions()
            .filter((session) => session.kind === 'person' && (session.expiresAt === null || session.expiresAt > now))
            .map((session) => session.userId),
        );
        const onShift = people.filter((user) => signedIn.has(user.id));
        const reached = onShift.length > 0 ? onShift : people;
        const names = reached.map((user) => user.displayName).join(', ');
        return {
          who: onShift.length > 0 ? `${names} (signed in)` : names,
          channels: unique(reached.flatMap((user) => this.contactOf(user.id))),
        };
      }
      case 'schedule': {
        const schedule = this.config.schedules.get(target.scheduleId);
        if (!schedule) return { who: 'a schedule that no longer exists', channels: [] };
        const userId = this.onCallUser(target.scheduleId, now);
        if (userId === null) return { who: `nobody on call in ${schedule.name}`, channels: [] };
        return { who: `${this.nameOf(userId)} (on call in ${schedule.name})`, channels: this.contactOf(userId) };
      }
    }
  }

  private onCallUser(scheduleId: string, now: number): string | null {
    const schedule = this.config.schedules.get(scheduleId);
    return schedule ? (whoIsOnCall(schedule, now, this.deps.identity.timeZone()).now?.userId ?? null) : null;
  }

  private contactOf(userId: string): Channel[] {
    const channelId = this.config.contacts.get(userId);
    return channelId === undefined ? [] : this.channel(channelId);
  }

  private channel(channelId: string): Channel[] {
    const channel = this.config.channels.get(channelId);
    return channel?.enabled ? [channel] : [];
  }

  private nameOf(userId: string): string {
    return this.deps.repos.people.getUser(userId)?.displayName ?? 'someone no longer in the console';
  }
}

function unique(channels: Channel[]): Channel[] {
  return [...new Map(channels.map((channel) => [channel.id, channel])).values()];
}
