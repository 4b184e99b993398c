import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fake-clock';
import { passwordOf, startPeopleCore } from '../../../test/support/people';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Monitor, MonitorDetail, Rule, Site } from '../../shared/contract';

const tempDir = useTempDirs();
const MINUTE = 60_000;
const SECRET_URL = 'https://nightshift:Hunter2-pass@recorder.site-a.example/health';

/** Ada (the first admin) and Alex (another admin) at two seats, one HTTP monitor with a password in its URL, at 14:00 UTC. */
async function twoAdminsAndAMonitor() {
  const clock = new FakeClock(Date.UTC(2026, 10, 23, 14, 0));
  const harness = await startPeopleCore(tempDir(), { clock });
  await harness.person('alex', 'admin', 'Alex Admin');
  const ada = harness.adminDesk;
  const alex = harness.seat('seat-2');
  await alex.signIn('alex', passwordOf('alex'));
  const site = await ada.value<Site>('sites.create', { name: 'Depot' });
  const monitor = await ada.value<Monitor>('monitors.create', {
    siteId: site.id,
    name: 'Recorder',
    probe: { kind: 'http', url: SECRET_URL },
  });
  return { ...harness, clock, ada, alex, monitor };
}

/** The edit form's spec of a monitor as loaded (secrets masked, as a console sees them). */
const specOf = ({
  id: _id,
  paused: _p,
  maintenance: _m,
  heartbeatToken: _t,
  version: _v,
  createdAt: _c,
  updatedAt: _u,
  ...spec
}: Monitor) => spec;

describe('configuration edits carry the version they were based on', () => {
  it('refuses an edit of a monitor based on an older version with both sides shown, secrets masked; keeping mine re-applies it on the current one', async () => {
    const { core, clock, ada, alex, monitor } = await twoAdminsAndAMonitor();
    expect(monitor.version).toBe(1);
    // Both opened version 1; Ada saves first.
    clock.advance(5 * MINUTE);
    const adas = await ada.value<Monitor>('monitors.update', {
      id: monitor.id,
      monitor: { ...specOf(monitor), name: 'Gate recorder' },
      basedOnVersion: 1,
    });
    expect(adas.version).toBe(2);
    clock.advance(MINUTE);
    const alexsEdit = { ...specOf(monitor), intervalSeconds: 120 };
    const refused = await alex.call('monitors.update', { id: monitor.id, monitor: alexsEdit, basedOnVersion: 1 });
    if (refused.ok) throw new Error('a stale edit was applied');
    expect(refused.error.code).toBe('conflict');
    expect(refused.error.message).toBe(
      '"Gate recorder" was changed at 14:05 after you opened it (your edit is based on version 1; it is at version 2 now): compare them, then keep yours or take theirs',
    );
    expect(refused.error.versions?.basedOn).toMatchObject({
      version: 1,
      fields: {
        Name: 'Recorder',
        Site: 'Depot',
        Kind: 'http',
        URL: 'https://••••@recorder.site-a.example/health',
        'Interval (s)': '120',
        'Follow redirects': 'Yes',
      },
    });
    expect(refused.error.versions?.current).toMatchObject({
      version: 2,
      fields: { Name: 'Gate recorder', 'Interval (s)': '30', URL: 'https://••••@recorder.site-a.example/health' },
    });
    expect(JSON.stringify(refused.error)).not.toContain('Hunter2-pass');
    const stored = (await alex.value<MonitorDetail>('monitors.get', { id: monitor.id })).monitor;
    expect(stored).toMatchObject({ name: 'Gate recorder', intervalSeconds: 30, version: 2 });

    // "Keep mine": the same edit, now based on the version it was shown.
    const kept = await alex.value<Monitor>('monitors.update', { id: monitor.id, monitor: alexsEdit, basedOnVersion: 2 });
    expect(kept).toMatchObject({ name: 'Recorder', intervalSeconds: 120, version: 3 });
    core.close();
  });

  it('does not count pausing or maintenance as an edit: an edit based on the version before still applies and keeps them', async () => {
    const { core, ada, alex, monitor } = await twoAdminsAndAMonitor();
    await ada.value('monitors.pause', { id: monitor.id });
    const edited = await alex.value<Monitor>('monitors.update', {
      id: monitor.id,
      monitor: { ...specOf(monitor), name: 'Renamed' },
      basedOnVersion: 1,
    });
    expect(edited).toMatchObject({ name: 'Renamed', paused: true, version: 2 });
    core.close();
  });

  it('refuses an edit of an alert rule based on an older version, with both sides shown', async () => {
    const { core, clock, ada, alex } = await twoAdminsAndAMonitor();
    const rule = await ada.value<Rule>('rules.create', { name: 'Night', condition: { kind: 'monitor-down' }, severity: 'high' });
    expect(rule.version).toBe(1);
    clock.advance(3 * MINUTE);
    await ada.value('rules.update', {
      id: rule.id,
      rule: { name: 'Night', condition: { kind: 'monitor-down' }, severity: 'critical' },
      basedOnVersion: 1,
    });
    const refused = await alex.call('rules.update', {
      id: rule.id,
      rule: { name: 'Night', condition: { kind: 'monitor-down' }, severity: 'high', enabled: false },
      basedOnVersion: 1,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringContaining('"Night" was changed at 14:03'),
        versions: {
          basedOn: {
            version: 1,
            fields: { Severity: 'high', Enabled: 'No', 'Applies to': 'every monitor', Condition: 'kind: monitor-down' },
          },
          current: { version: 2, fields: { Severity: 'critical', Enabled: 'Yes' } },
        },
      },
    });
    core.close();
  });
});

describe('SOP templates: a save names the version it was based on', () => {
  const STEPS = [{ id: 'look', title: 'Look at the gate camera' }];

  it('refuses a save based on an older version, or a new template whose slug someone took meanwhile, with both sides shown', async () => {
    const { core, clock, ada, alex } = await twoAdminsAndAMonitor();
    await ada.value('sops.save', { slug: 'gate', name: 'Gate', steps: STEPS, basedOnVersion: null });
    clock.advance(2 * MINUTE);
    await ada.value('sops.save', {
      slug: 'gate',
      name: 'Gate',
      steps: [...STEPS, { id: 'call', title: 'Call the guard', required: false }],
      basedOnVersion: 1,
    });
    const refused = await alex.call('sops.save', { slug: 'gate', name: 'Gate (night)', steps: STEPS, basedOnVersion: 1 });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringContaining(
          '"Gate" was changed at 14:02 after you opened it (your edit is based on version 1; it is at version 2 now)',
        ),
        versions: {
          basedOn: { version: 1, fields: { Name: 'Gate (night)', 'Step 1': 'Look at the gate camera' } },
          current: { version: 2, fields: { Name: 'Gate', 'Step 1': 'Look at the gate camera', 'Step 2': 'Call the guard (optional)' } },
        },
      },
    });
    const takenMeanwhile = await alex.call('sops.save', { slug: 'gate', name: 'Gate', steps: STEPS, basedOnVersion: null });
    expect(takenMeanwhile).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('yours is new; it is at version 2 now') },
    });
    // Keeping mine: the same template, based on the version it was shown.
    expect(await alex.value('sops.save', { slug: 'gate', name: 'Gate (night)', steps: STEPS, basedOnVersion: 2 })).toMatchObject({
      version: 3,
    });
    core.close();
  });
});
