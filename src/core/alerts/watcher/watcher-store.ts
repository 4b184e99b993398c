import { z } from 'zod';
import { HeartbeatStatus, NotificationOutcome, WatcherSettings } from '../../../shared/contract';
import type { Repositories } from '../../db';

/** Keys in the settings table beside the console's own settings (which ignore them). */
const KEYS = {
  settings: 'watcher.settings',
  aliveSummarySent: 'watcher.aliveSummarySent',
  heartbeatLast: 'watcher.heartbeatLast',
} as const;

const OFF: WatcherSettings = { heartbeat: null, aliveSummary: null };

const AliveSummarySent = z.object({ day: z.string(), outcome: NotificationOutcome.nullable() }).strict();
export type AliveSummarySent = z.infer<typeof AliveSummarySent>;

export interface WatcherStore {
  settings(): WatcherSettings;
  saveSettings(settings: WatcherSettings, at: number): void;
  /** The day the alive summary was last sent for, kept across restarts so a restart never sends it twice. */
  aliveSummarySent(): AliveSummarySent | null;
  saveAliveSummarySent(sent: AliveSummarySent, at: number): void;
  /** The heartbeat's last calls, kept so the Overview shows them after a restart; null once the address changed. */
  heartbeatLast(): HeartbeatStatus | null;
  saveHeartbeatLast(last: HeartbeatStatus | null, at: number): void;
}

/** Each value is checked on read: one a newer or older version wrote that no longer validates reads as off. */
export function createWatcherStore(repos: Pick<Repositories, 'settings'>): WatcherStore {
  const read = <S extends z.ZodType>(key: string, schema: S): z.output<S> | null => {
    const parsed = schema.nullable().safeParse(repos.settings.readAll()[key] ?? null);
    return parsed.success ? parsed.data : null;
  };
  return {
    settings: () => read(KEYS.settings, WatcherSettings) ?? OFF,
    saveSettings: (settings, at) => repos.settings.writeMany({ [KEYS.settings]: settings }, at),
    aliveSummarySent: () => read(KEYS.aliveSummarySent, AliveSummarySent),
    saveAliveSummarySent: (sent, at) => repos.settings.writeMany({ [KEYS.aliveSummarySent]: sent }, at),
    heartbeatLast: () => read(KEYS.heartbeatLast, HeartbeatStatus),
    saveHeartbeatLast: (last, at) => repos.settings.writeMany({ [KEYS.heartbeatLast]: last }, at),
  };
}
