import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import {
  methods,
  permissions,
  roleAtLeast,
  ROLE_LABELS,
  ROLES,
  whoMay,
  type AlertSnapshot,
  type AuditPage,
  type Incident,
  type MethodName,
  type Monitor,
  type Site,
  type SopTemplate,
  type Requirement,
  type Role,
} from '../../shared/contract';
import { LOCAL_OPERATOR, type Actor } from './policy';

const tempDir = useTempDirs();

/**
 * The decisions as reviewed against the roles of issue 13: viewer reads; operator works the
 * queue and incidents; supervisor silences, overrides, SOP templates, file restores, takeovers
 * without consent; admin users, channels, settings, monitors and sites, backup jobs, database
 * restore. Changing a line of the table means changing it here too, on purpose.
 */
const REVIEWED: Record<string, Requirement> = {
  // What the console says about itself; settings are read by every screen, changed by an admin.
  'app.info': 'public',
  'app.health': 'viewer',
  'app.healthHistory': 'viewer',
  'app.whoami': 'viewer',
  'settings.get': 'viewer',
  'settings.set': 'admin',
  // The audit log is not for wall displays; verifying the chain is a supervisor's check.
  'audit.list': 'operator',
  'audit.verify': 'supervisor',
  // Monitors and sites are an admin's; maintenance and pausing are a supervisor's (like silences);
  // a manual monitor's state is reported by whoever works the queue.
  'sites.list': 'viewer',
  'sites.create': 'admin',
  'sites.update': 'admin',
  'sites.delete': 'admin',
  'sites.setMaintenance': 'supervisor',
  'board.snapshot': 'viewer',
  'monitors.get': 'viewer',
  'monitors.series': 'viewer',
  'monitors.create': 'admin',
  'monitors.update': 'admin',
  'monitors.delete': 'admin',
  'monitors.pause': 'supervisor',
  'monitors.resume': 'supervisor',
  'monitors.setMaintenance': 'supervisor',
  'monitors.setManualState': 'operator',
  'config.export': 'admin',
  'config.import': 'admin',
  // The queue is an operator's; rules, escalation and silences a supervisor's; channels an admin's.
  'alerts.snapshot': 'viewer',
  'alerts.get': 'viewer',
  'alerts.acknowledge': 'operator',
  'alerts.claim': 'operator',
  'alerts.escalate': 'operator',
  'alerts.snooze': 'operator',
  'alerts.resolve': 'operator',
  'rules.list': 'viewer',
  'rules.create': 'supervisor',
  'rules.update': 'supervisor',
  'rules.delete': 'supervisor',
  'escalation.list': 'viewer',
  'escalation.set': 'supervisor',
  'silences.list': 'viewer',
  'silences.preview': 'supervisor',
  'silences.create': 'supervisor',
  'silences.update': 'supervisor',
  'silences.delete': 'supervisor',
  'channels.list': 'supervisor',
  'channels.create': 'admin',
  'channels.update': 'admin',
  'channels.delete': 'admin',
  'channels.test': 'admin',
  // Incidents are an operator's; a takeover without consent is a supervisor's.
  'incidents.list': 'viewer',
  'incidents.get': 'viewer',
  'incidents.report': 'operator',
  'incidents.create': 'operator',
  'incidents.linkAlerts': 'operator',
  'incidents.setState': 'operator',
  'incidents.setPriority': 'operator',
  'incidents.claim': 'operator',
  'incidents.requestTakeover': 'operator',
  'incidents.answerTakeover': 'operator',
  'incidents.overrideTakeover': 'supervisor',
  'incidents.handOver': 'operator',
  'incidents.checkStep': 'operator',
  'incidents.skipStep': 'operator',
  'incidents.reopenStep': 'operator',
  'incidents.addNote': 'operator',
  'incidents.postUpdate': 'operator',
  'incidents.resolve': 'operator',
  'incidents.setReview': 'operator',
  // SOP templates are a supervisor's.
  'sops.list': 'viewer',
  'sops.get': 'viewer',
  'sops.save': 'supervisor',
  'sops.import': 'supervisor',
  // Backups: operators see them; a supervisor runs, verifies and restores files; jobs and retention are an admin's.
  'backups.overview': 'operator',
  'backups.list': 'operator',
  'backups.files': 'supervisor',
  'backups.retentionPreview': 'admin',
  'backups.createJob': 'admin',
  'backups.updateJob': 'admin',
  'backups.deleteJob': 'admin',
  'backups.runNow': 'supervisor',
  'backups.cancel': 'supervisor',
  'backups.verify': 'supervisor',
  'backups.applyRetention': 'admin',
  'backups.restore': 'supervisor',

  // Signing in and what the sign-in and lock screens read need nobody signed in; signing out and
  // locking are harmless from any seat. Everyone looks after their own account; a step-up is
  // judged by the authorizer's role against the inner method.
  'auth.state': 'public',
  'auth.setup': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.lock': 'public',
  'auth.activity': 'viewer',
  'auth.changePassword': 'viewer',
  'auth.totpBegin': 'viewer',
  'auth.totpConfirm': 'viewer',
  'auth.stepUp': 'viewer',
  'users.list': 'admin',
  'users.people': 'viewer',
  'users.create': 'admin',
  'users.update': 'admin',
  'users.deactivate': 'admin',
  'users.reactivate': 'admin',
  'users.resetPassword': 'admin',
  'users.unlock': 'admin',
  'users.resetTotp': 'admin',
  'sessions.list': 'admin',
  'sessions.end': 'admin',
  'devices.pair': 'admin',
  // The consoles registered with a hub: who may connect at all is an admin's decision.
  'seats.list': 'admin',
  'seats.register': 'admin',
  'seats.revoke': 'admin',
  // A console's outbox: what waits to sync is anyone's to see; what the hub refused is redone or dropped by whoever may act.
  'outbox.list': 'viewer',
  'outbox.redo': 'operator',
  'outbox.drop': 'operator',
  // Who is signed in at which seat and which incident each has open: what every header and incident page shows.
  'presence.list': 'viewer',
  'presence.view': 'viewer',
  // Which backend a console works against: every seat's status bar shows it (the sign-in screen's too); choosing one is an admin's.
  'backend.state': 'public',
  'backend.inspectHub': 'admin',
  'backend.useHub': 'admin',
  'backend.useEmbedded': 'admin',
  // The console watching its own security: a supervisor's page (it reads the audit log).
  'security.summary': 'supervisor',
  // Recovery on a replacement workstation (issue 16): opening, verifying and restoring a folder's backups with their passphrase is an admin's.
  'backups.openFolder': 'admin',
  'backups.verifyFile': 'admin',
  'backups.restoreFile': 'admin',
  'backups.runs': 'operator',
  'backups.rotateKey': 'admin',
  // Issue 15, retention: what is kept and what the next prune removes is a supervisor's to read; editing it is settings.set (admin).
  'retention.overview': 'supervisor',
  // Shift handover (issue 15): what the Hand over page and its history show is anyone's; operators hand over and accept; the shifts are a supervisor's.
  'handovers.current': 'viewer',
  'handovers.list': 'viewer',
  'handovers.get': 'viewer',
  'handovers.start': 'operator',
  'handovers.setNotes': 'operator',
  'handovers.handOver': 'operator',
  'handovers.accept': 'operator',
  'handovers.ask': 'operator',
  'handovers.answer': 'operator',
  'handovers.setShifts': 'supervisor',
  // Reports (issue 15): availability and the monthly review are what a supervisor answers for.
  'reports.availability': 'supervisor',
  'reports.operationsReview': 'supervisor',
  // Issue 15: an audit export and checking one are a supervisor's, like verifying the chain; past alerts are read like the queue.
  'audit.export': 'supervisor',
  'audit.checkExport': 'supervisor',
  'alerts.history': 'viewer',
  // Routing (issue 16): who is on call is in every header; routes, levels, rotations and contacts are a supervisor's.
  'routing.get': 'viewer',
  'routing.set': 'supervisor',
  'routing.levels': 'viewer',
  'routing.setLevels': 'supervisor',
  'oncall.schedules': 'viewer',
  'oncall.save': 'supervisor',
  'oncall.delete': 'supervisor',
  'oncall.now': 'viewer',
  'oncall.contacts': 'supervisor',
  'oncall.setContact': 'supervisor',
  // Issue 16, watch the watcher: the heartbeat's health is everyone's to see; its address (with the check's key) and the summary are an admin's.
  'watcher.status': 'viewer',
  'watcher.settings': 'admin',
  'watcher.configure': 'admin',
  // Retired monitors: the list is read by everyone; restoring is a supervisor's (as pausing is), purging history an admin's (as deleting was).
  'monitors.retired': 'viewer',
  'monitors.restore': 'supervisor',
  'monitors.purge': 'admin',
  'oncall.onShift': 'viewer',
};

