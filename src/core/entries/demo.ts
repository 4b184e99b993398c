import { randomBytes } from 'node:crypto';
import type { DemoPerson } from './demo-folder';
import { DEFAULT_SETTINGS, type BoardSnapshot, type MonitorInput, type ProbeConfig, type Role } from '../../shared/contract';
import { invoke, LOCAL_OPERATOR, type Actor, type Dispatcher } from '../service';
import type { DemoSimulator } from './demo-simulator';

const DEMO_SEEDER: Actor = { ...LOCAL_OPERATOR, id: 'demo-seed', displayName: 'Demo data', seat: 'demo data' };
const ctx = { actor: DEMO_SEEDER };
const DEMO_TAG = 'demo';

type DemoMonitor = Omit<MonitorInput, 'siteId' | 'parentId' | 'probe'> & {
  key: string;
  probe: (sim: DemoSimulator) => ProbeConfig;
  parent?: string;
};

const http =
  (path: string) =>
  (sim: DemoSimulator): ProbeConfig =>
    ({ kind: 'http', url: `http://127.0.0.1:${sim.httpPort}${path}` }) as ProbeConfig;
const tcpOpen = (sim: DemoSimulator): ProbeConfig => ({ kind: 'tcp', host: '127.0.0.1', port: sim.openTcpPort });
const tcpClosed = (sim: DemoSimulator): ProbeConfig => ({ kind: 'tcp', host: '127.0.0.1', port: sim.closedTcpPort });

/** Sites of a security company, each showing different states, all pointed at the local simulator. */
const DEMO_SITES: { name: string; address: string; monitors: DemoMonitor[] }[] = [
  {
    name: 'Depot North',
    address: 'Harbour Road 12',
    monitors: [
      { key: 'north-uplink', name: 'Site uplink', probe: tcpOpen, intervalSeconds: 15, timeoutSeconds: 5, tags: ['uplink'] },
      { key: 'north-nvr', name: 'NVR web interface', probe: http('/healthy'), parent: 'north-uplink', tags: ['video'] },
      // Every 15 s like the demo's other links: its slowness shows soon after a start, and one probe lost
      // while a busy machine starts costs 15 s, not the default 30.
      {
        key: 'north-cam3',
        name: 'Camera 3 stream (slow link)',
        probe: http('/slow'),
        intervalSeconds: 15,
        timeoutSeconds: 5,
        parent: 'north-uplink',
        tags: ['video'],
      },
      { key: 'north-door', name: 'Door controller', probe: tcpOpen, parent: 'north-uplink', tags: ['access'] },
      {
        key: 'north-intercom',
        name: 'Gate intercom (flapping)',
        probe: http('/flapping'),
        intervalSeconds: 15,
        timeoutSeconds: 5,
        failuresToDown: 1,
        parent: 'north-uplink',
        tags: ['access'],
      },
      {
        key: 'north-panel-hb',
        name: 'Alarm panel heartbeat',
        probe: () => ({ kind: 'heartbeat', graceSeconds: 20 }),
        intervalSeconds: 20,
        timeoutSeconds: 5,
        tags: ['alarm'],
      },
    ],
  },
  {
    name: 'Harbour Gate',
    address: 'Quay 4',
    monitors: [
      { key: 'gate-uplink', name: 'Gate uplink', probe: http('/failing'), intervalSeconds: 15, timeoutSeconds: 5, tags: ['uplink'] },
      {
        key: 'gate-barrier',
        name: 'Barrier controller',
        probe: tcpClosed,
        intervalSeconds: 15,
        timeoutSeconds: 5,
        parent: 'gate-uplink',
        tags: ['access'],
      },
      { key: 'gate-camera', name: 'Gate camera', probe: http('/healthy'), parent: 'gate-uplink', tags: ['video'] },
    ],
  },
  {
    name: 'Retail Park East',
    address: 'Unit 7, Retail Park',
    monitors: [
      { key: 'east-recorder', name: 'Recorder', probe: http('/healthy'), tags: ['video'] },
      {
        key: 'east-fire-hb',
        name: 'Fire panel heartbeat (silent)',
        probe: () => ({ kind: 'heartbeat', graceSeconds: 10 }),
        intervalSeconds: 30,
        timeoutSeconds: 5,
        tags: ['fire'],
      },
      { key: 'east-guard', name: 'Guard tour checkpoint (manual)', probe: () => ({ kind: 'manual' }), tags: ['guarding'] },
      { key: 'east-cam12', name: 'Camera 12 (in maintenance)', probe: http('/healthy'), tags: ['video'] },
      { key: 'east-spare', name: 'Spare recorder (paused)', probe: tcpOpen, tags: ['video'] },
      { key: 'east-ping', name: 'Console loopback ping', probe: () => ({ kind: 'icmp', host: '127.0.0.1' }), tags: ['network'] },
    ],
  },
];

