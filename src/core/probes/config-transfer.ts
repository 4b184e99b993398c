import { type ConfigDocument, type ConfigExport, type EventMessage } from '../../shared/contract';
import type { SiteRow } from '../db';
import type { Capability, CapabilityContext, CommandOutcome, MethodsOf } from '../service';
import { checkConfigImport, encryptedConfigIn } from './config-import';
import { decryptConfig, encryptConfig, maskProbeSecrets } from './config-secrets';
import type { ProbeEngine } from './engine';
import { monitorRow, toMonitor } from './handlers';

export type ConfigTransferMethods = MethodsOf<'config'>;

export interface ConfigTransferDeps extends Pick<CapabilityContext, 'repos' | 'clock'> {
  engine: ProbeEngine;
}

const imported: EventMessage = { event: 'monitors.changed', payload: { reason: 'import' } };

/**
 * Sites and monitors out to a file and back: an export masks secrets unless they are asked for
 * (then the whole file is encrypted), an import is checked whole before anything is written.
 */
export function createConfigTransferHandlers({ repos, clock, engine }: ConfigTransferDeps): Capability<ConfigTransferMethods>['handlers'] {
  const repo = repos.monitoring;
  return {
    'config.export': (
      input: { includeSecrets: false } | { includeSecrets: true; passphrase: string } | undefined,
    ): CommandOutcome<ConfigExport> => {
      const withSecrets = input?.includeSecrets === true;
      const document: ConfigDocument = {
        format: 'watchroom-config',
        version: 1,
        sites: repo.listSites().map((s) => ({ id: s.id, name: s.name, address: s.address, tags: s.tags })),
        monitors: repo.listMonitors().map((m) => {
          const {
            id,
            siteId,
            name,
            probe,
            intervalSeconds,
            timeoutSeconds,
            failuresToDown,
            successesToUp,
            warnLatencyMs,
            critLatencyMs,
            parentId,
            role,
            tags,
          } = toMonitor(m);
          return {
            id,
            siteId,
            name,
            probe: withSecrets ? probe : maskProbeSecrets(probe),
            intervalSeconds,
            timeoutSeconds,
            failuresToDown,
            successesToUp,
            warnLatencyMs,
            critLatencyMs,
            parentId,
            role,
            tags,
          };
        }),
      };
      return {
        value: input?.includeSecrets === true ? encryptConfig(document, input.passphrase) : document,
        target: 'config',
        after: {
          sensitiveValues: withSecrets ? 'included, encrypted with a passphrase' : 'left out',
          sites: document.sites.length,
          monitors: document.monitors.length,
        },
      };
    },
    'config.import': ({
      text: fileText,
      passphrase,
    }: {
      text: string;
      passphrase?: string | undefined;
    }): CommandOutcome<{ sites: number; monitors: number }> => {
      const encrypted = encryptedConfigIn(fileText);
      // Problems are named in the decrypted document, with its lines.
      const text = encrypted ? decryptConfig(encrypted, passphrase) : fileText;
      const existingMonitors = new Map(repo.listMonitors().map((m) => [m.id, m.parentId]));
      const document = checkConfigImport(text, {
        sites: new Set(repo.listSites().map((s) => s.id)),
        monitors: existingMonitors,
        retiredMonitors: new Set(repo.listRetiredMonitors().map((m) => m.id)),
      });
      const now = clock.now();
      const siteRows: SiteRow[] = document.sites.map((s) => ({
        id: s.id,
        name: s.name,
        address: s.address,
        tags: s.tags,
        maintenance: false,
        createdAt: now,
        updatedAt: now,
      }));
      const monitorRows = document.monitors.map((m) => monitorRow(m.id, m, now));
      for (const row of siteRows) repo.insertSite(row);
      for (const row of monitorRows) repo.insertMonitor(row);
      return {
        value: { sites: siteRows.length, monitors: monitorRows.length },
        target: 'config',
        after: { sites: siteRows.map((s) => s.id), monitors: monitorRows.map((m) => m.id) },
        afterCommit: () => {
          for (const row of siteRows) engine.upsertSite(row.id, false);
          // Hundreds of monitors at once: their first runs are spread as after a restart, not all in this second.
          for (const row of monitorRows) engine.upsertMonitor(row, 'spread');
        },
        events: [imported],
      };
    },
  };
}
