import { CONTRACT_VERSION, type AppInfo, type AuditListInput, type Notice } from '../../shared/contract';
import type { AnchorSet, AuditLog } from '../audit';
import type { OpenedDatabase } from '../db';
import type { HealthMonitor } from '../health';
import type { SettingsStore } from '../settings';
import type { Clock } from '../../shared/domain/clock';
import type { Actor, Capability, MethodsOf } from '../service';

type FoundationMethods = MethodsOf<'app' | 'settings' | 'audit'>;

export interface FoundationDeps {
  store: OpenedDatabase;
  settings: SettingsStore;
  audit: AuditLog;
  /** The anchors the chain's head is compared with: the log's and the newest backups'. */
  auditAnchors: () => Promise<AnchorSet>;
  health: HealthMonitor;
  clock: Clock;
  mode: AppInfo['mode'];
  version: string;
  startedAt: number;
  notices: readonly Notice[];
}

/** One `audit.read` entry per reader, seat and filter within this time: a page view, not every poll or page of it. */
export const AUDIT_READ_WINDOW_MS = 10 * 60_000;

/** What the console says about itself (info, health, who is calling), its settings and its audit log. */
export function createFoundationHandlers(deps: FoundationDeps): Capability<FoundationMethods>['handlers'] {
  const lastReadAt = new Map<string, number>();

  /**
   * Reading the audit log is itself audited when the reader is not an admin (core's own actors
   * neither). Core decides when a read is a new view, not the renderer: the same reader at the
   * same seat with the same filter within the window is the same view (refetches on new entries,
   * paging to older ones); another filter reads other entries and is recorded again.
   */
  function recordRead(query: AuditListInput, actor: Actor): void {
    if (actor.access === 'core' || actor.role === 'admin') return;
    const now = deps.clock.now();
    for (const [key, at] of lastReadAt) if (now - at >= AUDIT_READ_WINDOW_MS || at > now) lastReadAt.delete(key);
    const filter = { actor: query.actor, action: query.action, target: query.target, from: query.from, to: query.to };
    const key = JSON.stringify([actor.id, actor.seat, actor.sessionId, filter]);
    if (lastReadAt.has(key)) return;
    lastReadAt.set(key, now);
    deps.audit.append({
      actor: actor.id,
      actorName: actor.displayName,
      seat: actor.seat,
      authorizedBy: actor.authorizedBy,
      action: 'audit.read',
      target: 'audit',
      after: filter,
      result: 'ok',
    });
  }

  return {
    'app.info': () => ({
      name: 'Watchroom',
      version: deps.version,
      contractVersion: CONTRACT_VERSION,
      mode: deps.mode,
      database: { encrypted: true, cipher: deps.store.cipher, schemaVersion: deps.store.schemaVersion },
      startedAt: deps.startedAt,
      notices: [...deps.notices],
    }),
    'app.health': () => deps.health.read(),
    'app.healthHistory': () => deps.health.history(),
    'app.whoami': (_input, { actor }) => ({
      id: actor.id,
      displayName: actor.displayName,
      role: actor.role,
      sites: actor.sites === null ? null : [...actor.sites],
    }),
    'settings.get': () => deps.settings.get(),
    'settings.set': (patch) => {
      const { before, after } = deps.settings.apply(patch, deps.clock.now());
      const changed = Object.keys(patch) as (keyof typeof patch)[];
      return {
        value: after,
        target: `settings:${changed.join(',')}`,
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: Object.fromEntries(changed.map((key) => [key, after[key]])),
        events: [{ event: 'settings.changed', payload: after }],
      };
    },
    'audit.list': (query, { actor }) => {
      recordRead(query, actor);
      return deps.audit.list(query);
    },
    'audit.verify': async () => deps.audit.verify(await deps.auditAnchors()),
  };
}