/** What a supervisor or admin who must set up two-factor sign-in may call besides the public methods: enrol, and what that screen reads. */
const WHILE_ENROLLING: readonly MethodName[] = ['auth.totpBegin', 'auth.totpConfirm', 'auth.activity', 'app.whoami', 'settings.get'];

const ACCESS_STATES: readonly Actor['access'][] = ['core', 'signed-out', 'signed-in', 'locked', 'enrolling'];
const METHODS = Object.keys(methods) as MethodName[];

function person(role: Role, access: Actor['access']): Actor {
  return { ...LOCAL_OPERATOR, id: `user-${role}`, displayName: 'Ann Example', role, seat: 'Desk 2', access, sessionId: 'session-1' };
}

function expectedDecision(method: MethodName, actor: Actor): { allowed: true } | { allowed: false; message: string } {
  const requirement = REVIEWED[method]!;
  if (actor.access === 'core' || requirement === 'public') return { allowed: true };
  if (actor.access === 'signed-out') return { allowed: false, message: 'Sign in first' };
  if (actor.access === 'locked' && methods[method].kind === 'command')
    return { allowed: false, message: 'This seat is locked: sign in to act' };
  if (actor.access === 'enrolling' && !WHILE_ENROLLING.includes(method))
    return { allowed: false, message: 'Set up two-factor sign-in first: your role requires it' };
  if (roleAtLeast(actor.role, requirement)) return { allowed: true };
  return { allowed: false, message: `${whoMay(requirement)}; Ann Example is ${ROLE_LABELS[actor.role]}` };
}

