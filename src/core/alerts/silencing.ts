import { scopeCovers } from '../../shared/domain/alert-scope';
import { shouldTriggerFlexible, silenceActiveThrough, silenceActiveUntil } from '../../shared/domain/silence-schedule';
import type { SilenceRow } from '../db';
import type { CapabilityContext } from '../service';
import type { AlertConfig, LoadedSilence } from './config-cache';
import { toSilence } from './model';
import type { Topology } from './topology';

export interface SilencingDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'identity'> {
  config: AlertConfig;
  topology: () => Topology;
}

export type SilencedBy = { id: string; kind: 'silence' | 'maintenance'; comment: string };

/** Which silences and maintenance windows are active, what they cover, and flexible windows starting on a failure. */
export class Silencing {
  constructor(private readonly deps: SilencingDeps) {}

  private get silences(): LoadedSilence[] {
    return this.deps.config.silences;
  }

  private get topology(): Topology {
    return this.deps.topology();
  }

  activeSilences(now: number): LoadedSilence[] {
    // The time zone is a settings read: skip it on the every-second tick when nothing could be active.
    if (this.silences.length === 0) return [];
    const zone = this.deps.identity.timeZone();
    return this.silences.filter(({ row, silence }) => silenceActiveUntil(silence.schedule, row.triggeredAt, now, zone) !== null);
  }

  silenceFor(subject: string, active: LoadedSilence[]): SilencedBy | null {
    for (const { silence } of active) {
      if (this.scopeCoversSubject(silence.scope, subject)) return { id: silence.id, kind: silence.kind, comment: silence.comment };
    }
    return null;
  }

  triggerFlexibleSilences(subject: string, now: number): void {
    for (const loaded of this.silences) {
      const { row, silence } = loaded;
      if (!shouldTriggerFlexible(silence.schedule, row.triggeredAt, now) || !this.scopeCoversSubject(silence.scope, subject)) continue;
      this.deps.repos.alerts.updateSilence(row.id, { triggeredAt: now, updatedAt: now });
      loaded.row = { ...row, triggeredAt: now, updatedAt: now };
      loaded.silence = toSilence(loaded.row, null);
    }
  }

  scopeCoversSubject(scope: Parameters<typeof scopeCovers>[0], subject: string): boolean {
    if (scope.kind === 'all') return true;
    if (!subject.startsWith('monitor:')) return false;
    const info = this.topology.monitor(subject.slice(8));
    return info !== undefined && scopeCovers(scope, info.scopeSubject);
  }

  activeUntilOf(row: SilenceRow): number | null {
    const silence = toSilence(row, null);
    return silenceActiveThrough(silence.schedule, row.triggeredAt, this.deps.clock.now(), this.deps.identity.timeZone());
  }
}
