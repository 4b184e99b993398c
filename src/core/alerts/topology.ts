import type { ScopeSubject } from '../../shared/domain/alert-scope';
import type { Repositories } from '../db';
import { fingerprintOf, monitorSubject } from './open-alerts';

export interface MonitorInfo {
  name: string;
  kind: string;
  siteId: string;
  parentId: string | null;
  /** What scope matching needs: the monitor, its site and its ancestors. */
  scopeSubject: ScopeSubject;
  /** Its alerts' subject, `monitor:<id>`. */
  subject: string;
  /**
   * Its alerts' fingerprints by rule id, made on first use: every evaluation of the monitor looks up
   * each rule's, and a string built anew each time must be hashed anew (and collected).
   */
  fingerprints: Map<string, string>;
}

export interface Topology {
  monitorIds(): Iterable<string>;
  monitor(id: string): MonitorInfo | undefined;
  siteName(id: string): string | undefined;
}

/** The fingerprint of a rule's alert on this monitor. */
export function monitorFingerprint(info: MonitorInfo, ruleId: string): string {
  let fingerprint = info.fingerprints.get(ruleId);
  if (fingerprint === undefined) {
    fingerprint = fingerprintOf(ruleId, info.subject);
    info.fingerprints.set(ruleId, fingerprint);
  }
  return fingerprint;
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
      subject: monitorSubject(row.id),
      fingerprints: new Map(),
    });
  }
  return {
    monitorIds: () => infos.keys(),
    monitor: (id) => infos.get(id),
    siteName: (id) => sites.get(id)?.name,
  };
}