/** Every table but the audit log, as one digest: a refused call must leave it as it was. */
/**
 * Every row of a table but what watching refusals is meant to write: the security alert that three
 * refused commands raise (and its events), and the people clock's high-water mark.
 */
function rowsOf(sqlite: ReturnType<typeof startTestCore>['core']['store']['sqlite'], table: string): string {
  const columns = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
  if (table === 'meta') return `SELECT * FROM meta WHERE key <> 'people.clock-high-water'`;
  if (columns.includes('subject')) return `SELECT * FROM "${table}" WHERE subject NOT LIKE 'security:%'`;
  if (columns.includes('alert_id'))
    return `SELECT * FROM "${table}" WHERE alert_id NOT IN (SELECT id FROM alerts WHERE subject LIKE 'security:%')`;
  return `SELECT * FROM "${table}"`;
}

function contentDigest(sqlite: ReturnType<typeof startTestCore>['core']['store']['sqlite']): string {
  const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[])
    .map((t) => t.name)
    .filter((name) => name !== 'audit_log');
  const hash = createHash('sha256');
  for (const table of tables) hash.update(table).update(JSON.stringify(sqlite.prepare(rowsOf(sqlite, table)).raw().all()));
  return hash.digest('hex');
}

describe('the permission table', () => {
  it('has a reviewed decision for every method, and the table says the same', () => {
    expect(METHODS.filter((method) => REVIEWED[method] === undefined)).toEqual([]);
    expect(Object.fromEntries(METHODS.map((method) => [method, permissions[method]]))).toEqual(
      Object.fromEntries(METHODS.map((method) => [method, REVIEWED[method]])),
    );
  });

  it('lets no viewer change the console (only their own account) and no one signed out do anything but sign in', () => {
    const commands = METHODS.filter((method) => methods[method].kind === 'command');
    expect(commands.filter((method) => permissions[method] === 'viewer')).toEqual([
      'auth.changePassword',
      'auth.totpBegin',
      'auth.totpConfirm',
      'auth.stepUp',
    ]);
    expect(METHODS.filter((method) => permissions[method] === 'public')).toEqual([
      'app.info',
      'auth.state',
      'auth.setup',
      'auth.signIn',
      'auth.signOut',
      'auth.lock',
      'backend.state',
    ]);
  });
});

