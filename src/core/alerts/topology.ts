import type { ScopeSubject } from '../../shared/domain/alert-scope';
import type { Repositories } from '../db';

export interface MonitorInfo {
  name: string;
  kind: string;
  siteId: string;
  parentId: string | null;
  /** What scope matching needs: the monitor, its site and its ancestors. */
  scopeSubject: ScopeSubject;
}

export interface Topology {
  monitorIds(): Iterable<string>;
  monitor(id: string): MonitorInfo | undefined;
  siteName(id: string): string | undefined;
}

/** Names, sites, tags and parents of every monitor, read once per change of sites or monitors. */
export function createTopology(repos: Repositories): Topology {
  const sites = new Map(repos.monitoring.listSites().map((s) => [s.id, { name: s.name, tags: s.tags }]));
  const rows = new Map(repos.monitoring.listMonitors().map((m) => [m.id, m]));
  const infos = new Map<string, MonitorInfo>();
  for (const row of rows.values()) {
    const ancestors: ScopeSubject['ancestors'][number][] = [];
    const seen = new Set([row.id]);
    let parentId = row.parentId;
    while (parentId && !seen.has(parentId)) {
      seen.add(parentId);
      const parent = rows.get(parentId);
      if (!parent) break;
      ancestors.push({ monitorId: parent.id, siteId: parent.siteId, tags: parent.tags });
      parentId = parent.parentId;
    }
    infos.set(row.id, {
      name: row.name,
      kind: row.kind,
      siteId: row.siteId,
      parentId: row.parentId,
      scopeSubject: {
        monitorId: row.id,
        siteId: row.siteId,
        tags: row.tags,
        siteTags: sites.get(row.siteId)?.tags ?? [],
        ancestors,
      },
    });
  }
  return {
    monitorIds: () => infos.keys(),
    monitor: (id) => infos.get(id),
    siteName: (id) => sites.get(id)?.name,
  };
}