/**
 * Demo data goes in through the dispatcher like any command, so it is validated and audited.
 * On a later start of the same data folder the simulator has new ports: the demo monitors are
 * pointed at them again, nothing else is touched.
 */
export async function seedDemoData(dispatcher: Dispatcher, simulator: DemoSimulator): Promise<void> {
  const settings = await invoke(dispatcher, 'settings.get', undefined, ctx);
  if (settings.consoleName === DEFAULT_SETTINGS.consoleName)
    await invoke(dispatcher, 'settings.set', { consoleName: 'Demo control room' }, ctx);

  const board = await invoke(dispatcher, 'board.snapshot', undefined, ctx);
  const existing = new Map(board.monitors.filter((m) => m.tags.includes(DEMO_TAG)).map((m) => [m.name, m]));
  if (existing.size > 0) return repointDemoMonitors(dispatcher, simulator, existing);

  for (const siteSpec of DEMO_SITES) {
    const site = await invoke(dispatcher, 'sites.create', { name: siteSpec.name, address: siteSpec.address, tags: [DEMO_TAG] }, ctx);
    const ids = new Map<string, string>();
    for (const spec of siteSpec.monitors) {
      const { key: _key, probe, parent, ...rest } = spec;
      const monitor = await invoke(
        dispatcher,
        'monitors.create',
        {
          ...rest,
          siteId: site.id,
          probe: probe(simulator),
          parentId: parent ? (ids.get(parent) ?? null) : null,
          tags: [...(rest.tags ?? []), DEMO_TAG],
        },
        ctx,
      );
      ids.set(spec.key, monitor.id);
    }
    for (const [key, id] of ids) {
      if (key === 'east-guard')
        await invoke(dispatcher, 'monitors.setManualState', { id, status: 'up', note: 'Tour completed 21:40 by guard 14' }, ctx);
      if (key === 'east-cam12') await invoke(dispatcher, 'monitors.setMaintenance', { id, maintenance: true }, ctx);
      if (key === 'east-spare') await invoke(dispatcher, 'monitors.pause', { id }, ctx);
    }
  }
  await seedDemoIncident(dispatcher);
}

/** One incident being worked, so the incidents page and its checklist have something to show. */
async function seedDemoIncident(dispatcher: Dispatcher): Promise<void> {
  // Without the shipped templates (a damaged install) the demo still starts, with an incident that follows no SOP.
  const hasSop = (await invoke(dispatcher, 'sops.list', undefined, ctx)).some((t) => t.slug === 'camera-down');
  const incident = await invoke(
    dispatcher,
    'incidents.create',
    {
      title: 'Recorder 2 at the east depot stopped recording',
      priority: 'P1',
      sopSlug: hasSop ? 'camera-down' : null,
      note: 'Reported by the night guard at 21:52',
    },
    ctx,
  );
  if (hasSop)
    await invoke(
      dispatcher,
      'incidents.checkStep',
      { id: incident.id, stepId: 'identify-scope', note: 'Cameras 9-16 without video since 21:47' },
      ctx,
    );
}

