import type { BoardSnapshot, Monitor, MonitorDetail, MonitorState, Series, Site } from '../../shared/contract';
import { countStatuses, worstStatus } from '../../shared/domain/monitor-status';

export const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

export function testState(monitorId: string, overrides: Partial<MonitorState> = {}): MonitorState {
  return {
    monitorId,
    status: 'up',
    verdict: 'up',
    cause: { kind: 'own' },
    health: 'ok',
    since: T0 - 4 * 60_000,
    lastCheckAt: T0,
    lastLatencyMs: 42,
    lastError: null,
    certExpiresAt: null,
    flapping: false,
    manualNote: null,
    ...overrides,
  };
}

export function testSite(id: string, overrides: Partial<Site> = {}): Site {
  return { id, name: `Site ${id}`, address: null, tags: [], maintenance: false, createdAt: T0, updatedAt: T0, ...overrides };
}

export type BoardMonitor = BoardSnapshot['monitors'][number];

export function boardMonitor(
  id: string,
  siteId: string,
  overrides: Partial<Omit<BoardMonitor, 'state'>> & { state?: Partial<MonitorState> } = {},
): BoardMonitor {
  const { state, ...rest } = overrides;
  return {
    id,
    siteId,
    name: `Monitor ${id}`,
    kind: 'http',
    tags: [],
    parentId: null,
    target: `https://${id}.example/health`,
    ...rest,
    state: testState(id, state),
  };
}

/** A snapshot whose site counts agree with its monitors, as core's would. */
export function testSnapshot(sites: readonly Site[], monitors: readonly BoardMonitor[]): BoardSnapshot {
  return {
    at: T0,
    sites: sites.map((site) => {
      const statuses = monitors.filter((m) => m.siteId === site.id).map((m) => m.state.status);
      return { ...site, worst: worstStatus(statuses), counts: countStatuses(statuses) };
    }),
    total: monitors.length,
    monitors: [...monitors],
  };
}

export function testMonitor(id: string, overrides: Partial<Monitor> = {}): Monitor {
  return {
    id,
    siteId: 's1',
    name: `Monitor ${id}`,
    probe: {
      kind: 'http',
      url: `https://${id}.example/health`,
      method: 'GET',
      headers: {},
      expectedStatus: ['200-399'],
      followRedirects: true,
      maxRedirects: 5,
      verifyTls: true,
    },
    intervalSeconds: 30,
    timeoutSeconds: 10,
    failuresToDown: 2,
    successesToUp: 1,
    warnLatencyMs: 500,
    critLatencyMs: 2000,
    parentId: null,
    role: 'normal',
    tags: [],
    paused: false,
    maintenance: false,
    heartbeatToken: null,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function testDetail(monitor: Monitor, overrides: Partial<Omit<MonitorDetail, 'monitor'>> = {}): MonitorDetail {
  return {
    monitor,
    site: testSite(monitor.siteId),
    state: testState(monitor.id),
    uptime: { '24h': 99.5, '7d': 99.91, '30d': null },
    recentChanges: [],
    ...overrides,
  };
}

export function emptySeries(monitorId: string): Series {
  return { monitorId, range: '24h', bucketMs: 60_000, t: [], count: [], up: [], min: [], mean: [], max: [], p95: [] };
}