describe('the dispatcher enforces the table for every method, role and access state', () => {
  it('refuses exactly what the table refuses, saying who can; audits refused commands by name and seat; changes nothing', async () => {
    const { core, call } = startTestCore(tempDir(), { sopFolder: null });
    const auditHead = async () => {
      const page = await call('audit.list', { limit: 1 });
      if (!page.ok) throw new Error(page.error.message);
      return (page.value as AuditPage).entries[0] ?? null;
    };
    const refusals: { method: MethodName; actor: Actor; message: string }[] = [];
    const allowances: { method: MethodName; actor: Actor }[] = [];
    for (const method of METHODS)
      for (const role of ROLES)
        for (const access of ACCESS_STATES) {
          const actor = person(role, access);
          const decision = expectedDecision(method, actor);
          if (decision.allowed) allowances.push({ method, actor });
          else refusals.push({ method, actor, message: decision.message });
        }

    const before = contentDigest(core.store.sqlite);
    const wrong: string[] = [];
    for (const { method, actor, message } of refusals) {
      const previous = await auditHead();
      const result = await call(method, undefined, actor);
      const label = `${method} as ${actor.role} (${actor.access})`;
      if (result.ok || result.error.code !== 'forbidden' || result.error.message !== message) {
        wrong.push(`${label}: ${JSON.stringify(result)}`);
        continue;
      }
      const entry = await auditHead();
      if (methods[method].kind === 'command') {
        if (
          entry?.seq !== (previous?.seq ?? 0) + 1 ||
          entry.action !== method ||
          entry.detail !== `forbidden: ${message}` ||
          entry.actor !== actor.id ||
          entry.actorName !== 'Ann Example' ||
          entry.seat !== 'Desk 2' ||
          entry.result !== 'error'
        )
          wrong.push(`${label}: audited as ${JSON.stringify(entry)}`);
      } else if (entry?.seq !== previous?.seq) wrong.push(`${label}: a refused read was audited`);
    }
    expect(wrong).toEqual([]);
    expect(contentDigest(core.store.sqlite)).toBe(before);

    for (const { method, actor } of allowances) {
      const result = await call(method, undefined, actor);
      // The table lets anyone signed in look after their own account; with no account behind this
      // made-up person, the handler answers that (src/core/people tests cover real accounts).
      if (!result.ok && result.error.message === 'Only a person signed in at this seat can do this' && method.startsWith('auth.')) continue;
      if (!result.ok && result.error.code === 'forbidden')
        wrong.push(`${method} as ${actor.role} (${actor.access}): ${result.error.message}`);
    }
    expect(wrong).toEqual([]);
    expect(await call('audit.verify')).toMatchObject({ ok: true, value: { ok: true } });
    core.close();
  });

  it('keeps a locked seat reading the board and the queue, and refuses its commands', async () => {
    const { core, call } = startTestCore(tempDir(), { sopFolder: null });
    const locked = person('supervisor', 'locked');
    expect(await call('board.snapshot', undefined, locked)).toMatchObject({ ok: true });
    expect(await call('alerts.snapshot', undefined, locked)).toMatchObject({ ok: true });
    expect(await call('incidents.list', undefined, locked)).toMatchObject({ ok: true });
    expect(await call('settings.set', { consoleName: 'Locked desk' }, locked)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'This seat is locked: sign in to act' },
    });
    expect(await call('settings.get')).toMatchObject({ ok: true, value: { consoleName: 'Control room' } });
    core.close();
  });
});