/** A later start of a demo folder: the simulator listens on new ports, so the demo monitors follow it; nothing is added. */
export async function refreshDemoMonitors(dispatcher: Dispatcher, simulator: DemoSimulator): Promise<void> {
  const board = await invoke(dispatcher, 'board.snapshot', undefined, ctx);
  await repointDemoMonitors(
    dispatcher,
    simulator,
    new Map(board.monitors.filter((m) => m.tags.includes(DEMO_TAG)).map((m) => [m.name, m])),
  );
}

async function repointDemoMonitors(
  dispatcher: Dispatcher,
  simulator: DemoSimulator,
  existing: Map<string, BoardSnapshot['monitors'][number]>,
): Promise<void> {
  for (const spec of DEMO_SITES.flatMap((s) => s.monitors)) {
    const current = existing.get(spec.name);
    if (!current) continue;
    const detail = await invoke(dispatcher, 'monitors.get', { id: current.id }, ctx);
    const probe = spec.probe(simulator);
    if (sameTarget(detail.monitor.probe, probe)) continue;
    const {
      id: _id,
      paused: _p,
      maintenance: _m,
      heartbeatToken: _t,
      version,
      createdAt: _c,
      updatedAt: _u,
      ...unchanged
    } = detail.monitor;
    await invoke(dispatcher, 'monitors.update', { id: current.id, monitor: { ...unchanged, probe }, basedOnVersion: version }, ctx);
  }
}

function sameTarget(a: ProbeConfig, b: ProbeConfig): boolean {
  if (a.kind === 'http' && b.kind === 'http') return a.url === b.url;
  if (a.kind === 'tcp' && b.kind === 'tcp') return a.host === b.host && a.port === b.port;
  return a.kind === b.kind;
}

/** Heartbeat monitors that the simulator keeps alive: every one but the deliberately silent fire panel. */
export async function demoHeartbeatTokens(dispatcher: Dispatcher): Promise<string[]> {
  const board = await invoke(dispatcher, 'board.snapshot', undefined, ctx);
  const tokens: string[] = [];
  for (const monitor of board.monitors) {
    if (monitor.kind !== 'heartbeat' || !monitor.tags.includes(DEMO_TAG) || monitor.name.includes('silent')) continue;
    const detail = await invoke(dispatcher, 'monitors.get', { id: monitor.id }, ctx);
    if (detail.monitor.heartbeatToken) tokens.push(detail.monitor.heartbeatToken);
  }
  return tokens;
}

/** One of each role, so a demo shows what each may do. */
const DEMO_PEOPLE: readonly { username: string; displayName: string; role: Role }[] = [
  { username: 'operator', displayName: 'Olga Operator', role: 'operator' },
  { username: 'supervisor', displayName: 'Sam Supervisor', role: 'supervisor' },
  { username: 'admin', displayName: 'Ada Admin', role: 'admin' },
  { username: 'viewer', displayName: 'Wall viewer', role: 'viewer' },
];

/**
 * Demo users with fresh random passwords, made only while no user exists. The database keeps only
 * their hashes; serve mode keeps the first passwords in the demo folder to print at every demo start.
 */
export async function seedDemoUsers(dispatcher: Dispatcher): Promise<DemoPerson[]> {
  if ((await invoke(dispatcher, 'users.list', undefined, ctx)).length > 0) return [];
  const made: DemoPerson[] = [];
  for (const person of DEMO_PEOPLE) {
    const password = randomBytes(12).toString('base64url');
    await invoke(dispatcher, 'users.create', { ...person, sites: null, password }, ctx);
    made.push({ username: person.username, role: person.role, password });
  }
  return made;
}

/** The lines serve mode prints at every demo start. */
export function demoPeopleText(people: readonly DemoPerson[]): string {
  if (people.length === 0) return '';
  const rows = people.map((person) => `  ${person.role.padEnd(11)} ${person.username.padEnd(11)} ${person.password}`);
  return `Demo users (their first passwords; one an admin has reset since no longer works):\n  role        username    password\n${rows.join('\n')}\n`;
}
