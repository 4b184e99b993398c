import type { AuditListInput, SeriesRange } from '../../shared/contract';

/** Query keys start with the contract method they cache, so an event can name what it makes stale. */
export const queryKeys = {
  appInfo: ['app.info'] as const,
  whoami: ['app.whoami'] as const,
  health: ['app.health'] as const,
  settings: ['settings.get'] as const,
  backend: ['backend.state'] as const,
  /** This console's outbox: commands made while the hub could not be asked. */
  outbox: ['outbox.list'] as const,
  auditAll: ['audit.list'] as const,
  audit: (query: Omit<AuditListInput, 'beforeSeq' | 'limit'>) => ['audit.list', query] as const,
  /** Notices core pushed as app.notice events since this console started. */
  pushedNotices: ['app.notice'] as const,
  /** The data lives in the monitor store; the query only says when it was last loaded. */
  board: ['board.snapshot'] as const,
  sites: ['sites.list'] as const,
  monitorAll: ['monitors.get'] as const,
  monitor: (id: string) => ['monitors.get', id] as const,
  retiredMonitors: ['monitors.retired'] as const,
  seriesAll: ['monitors.series'] as const,
  series: (id: string, range: SeriesRange) => ['monitors.series', id, range] as const,
  rules: ['rules.list'] as const,
  escalation: ['escalation.list'] as const,
  silences: ['silences.list'] as const,
  /** When a saved silence is next active: the list does not say, and only core reads its schedule. */
  silenceNextActive: (id: string, updatedAt: number) => ['silences.preview', id, updatedAt] as const,
  channels: ['channels.list'] as const,
};
