import { CONTRACT_VERSION, type AppInfo, type Notice } from '../../shared/contract';
import { checkAuditExport, createAuditReadRecorder, exportAuditPeriod, type AnchorSet, type AuditLog } from '../audit';
import type { OpenedDatabase, Repositories } from '../db';
import type { HealthMonitor } from '../health';
import type { SettingsStore } from '../settings';
import type { Clock } from '../../shared/domain/clock';
import type { Capability, MethodsOf } from '../service';

type FoundationMethods = MethodsOf<'app' | 'settings' | 'audit'>;

export interface FoundationDeps {
  store: OpenedDatabase;
  settings: SettingsStore;
  audit: AuditLog;
  repos: Repositories;
  /** The anchors the chain's head is compared with: the log's and the newest backups'. */
  auditAnchors: () => Promise<AnchorSet>;
  health: HealthMonitor;
  clock: Clock;
  mode: AppInfo['mode'];
  version: string;
  startedAt: number;
  notices: readonly Notice[];
}

/** What the console says about itself (info, health, who is calling), its settings and its audit log. */
export function createFoundationHandlers(deps: FoundationDeps): Capability<FoundationMethods>['handlers'] {
  const recordRead = createAuditReadRecorder((entry) => deps.audit.append(entry), deps.clock);

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
      recordRead(actor, 'audit', { actor: query.actor, action: query.action, target: query.target, from: query.from, to: query.to });
      return deps.audit.list(query);
    },
    'audit.verify': async () => deps.audit.verify(await deps.auditAnchors()),
    'audit.export': (input, { actor }) => {
      const now = deps.clock.now();
      const period = { from: input.from ?? 0, to: input.to ?? now, format: input.format };
      const file = exportAuditPeriod(deps.repos, period, { at: now, by: actor.displayName }, deps.audit.archivedStretches());
      return {
        value: file,
        target: 'audit',
        after: { ...period, entries: file.entries, firstSeq: file.firstSeq, lastSeq: file.lastSeq },
      };
    },
    'audit.checkExport': ({ text }) => checkAuditExport(deps.repos, text),
  };
}
