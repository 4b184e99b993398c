import { randomBytes } from 'node:crypto';
import {
  MonitorStatus,
  permissions,
  roleAtLeast,
  WatchroomError,
  type EventMessage,
  type Monitor,
  type MonitorSpec,
  type Role,
  type Site,
} from '../../shared/contract';
import { MASKED_PART } from '../../shared/domain/redact';
import type { MonitorRow, SiteRow } from '../db';
import {
  requireSiteAccess,
  type CallContext,
  type Capability,
  type CapabilityContext,
  type CommandOutcome,
  type MethodsOf,
  refuseStaleEdit,
  shownValue,
} from '../service';
import { maskProbeSecrets, restoreProbeSecrets } from './config-secrets';
import { newHeartbeatToken, type ProbeEngine } from './engine';
import { createQueries, toSite } from './queries';
import { ownSitesOf } from '../../shared/domain/own-sites';

export function newId(): string {
  return randomBytes(8).toString('base64url');
}

export function toMonitor(row: MonitorRow): Monitor {
  return {
    id: row.id,
    siteId: row.siteId,
    name: row.name,
    probe: row.probe,
    intervalSeconds: row.intervalSeconds,
    timeoutSeconds: row.timeoutSeconds,
    failuresToDown: row.failuresToDown,
    successesToUp: row.successesToUp,
    warnLatencyMs: row.warnLatencyMs,
    critLatencyMs: row.critLatencyMs,
    parentId: row.parentId,
    role: row.role,
    tags: row.tags,
    paused: row.paused,
    maintenance: row.maintenance,
    heartbeatToken: row.heartbeatToken,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The monitor as a console may see it: credentials in the URL and header values masked for everyone.
 * The heartbeat token (whoever holds it can post beats and keep a silent device green) and a request
 * body (it may carry credentials) go only to whoever may change the monitor and sets the device up with
 * them; a wall display or a viewer could read both before (attack test).
 */
export function toMonitorView(row: MonitorRow, role: Role): Monitor {
  const monitor = toMonitor(row);
  const probe = maskProbeSecrets(monitor.probe);
  if (roleAtLeast(role, permissions['monitors.update'])) return { ...monitor, probe };
  const maskedBody = probe.kind === 'http' && probe.body !== undefined && probe.body !== '' ? { ...probe, body: MASKED_PART } : probe;
  return { ...monitor, probe: maskedBody, heartbeatToken: null };
}

/** The stored row of a monitor spec; an edit keeps what the spec does not carry (flags, heartbeat token, creation time). */
export function monitorRow(id: string, spec: MonitorSpec, now: number, previous?: MonitorRow): MonitorRow {
  const keepsToken = previous?.heartbeatToken && spec.probe.kind === 'heartbeat';
  return {
    id,
    siteId: spec.siteId,
    name: spec.name,
    kind: spec.probe.kind,
    probe: spec.probe,
    intervalSeconds: spec.intervalSeconds,
    timeoutSeconds: spec.timeoutSeconds,
    failuresToDown: spec.failuresToDown,
    successesToUp: spec.successesToUp,
    warnLatencyMs: spec.warnLatencyMs,
    critLatencyMs: spec.critLatencyMs,
    parentId: spec.parentId,
    role: spec.role,
    tags: spec.tags,
    paused: previous?.paused ?? false,
    maintenance: previous?.maintenance ?? false,
    heartbeatToken: keepsToken ? (previous?.heartbeatToken ?? null) : spec.probe.kind === 'heartbeat' ? newHeartbeatToken() : null,
    version: (previous?.version ?? 0) + 1,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    retiredAt: null,
    retiredBy: null,
  };
}

/** A probe setting's key as a label: `expectedStatus` reads "Expected status", `url` "URL". */
function settingLabel(key: string): string {
  if (key === 'url') return 'URL';
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const changed = (reason: string): EventMessage => ({ event: 'monitors.changed', payload: { reason } });

/**
 * Sites and monitors as commands and queries. Every change is written in the dispatcher's
 * transaction and reaches the probe engine only after that transaction committed.
 */
export type MonitoringMethods = MethodsOf<'sites' | 'board' | 'monitors'>;

export interface MonitoringHandlerDeps extends Pick<CapabilityContext, 'repos' | 'clock' | 'identity'> {
  engine: ProbeEngine;
}

export function createMonitoringHandlers({
  repos,
  engine,
  clock,
  identity,
}: MonitoringHandlerDeps): Capability<MonitoringMethods>['handlers'] {
  const repo = repos.monitoring;

  /** A monitor's configuration under its edit form's labels, secrets masked: one side of a stale edit's comparison. */
  function shownFields(monitor: MonitorSpec): Record<string, string> {
    const { kind, ...settings } = maskProbeSecrets(monitor.probe);
    return {
      Site: repo.getSite(monitor.siteId)?.name ?? monitor.siteId,
      Name: monitor.name,
      Kind: kind,
      ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [settingLabel(key), shownValue(value)])),
      'Interval (s)': String(monitor.intervalSeconds),
      'Timeout (s)': String(monitor.timeoutSeconds),
      'Failures to down': String(monitor.failuresToDown),
      'Successes to up': String(monitor.successesToUp),
      'Warning latency (ms)': String(monitor.warnLatencyMs),
      'Critical latency (ms)': String(monitor.critLatencyMs),
      'Parent monitor': monitor.parentId === null ? 'None' : (repo.getMonitor(monitor.parentId)?.name ?? monitor.parentId),
      Role: monitor.role,
      Tags: shownValue(monitor.tags),
    };
  }

  const queries = createQueries(repo, clock, { stateOf: (id) => engine.stateOf(id), statusOf: (id) => engine.statusOf(id) });

  function requireSite(id: string, field = 'siteId'): SiteRow {
    const site = repo.getSite(id);
    if (!site) throw new WatchroomError('invalid_input', 'That site does not exist', [{ path: field, message: 'Pick an existing site' }]);
    return site;
  }
  function requireMonitor(id: string): MonitorRow {
    const monitor = repo.getMonitor(id);
    if (!monitor) throw new WatchroomError('not_found', `There is no monitor ${id}; it may have been deleted on another console`);
    return monitor;
  }
  /** Restore and purge act on retired monitors only: a monitor in service is deleted (retired) first. */
  function requireRetired(id: string): MonitorRow {
    const monitor = repo.findMonitor(id);
    if (!monitor) throw new WatchroomError('not_found', `There is no monitor ${id}; it may have been purged on another console`);
    if (monitor.retiredAt === null) throw new WatchroomError('conflict', `"${monitor.name}" is in service, not retired`);
    return monitor;
  }
  /** A parent must exist and must not be the monitor itself or one of its descendants. */
  function checkParent(monitorId: string | null, parentId: string | null, rows: Map<string, { parentId: string | null }>): void {
    if (parentId === null) return;
    if (!rows.has(parentId))
      throw new WatchroomError('invalid_input', 'That parent monitor does not exist', [
        { path: 'parentId', message: 'Pick an existing monitor' },
      ]);
    let current: string | null = parentId;
    const seen = new Set<string>();
    while (current !== null && !seen.has(current)) {
      if (current === monitorId) {
        throw new WatchroomError('invalid_input', 'A monitor cannot depend on itself', [
          { path: 'parentId', message: 'This parent would make a loop' },
        ]);
      }
      seen.add(current);
      current = rows.get(current)?.parentId ?? null;
    }
  }
  /** A spec whose secrets came back masked, with the stored values put back; a mask edited by hand is refused. */
  function withStoredSecrets(spec: MonitorSpec, previous: MonitorRow | undefined): MonitorSpec {
    const { probe, problems } = restoreProbeSecrets(spec.probe, previous ? toMonitor(previous).probe : undefined);
    if (problems.length > 0)
      throw new WatchroomError('invalid_input', `Not saved: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
    return { ...spec, probe };
  }
  const parentsMap = () => new Map(repo.listMonitors().map((m) => [m.id, { parentId: m.parentId }]));

  function setMonitorFlag(id: string, values: Partial<MonitorRow>, role: Role): CommandOutcome<Monitor> {
    const before = requireMonitor(id);
    const after: MonitorRow = { ...before, ...values, updatedAt: clock.now() };
    repo.updateMonitor(id, { ...values, updatedAt: after.updatedAt });
    return {
      value: toMonitorView(after, role),
      target: `monitor:${id}`,
      before: Object.fromEntries(Object.keys(values).map((k) => [k, before[k as keyof MonitorRow]])),
      after: values,
      afterCommit: () => engine.upsertMonitor(after),
      events: [changed('monitor')],
    };
  }

  return {
    'sites.list': () => repo.listSites().map(toSite),
    'sites.create': (input: { name: string; address: string | null; tags: string[] }): CommandOutcome<Site> => {
      const now = clock.now();
      const row: SiteRow = {
        id: newId(),
        name: input.name,
        address: input.address,
        tags: input.tags,
        maintenance: false,
        createdAt: now,
        updatedAt: now,
      };
      repo.insertSite(row);
      return {
        value: toSite(row),
        target: `site:${row.id}`,
        after: toSite(row),
        afterCommit: () => engine.upsertSite(row.id, false),
        events: [changed('site')],
      };
    },
    'sites.update': ({
      id,
      site,
    }: {
      id: string;
      site: { name: string; address: string | null; tags: string[] };
    }): CommandOutcome<Site> => {
      const before = requireSite(id, 'id');
      const after: SiteRow = {
        ...before,
        name: site.name,
        address: site.address,
        tags: site.tags,
        updatedAt: clock.now(),
      };
      repo.updateSite(id, { name: after.name, address: after.address, tags: after.tags, updatedAt: after.updatedAt });
      return { value: toSite(after), target: `site:${id}`, before: toSite(before), after: toSite(after), events: [changed('site')] };
    },
    'sites.delete': ({ id }: { id: string }): CommandOutcome<{ id: string }> => {
      const before = requireSite(id, 'id');
      const { inService, retired } = repo.countMonitorsOfSite(id);
      if (inService > 0)
        throw new WatchroomError(
          'conflict',
          `"${before.name}" still has ${inService} monitor${inService === 1 ? '' : 's'}; move or delete them first`,
        );
      if (retired > 0)
        throw new WatchroomError(
          'conflict',
          `"${before.name}" still has ${retired} retired monitor${retired === 1 ? '' : 's'} kept for ${retired === 1 ? 'its' : 'their'} history; purge ${retired === 1 ? 'it' : 'them'} first (Sites, Retired)`,
        );
      repo.deleteSite(id);
      return {
        value: { id },
        target: `site:${id}`,
        before: toSite(before),
        afterCommit: () => engine.removeSite(id),
        events: [changed('site')],
      };
    },
    'sites.setMaintenance': ({ id, maintenance }: { id: string; maintenance: boolean }): CommandOutcome<Site> => {
      const before = requireSite(id, 'id');
      const after: SiteRow = { ...before, maintenance, updatedAt: clock.now() };
      repo.updateSite(id, { maintenance, updatedAt: after.updatedAt });
      return {
        value: toSite(after),
        target: `site:${id}`,
        before: { maintenance: before.maintenance },
        after: { maintenance },
        afterCommit: () => engine.upsertSite(id, maintenance),
        events: [changed('site')],
      };
    },

    'board.snapshot': (input: { first?: number | undefined } | undefined, { actor }: CallContext) =>
      queries.board(input?.first, ownSitesOf(actor.sites)),
    'monitors.get': ({ id }: { id: string }, { actor }: CallContext) => {
      const row = requireMonitor(id);
      const state = engine.stateOf(id);
      if (!state) throw new WatchroomError('not_found', `Monitor ${id} is not loaded yet`);
      return {
        monitor: toMonitorView(row, actor.role),
        site: toSite(requireSite(row.siteId)),
        state,
        uptime: queries.uptimes(id),
        recentChanges: repo
          .recentStateChanges(id, 20)
          .map((c) => ({ at: c.at, from: MonitorStatus.parse(c.fromStatus), to: MonitorStatus.parse(c.toStatus), reason: c.reason })),
      };
    },
    'monitors.series': ({ id, range }: { id: string; range: '1h' | '24h' | '7d' | '30d' }) => {
      requireMonitor(id);
      return queries.series(id, range);
    },
    'monitors.create': (input: MonitorSpec, { actor }: CallContext): CommandOutcome<Monitor> => {
      const spec = withStoredSecrets(input, undefined);
      requireSite(spec.siteId);
      const id = newId();
      checkParent(id, spec.parentId, parentsMap());
      const row = monitorRow(id, spec, clock.now());
      repo.insertMonitor(row);
      return {
        value: toMonitorView(row, actor.role),
        target: `monitor:${id}`,
        after: toMonitor(row),
        afterCommit: () => engine.upsertMonitor(row),
        events: [changed('monitor')],
      };
    },
    'monitors.update': (
      {
        id,
        monitor: input,
        basedOnVersion,
      }: {
        id: string;
        monitor: MonitorSpec;
        basedOnVersion: number;
      },
      { actor }: CallContext,
    ): CommandOutcome<Monitor> => {
      const before = requireMonitor(id);
      refuseStaleEdit(
        basedOnVersion,
        shownFields(input),
        { name: before.name, version: before.version, updatedAt: before.updatedAt, fields: shownFields(toMonitor(before)) },
        { now: clock.now(), identity },
      );
      const spec = withStoredSecrets(input, before);
      requireSite(spec.siteId);
      checkParent(id, spec.parentId, parentsMap());
      const row = monitorRow(id, spec, clock.now(), before);
      repo.updateMonitor(id, row);
      return {
        value: toMonitorView(row, actor.role),
        target: `monitor:${id}`,
        before: toMonitor(before),
        after: toMonitor(row),
        afterCommit: () => engine.upsertMonitor(row),
        events: [changed('monitor')],
      };
    },
    // Deleting retires: seven years of history are not wiped by one click; retention or an explicit purge removes them.
    'monitors.delete': ({ id }: { id: string }, { actor }: CallContext): CommandOutcome<{ id: string }> => {
      const before = requireMonitor(id);
      const dependents = repo.listMonitors().filter((m) => m.parentId === id);
      if (dependents.length > 0) {
        throw new WatchroomError(
          'conflict',
          `"${before.name}" is the parent of ${dependents.map((d) => `"${d.name}"`).join(', ')}; give them another parent first`,
        );
      }
      const retired = { retiredAt: clock.now(), retiredBy: actor.displayName };
      repo.updateMonitor(id, retired);
      return {
        value: { id },
        target: `monitor:${id}`,
        before: { retiredAt: null },
        after: retired,
        afterCommit: () => engine.retireMonitor(id),
        events: [changed('monitor')],
      };
    },
    'monitors.retired': () => {
      const siteNames = new Map(repo.listSites().map((site) => [site.id, site.name]));
      return repo.listRetiredMonitors().map((row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind,
        siteId: row.siteId,
        siteName: siteNames.get(row.siteId) ?? row.siteId,
        retiredAt: row.retiredAt ?? 0,
        retiredBy: row.retiredBy ?? '',
      }));
    },
    'monitors.restore': ({ id }: { id: string }): CommandOutcome<{ id: string }> => {
      const before = requireRetired(id);
      const parent = before.parentId === null ? undefined : repo.findMonitor(before.parentId);
      if (parent?.retiredAt) {
        throw new WatchroomError(
          'conflict',
          `"${before.name}" depends on "${parent.name}", which is retired too; restore "${parent.name}" first`,
        );
      }
      // A purged parent is gone for good: the monitor comes back on its own rather than depending on nothing.
      const parentId = parent ? before.parentId : null;
      const restored: MonitorRow = { ...before, parentId, retiredAt: null, retiredBy: null, updatedAt: clock.now() };
      repo.updateMonitor(id, { parentId, retiredAt: null, retiredBy: null, updatedAt: restored.updatedAt });
      return {
        value: { id },
        target: `monitor:${id}`,
        before: { retiredAt: before.retiredAt, retiredBy: before.retiredBy, parentId: before.parentId },
        after: { retiredAt: null, parentId },
        afterCommit: () => engine.upsertMonitor(restored),
        events: [changed('monitor')],
      };
    },
    // One command, so one transaction: the monitor and every row kept about it go together, and the audit entry with them.
    'monitors.purge': ({ id }: { id: string }): CommandOutcome<{ id: string }> => {
      const before = requireRetired(id);
      const removed = repo.purgeMonitor(id);
      return {
        value: { id },
        target: `monitor:${id}`,
        before: toMonitor(before),
        after: { removed },
        afterCommit: () => engine.purgeMonitor(id),
        events: [changed('monitor')],
      };
    },
    'monitors.pause': ({ id }: { id: string }, { actor }: CallContext) => setMonitorFlag(id, { paused: true }, actor.role),
    'monitors.resume': ({ id }: { id: string }, { actor }: CallContext) => setMonitorFlag(id, { paused: false }, actor.role),
    'monitors.setMaintenance': ({ id, maintenance }: { id: string; maintenance: boolean }, { actor }: CallContext) =>
      setMonitorFlag(id, { maintenance }, actor.role),
    'monitors.setManualState': (
      { id, status, note }: { id: string; status: 'up' | 'degraded' | 'down'; note: string },
      { actor }: CallContext,
    ): CommandOutcome<Monitor> => {
      const row = requireMonitor(id);
      requireSiteAccess(actor, row.siteId);
      if (row.kind !== 'manual')
        throw new WatchroomError('conflict', `"${row.name}" is probed automatically; only manual monitors take a state by hand`);
      return {
        value: toMonitorView(row, actor.role),
        target: `monitor:${id}`,
        before: { status: engine.stateOf(id)?.status },
        after: { status, note },
        afterCommit: () => engine.setManualState(id, status, note),
      };
    },
  };
}