describe('rights a role does not settle alone, checked where the target is known', () => {
  const MINUTE = 60_000;

  /** A test core with `ok`: a call as core's own actor that must succeed. */
  function coreWithOk() {
    const harness = startTestCore(tempDir());
    const ok = async <T>(method: string, input?: unknown): Promise<T> => {
      const envelope = await harness.call(method, input);
      if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
      return envelope.value as T;
    };
    return { ...harness, ok };
  }

  async function consoleWithTwoSites() {
    const harness = coreWithOk();
    const { ok } = harness;
    harness.core.start();
    const siteWithDownMonitor = async (name: string) => {
      const site = await ok<Site>('sites.create', { name });
      const monitor = await ok<Monitor>('monitors.create', { siteId: site.id, name: `${name} panel`, probe: { kind: 'manual' } });
      await ok('monitors.setManualState', { id: monitor.id, status: 'down', note: 'No signal' });
      return { site, monitor };
    };
    const north = await siteWithDownMonitor('Depot North');
    const south = await siteWithDownMonitor('Depot South');
    await harness.clock.advanceAsync(MINUTE, 1000);
    const alerts = (await ok<AlertSnapshot>('alerts.snapshot')).alerts;
    const alertOf = (siteId: string) => alerts.find((alert) => alert.siteId === siteId)!;
    return { ...harness, north: { ...north, alert: alertOf(north.site.id) }, south: { ...south, alert: alertOf(south.site.id) } };
  }

  it('lets a person limited to some sites act there; another site’s alerts, incidents and monitors need a supervisor', async () => {
    const { core, call, ok, north, south } = await consoleWithTwoSites();
    expect(north.alert).toBeDefined();
    const ann: Actor = { ...person('operator', 'signed-in'), sites: [north.site.id] };
    const sam: Actor = { ...person('supervisor', 'signed-in'), displayName: 'Sam Super', sites: [north.site.id] };
    const refusal = {
      ok: false,
      error: { code: 'forbidden', message: 'Only a supervisor or above may act on sites outside their own; Ann Example is an operator' },
    };

    expect(await call('alerts.claim', { id: north.alert.id }, ann)).toMatchObject({ ok: true });
    const before = contentDigest(core.store.sqlite);
    expect(await call('alerts.claim', { id: south.alert.id }, ann)).toMatchObject(refusal);
    expect(await call('monitors.setManualState', { id: south.monitor.id, status: 'up', note: 'Back' }, ann)).toMatchObject(refusal);
    expect(
      await call('incidents.create', { title: 'South panel', priority: 'P2', sopSlug: null, claim: true, alertIds: [south.alert.id] }, ann),
    ).toMatchObject(refusal);
    expect(contentDigest(core.store.sqlite)).toBe(before);
    const incident = await ok<Incident>('incidents.create', {
      title: 'South panel',
      priority: 'P2',
      sopSlug: null,
      claim: false,
      alertIds: [south.alert.id],
    });
    expect(await call('incidents.addNote', { id: incident.id, note: 'Called the guard' }, ann)).toMatchObject(refusal);
    expect((await ok<AuditPage>('audit.list', { action: 'incidents.addNote' })).entries).toMatchObject([
      { actor: ann.id, actorName: 'Ann Example', seat: 'Desk 2', result: 'error', detail: `forbidden: ${refusal.error.message}` },
    ]);

    expect(await call('alerts.claim', { id: south.alert.id }, sam)).toMatchObject({ ok: true });
    expect(await call('incidents.addNote', { id: incident.id, note: 'Guard on the way' }, sam)).toMatchObject({ ok: true });
    core.close();
  });

  it('lets only a supervisor do a supervisor’s SOP step or resolve with required steps open; a supervisor’s step-up at the seat is audited with both names', async () => {
    const { core, call, ok } = coreWithOk();
    const template = await ok<SopTemplate>('sops.save', {
      basedOnVersion: null,
      slug: 'vault-alarm',
      name: 'Vault alarm',
      steps: [
        { id: 'look', title: 'Look at the vault camera', role: 'operator' },
        { id: 'police', title: 'Authorise the police call-out', role: 'Supervisor' },
      ],
    });
    const incident = await ok<Incident>('incidents.create', { title: 'Vault', priority: 'P1', sopSlug: template.slug, claim: false });
    const ann = person('operator', 'signed-in');
    const stepUp: Actor = { ...ann, role: 'supervisor', authorizedBy: { id: 'user-sam', displayName: 'Sam Super' } };
    const digest = contentDigest(core.store.sqlite);
    for (const [method, input] of [
      ['incidents.checkStep', { id: incident.id, stepId: 'police', note: '' }],
      ['incidents.skipStep', { id: incident.id, stepId: 'police', reason: 'No need' }],
    ] as const)
      expect(await call(method, input, ann)).toMatchObject({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Only a supervisor or above may do "Authorise the police call-out"; Ann Example is an operator',
        },
      });
    expect(await call('incidents.resolve', { id: incident.id, resolution: 'Fine', override: 'Test alarm' }, ann)).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Only a supervisor or above may resolve an incident with required steps open; Ann Example is an operator',
      },
    });
    expect(contentDigest(core.store.sqlite)).toBe(digest);

    expect(await call('incidents.checkStep', { id: incident.id, stepId: 'look', note: '' }, ann)).toMatchObject({ ok: true });
    expect(await call('incidents.checkStep', { id: incident.id, stepId: 'police', note: 'Approved' }, stepUp)).toMatchObject({ ok: true });
    expect(await call('incidents.reopenStep', { id: incident.id, stepId: 'police', reason: 'Wrong vault' }, ann)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const [checked] = (await ok<AuditPage>('audit.list', { action: 'incidents.checkStep', limit: 1 })).entries;
    expect(checked).toMatchObject({
      actor: 'user-operator',
      actorName: 'Ann Example',
      seat: 'Desk 2',
      authorizedBy: { id: 'user-sam', displayName: 'Sam Super' },
      result: 'ok',
    });
    core.close();
  });

  it('lets a supervisor restore files but only an admin restore the console’s database', async () => {
    const { core, call } = startTestCore(tempDir(), { sopFolder: null });
    const sam = { ...person('supervisor', 'signed-in'), displayName: 'Sam Super' };
    expect(await call('backups.restore', { backupId: 'nightly-1', target: { kind: 'database', confirm: 'RESTORE' } }, sam)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only an admin or above may restore the console’s database; Sam Super is a supervisor' },
    });
    // Past the permission: the (missing) backup is what stops it.
    expect(await call('backups.restore', { backupId: 'nightly-1', target: { kind: 'folder', path: '/srv/restored' } }, sam)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await call(
        'backups.restore',
        { backupId: 'nightly-1', target: { kind: 'database', confirm: 'RESTORE' } },
        person('admin', 'signed-in'),
      ),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    core.close();
  });
});

describe('reading the audit log', () => {
  it('is audited for anyone but an admin: once per view (reader, seat and filter) within ten minutes, not per poll or page', async () => {
    const { core, call, clock } = startTestCore(tempDir(), { sopFolder: null });
    const ann = person('operator', 'signed-in');
    const reads = async () => {
      const page = await call('audit.list', { action: 'audit.read', limit: 500 });
      if (!page.ok) throw new Error(page.error.message);
      return (page.value as AuditPage).entries;
    };
    await call('settings.set', { consoleName: 'Night desk' });

    expect(await call('audit.list', { limit: 50 }, ann)).toMatchObject({ ok: true, value: { entries: [{ action: 'audit.read' }, {}] } });
    clock.advance(5_000);
    await call('audit.list', { limit: 50 }, ann);
    await call('audit.list', { limit: 50, beforeSeq: 2 }, ann);
    await call('audit.list', { limit: 50 }, person('admin', 'signed-in'));
    expect(await reads()).toMatchObject([
      { actor: ann.id, actorName: 'Ann Example', seat: 'Desk 2', target: 'audit', after: {}, result: 'ok' },
    ]);

    await call('audit.list', { action: 'settings.set' }, ann);
    await call('audit.list', { limit: 50 }, { ...ann, seat: 'Desk 3' });
    expect(await reads()).toHaveLength(3);
    clock.advance(10 * 60_000);
    await call('audit.list', { limit: 50 }, ann);
    expect((await reads())[0]).toMatchObject({ seat: 'Desk 2', after: {} });
    expect(await reads()).toHaveLength(4);
    core.close();
  });
});
