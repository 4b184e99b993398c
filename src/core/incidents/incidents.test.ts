import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_SOP_FOLDER, startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import type {
  AlertSnapshot,
  AppInfo,
  AuditPage,
  Envelope,
  Incident,
  IncidentAttention,
  IncidentDetail,
  IncidentReport,
  SopSaveInput,
  SopTemplate,
  SopTemplateInput,
} from '../../shared/contract';
import { LOCAL_OPERATOR, type Actor } from '../service';

const tempDir = useTempDirs();
const MINUTE = 60_000;
const OPERATOR_B: Actor = { ...LOCAL_OPERATOR, id: 'operator-b', displayName: 'Operator B', role: 'operator' };

/** A yes/no branch, an input with a pattern, and a step only one branch reaches. */
const PATROL: SopTemplateInput = {
  slug: 'patrol-check',
  name: 'Patrol check',
  steps: [
    { id: 'look', title: 'Look at the gate camera' },
    { id: 'intruder', title: 'Is someone inside the fence?', kind: 'yes-no', onYes: 'call-police', onNo: 'log-false-alarm' },
    { id: 'log-false-alarm', title: 'Log the false alarm cause', required: true, onYes: null },
    {
      id: 'call-police',
      title: 'Call the police',
      kind: 'input',
      input: { label: 'Police reference', pattern: '^[A-Z]{2}-\\d{6}$', example: 'AB-123456' },
    },
    { id: 'tell-client', title: 'Tell the client', required: false },
  ],
};

async function setup(options: { clock?: FakeClock; dataDir?: string; sopFolder?: string | null; key?: Buffer } = {}) {
  const clock = options.clock ?? new FakeClock();
  const dataDir = options.dataDir ?? tempDir();
  const harness = startTestCore(dataDir, {
    clock,
    ...(options.sopFolder !== undefined ? { sopFolder: options.sopFolder } : {}),
    ...(options.key ? { key: options.key } : {}),
  });
  const attention: IncidentAttention[] = [];
  harness.core.dispatcher.subscribe((message) => {
    if (message.event === 'incident.attention') attention.push(message.payload);
  });
  harness.core.start();
  const call = (method: string, input?: unknown, actor?: Actor): Promise<Envelope> => harness.call(method, input, actor);
  const ok = async <T>(method: string, input?: unknown, actor?: Actor): Promise<T> => {
    const envelope = await call(method, input, actor);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const refused = async (method: string, input: unknown, actor?: Actor) => {
    const envelope = await call(method, input, actor);
    if (envelope.ok) throw new Error(`${method} was accepted`);
    return envelope.error;
  };
  const detail = (id: string) => ok<IncidentDetail>('incidents.get', { id });
  const openAlerts = async () => (await ok<AlertSnapshot>('alerts.snapshot')).alerts.filter((a) => a.state !== 'resolved');
  const auditOf = async (id: string) => (await ok<AuditPage>('audit.list', { target: `incident:${id}` })).entries;
  return { clock, dataDir, key: harness.key, attention, call, ok, refused, detail, openAlerts, auditOf, core: harness.core };
}

describe('SLA clocks', () => {
  it('records a missed respond target once, raises a supervisor alert, and resolves that alert with the incident', async () => {
    const { clock, ok, detail, openAlerts, attention, core } = await setup();
    const incident = await ok<Incident>('incidents.create', {
      title: 'Gate camera dark',
      priority: 'P1',
      sopSlug: 'camera-down',
      claim: false,
    });
    expect(incident.respondDueAt - incident.startedAt).toBe(30 * MINUTE);
    expect(incident.resolveDueAt - incident.startedAt).toBe(4 * 60 * MINUTE);

    await clock.advanceAsync(29 * MINUTE, 60_000);
    expect((await detail(incident.id)).incident.respondBreachedAt).toBeNull();
    await clock.advanceAsync(2 * MINUTE);
    const breached = (await detail(incident.id)).incident;
    expect(breached.respondBreachedAt).not.toBeNull();
    expect((await detail(incident.id)).timeline.filter((e) => e.kind === 'respond-breached')).toHaveLength(1);
    const [alert] = await openAlerts();
    expect(alert).toMatchObject({ ruleId: 'builtin-incident-sla-breached', severity: 'high', subject: `incident:${incident.id}` });
    expect(alert!.summary).toContain(`INC-${incident.number} (P1) missed its respond target`);
    expect(attention.filter((a) => a.reason === 'respond-breached')).toHaveLength(1);

    // A later minute does not breach it again.
    await clock.advanceAsync(5 * MINUTE, 60_000);
    expect((await detail(incident.id)).timeline.filter((e) => e.kind === 'respond-breached')).toHaveLength(1);

    await ok('incidents.resolve', { id: incident.id, resolution: 'Camera replaced', override: 'Done on site by the technician' });
    expect(await openAlerts()).toEqual([]);
    core.close();
  });

  // An attack test linked [A, A, A] and then [B, B]: five links and five "Alert linked" entries for two alerts.
  it('links an alert named twice once, at opening and later', async () => {
    const { ok, detail, core } = await setup();
    for (const job of ['nightly', 'weekly'])
      core.alerting.engine.reportExternal('backup-failed', { subject: `backup-job:${job}`, name: job, siteId: null }, `${job} failed`);
    const [first, second] = (await ok<AlertSnapshot>('alerts.snapshot')).alerts.map((alert) => alert.id);
    const incident = await ok<Incident>('incidents.create', {
      title: 'Backups failing',
      priority: 'P2',
      sopSlug: null,
      alertIds: [first, first, first],
    });
    expect(incident.alerts.map((link) => link.alertId)).toEqual([first]);
    const linked = await ok<Incident>('incidents.linkAlerts', { id: incident.id, alertIds: [second, second] });
    expect(linked.alerts.map((link) => link.alertId)).toEqual([first, second]);
    expect((await detail(incident.id)).timeline.filter((entry) => entry.kind === 'alert-linked')).toHaveLength(2);
    core.close();
  });

  it('moves the clocks with a priority change, and stops the respond clock when someone claims it', async () => {
    const { clock, ok, detail, core } = await setup();
    const incident = await ok<Incident>('incidents.create', { title: 'Panel offline', priority: 'P2', sopSlug: null, claim: false });
    await clock.advanceAsync(10 * MINUTE, 60_000);
    const raised = await ok<Incident>('incidents.setPriority', { id: incident.id, priority: 'P0', reason: 'Bank vault site' });
    expect(raised.respondDueAt).toBe(incident.startedAt + 15 * MINUTE);
    expect(raised.resolveDueAt).toBe(incident.startedAt + 60 * MINUTE);
    await ok('incidents.claim', { id: incident.id });
    await clock.advanceAsync(10 * MINUTE, 60_000);
    const after = (await detail(incident.id)).incident;
    expect(after.respondedAt).toBe(incident.startedAt + 10 * MINUTE);
    expect(after.respondBreachedAt).toBeNull();
    core.close();
  });

  it('starts the clocks at the first sighting of the alerts it was opened from', async () => {
    const { clock, ok, core } = await setup();
    core.alerting.engine.reportExternal(
      'backup-failed',
      { subject: 'backup-job:nightly', name: 'Nightly backup', siteId: null },
      'Nightly backup failed: disk full',
    );
    const [alert] = (await ok<AlertSnapshot>('alerts.snapshot')).alerts;
    await clock.advanceAsync(20 * MINUTE, 60_000);
    const incident = await ok<Incident>('incidents.create', {
      title: 'Backups failing',
      priority: 'P1',
      sopSlug: 'backup-failure',
      alertIds: [alert!.id],
    });
    expect(incident.startedAt).toBe(alert!.firstSeenAt);
    expect(incident.respondDueAt).toBe(alert!.firstSeenAt + 30 * MINUTE);
    expect(incident.alerts).toEqual([expect.objectContaining({ alertId: alert!.id, summary: 'Nightly backup failed: disk full' })]);
    core.close();
  });
});

describe('P0 status updates', () => {
  it('reminds every 15 minutes that an update is due, until one is posted', async () => {
    const { clock, ok, attention, core } = await setup();
    const incident = await ok<Incident>('incidents.create', {
      title: 'Duress alarm at the depot',
      priority: 'P0',
      sopSlug: 'duress-alarm',
    });
    const dueReminders = () => attention.filter((a) => a.reason === 'update-due' && a.incidentId === incident.id).length;
    await clock.advanceAsync(14 * MINUTE, 60_000);
    expect(dueReminders()).toBe(0);
    await clock.advanceAsync(2 * MINUTE, 60_000);
    expect(dueReminders()).toBe(1);
    await clock.advanceAsync(10 * MINUTE, 60_000);
    expect(dueReminders()).toBe(1);
    await clock.advanceAsync(6 * MINUTE, 60_000);
    expect(dueReminders()).toBe(2);

    const updated = await ok<Incident>('incidents.postUpdate', {
      id: incident.id,
      template: 'progress',
      whatHappened: 'Police on site',
      impact: 'Depot closed',
      actions: 'Guard posted',
      nextUpdateInMinutes: 60,
    });
    // A P0 is due every 15 minutes whatever the update promised.
    expect(updated.nextUpdateDueAt).toBe(clock.now() + 15 * MINUTE);
    await clock.advanceAsync(14 * MINUTE, 60_000);
    expect(dueReminders()).toBe(2);
    await clock.advanceAsync(2 * MINUTE, 60_000);
    expect(dueReminders()).toBe(3);
    core.close();
  });
});

describe('SOP checklists', () => {
  it('follows a yes/no branch, validates an input, and refuses a step the answer led past', async () => {
    const { ok, refused, detail, core } = await setup();
    await ok<SopTemplate>('sops.save', { ...PATROL, basedOnVersion: null });
    const incident = await ok<Incident>('incidents.create', { title: 'Fence alarm', priority: 'P1', sopSlug: 'patrol-check' });
    await ok('incidents.checkStep', { id: incident.id, stepId: 'look', note: 'Figure near the gate' });
    expect((await refused('incidents.checkStep', { id: incident.id, stepId: 'intruder' })).fields).toEqual([
      { path: 'answer', message: 'Answer yes or no' },
    ]);
    await ok('incidents.checkStep', { id: incident.id, stepId: 'intruder', answer: 'yes' });

    const pastIt = await refused('incidents.checkStep', { id: incident.id, stepId: 'log-false-alarm' });
    expect(pastIt.code).toBe('conflict');
    expect(pastIt.message).toContain('not needed');

    const badValue = await refused('incidents.checkStep', { id: incident.id, stepId: 'call-police', value: '123' });
    expect(badValue.fields?.[0]?.path).toBe('value');
    expect(badValue.message).toContain('Police reference');
    await ok('incidents.checkStep', { id: incident.id, stepId: 'call-police', value: 'AB-123456' });

    const { incident: after, timeline } = await detail(incident.id);
    expect(after.steps.find((s) => s.stepId === 'call-police')).toMatchObject({ status: 'done', by: 'Local operator', value: 'AB-123456' });
    expect(timeline.map((e) => e.detail)).toContain('Step "Call the police" done: AB-123456');
    // Only the optional step is left: the branch not taken is not required, so it resolves without an override.
    await ok('incidents.resolve', { id: incident.id, resolution: 'Intruder arrested' });
    core.close();
  });

  it('refuses an input pattern the linear engine cannot run at save and at import, and checks a hostile value without freezing', async () => {
    const { ok, refused, core } = await setup();
    const withPattern = (pattern: string): SopSaveInput => ({
      ...PATROL,
      basedOnVersion: null,
      steps: PATROL.steps.map((step) => (step.id === 'call-police' ? { ...step, input: { label: 'Police reference', pattern } } : step)),
    });
    const saved = await refused('sops.save', withPattern('([A-Z])\\1-\\d+'));
    expect(saved.fields).toEqual([
      {
        path: 'steps.3.input.pattern',
        message: 'Back-references such as \\1 are not supported: a pattern cannot repeat what an earlier group matched',
      },
    ]);
    const yaml = [
      'slug: gate',
      'name: Gate',
      'steps:',
      '  - id: ref',
      '    title: Note the reference',
      '    kind: input',
      '    input:',
      '      label: Reference',
      "      pattern: '(?=AB)[A-Z]{2}\\d+'",
      '',
    ].join('\n');
    const imported = await refused('sops.import', { fileName: 'gate.yaml', text: yaml });
    expect(imported.fields?.[0]).toMatchObject({
      path: 'steps.0.input.pattern',
      line: 9,
      message: expect.stringMatching(/^Look-ahead and look-behind/),
    });

    // (a+)+ and 32 characters froze core for 14.7 s on a backtracking engine; 500 now take no time.
    await ok<SopTemplate>('sops.save', withPattern('(a+)+$'));
    const incident = await ok<Incident>('incidents.create', { title: 'Fence alarm', priority: 'P1', sopSlug: 'patrol-check' });
    await ok('incidents.checkStep', { id: incident.id, stepId: 'intruder', answer: 'yes' });
    const hostile = await refused('incidents.checkStep', { id: incident.id, stepId: 'call-police', value: `${'a'.repeat(499)}!` });
    expect(hostile.fields?.[0]?.path).toBe('value');
    await ok('incidents.checkStep', { id: incident.id, stepId: 'call-police', value: 'a'.repeat(500) });
    core.close();
  });

  it('keeps the template version an incident started with when the template is saved again', async () => {
    const { ok, detail, core } = await setup();
    const v1 = await ok<SopTemplate>('sops.save', { ...PATROL, basedOnVersion: null });
    const first = await ok<Incident>('incidents.create', { title: 'Fence alarm', priority: 'P2', sopSlug: 'patrol-check' });
    const v2 = await ok<SopTemplate>('sops.save', { ...PATROL, steps: [{ id: 'only', title: 'One new step' }], basedOnVersion: 1 });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const pinned = await detail(first.id);
    expect(pinned.incident.sop).toEqual({ slug: 'patrol-check', version: 1, name: 'Patrol check' });
    expect(pinned.template?.steps.map((s) => s.id)).toEqual(['look', 'intruder', 'log-false-alarm', 'call-police', 'tell-client']);
    const second = await ok<Incident>('incidents.create', { title: 'Fence alarm again', priority: 'P2', sopSlug: 'patrol-check' });
    expect((await detail(second.id)).template?.steps.map((s) => s.id)).toEqual(['only']);
    core.close();
  });

  it('asks a reason to skip a step, tells the supervisor, and audits it; resolving with required steps open needs an override', async () => {
    const { ok, refused, detail, openAlerts, auditOf, attention, core } = await setup();
    const incident = await ok<Incident>('incidents.create', { title: 'Recorder 2 offline', priority: 'P1', sopSlug: 'camera-down' });
    expect((await refused('incidents.skipStep', { id: incident.id, stepId: 'remote-restart', reason: ' ' })).fields?.[0]?.path).toBe(
      'reason',
    );
    await ok('incidents.skipStep', { id: incident.id, stepId: 'remote-restart', reason: 'Switch unreachable' });
    expect(attention).toEqual([expect.objectContaining({ reason: 'step-skipped', incidentId: incident.id })]);
    expect(await openAlerts()).toEqual([expect.objectContaining({ ruleId: 'builtin-incident-step-skipped', severity: 'medium' })]);

    const refusal = await refused('incidents.resolve', { id: incident.id, resolution: 'Recorder rebooted on site' });
    expect(refusal.code).toBe('invalid_input');
    expect(refusal.message).toContain('required steps are still open');
    expect(refusal.fields).toEqual([expect.objectContaining({ path: 'override' })]);
    expect((await detail(incident.id)).incident.state).toBe('investigating');

    await ok('incidents.resolve', {
      id: incident.id,
      resolution: 'Recorder rebooted on site',
      override: 'Technician fixed it before the steps were done',
    });
    const audit = await auditOf(incident.id);
    expect(audit.find((e) => e.action === 'incidents.skipStep')).toMatchObject({ actor: 'local-operator', result: 'ok' });
    expect(JSON.stringify(audit.find((e) => e.action === 'incidents.skipStep')?.after)).toContain('Switch unreachable');
    expect(audit.find((e) => e.action === 'incidents.resolve')?.after).toMatchObject({
      resolveOverride: 'Technician fixed it before the steps were done',
    });
    // The skipped-step alert resolves with the incident.
    expect(await openAlerts()).toEqual([]);

    const late = await refused('incidents.checkStep', { id: incident.id, stepId: 'identify-scope' });
    expect(late.code).toBe('conflict');
    expect(late.message).toMatch(/INC-\d+ already resolved by .* at .*: checking a step no longer applies/);
    // Notes and the review still apply to a resolved incident.
    await ok('incidents.addNote', { id: incident.id, note: 'Client informed by phone' });
    core.close();
  });
});

describe('ownership', () => {
  it('takes over with the owner consent, or without it only with an audited reason', async () => {
    const { ok, refused, detail, auditOf, core } = await setup();
    const incident = await ok<Incident>('incidents.create', { title: 'Fire alarm zone 3', priority: 'P0', sopSlug: 'fire-alarm' });
    expect(incident.owner).toBe('Local operator');
    expect((await refused('incidents.claim', { id: incident.id }, OPERATOR_B)).message).toContain('already owned by Local operator');

    await ok('incidents.requestTakeover', { id: incident.id, note: 'My shift starts' }, OPERATOR_B);
    expect((await refused('incidents.answerTakeover', { id: incident.id, accept: true }, OPERATOR_B)).code).toBe('forbidden');
    await ok('incidents.answerTakeover', { id: incident.id, accept: false, note: 'Almost done' });
    expect((await detail(incident.id)).incident).toMatchObject({ owner: 'Local operator', takeoverRequest: null });

    await ok('incidents.requestTakeover', { id: incident.id }, OPERATOR_B);
    await ok('incidents.answerTakeover', { id: incident.id, accept: true });
    expect((await detail(incident.id)).incident).toMatchObject({ ownerId: 'operator-b', owner: 'Operator B' });

    await ok('incidents.overrideTakeover', { id: incident.id, reason: 'Operator B left the room for the fire brigade' });
    expect((await detail(incident.id)).incident.owner).toBe('Local operator');
    const override = (await auditOf(incident.id)).find((e) => e.action === 'incidents.overrideTakeover');
    expect(JSON.stringify(override?.after)).toContain('without consent: Operator B left the room for the fire brigade');

    // A handover names a person of the console by id (ownership.test.ts); a name typed from memory is nobody.
    expect((await refused('incidents.handOver', { id: incident.id, toId: 'Night supervisor' })).code).toBe('invalid_input');
    expect((await detail(incident.id)).timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'claimed', 'takeover-requested', 'takeover-declined', 'taken-over']),
    );
    core.close();
  });
});

describe('the incident list of a person limited to some sites', () => {
  it('lists their own sites first, most urgent first within each part', async () => {
    const { ok, openAlerts, core } = await setup();
    const incidentAt = async (siteName: string, priority: 'P0' | 'P2') => {
      const site = await ok<{ id: string }>('sites.create', { name: siteName });
      const subject = { subject: `backup-job:${site.id}`, name: `${siteName} recorder backup`, siteId: site.id };
      core.alerting.engine.reportExternal('backup-failed', subject, `${siteName} recorder backup failed`);
      const alert = (await openAlerts()).find((a) => a.siteId === site.id);
      const incident = await ok<Incident>('incidents.create', {
        title: `${siteName} backups`,
        priority,
        sopSlug: null,
        alertIds: [alert?.id],
      });
      return { site, incident };
    };
    const pier = await incidentAt('Pier', 'P2');
    const depot = await incidentAt('Depot', 'P0');
    // Each incident takes its site from its alert.
    expect([pier.incident.siteId, depot.incident.siteId]).toEqual([pier.site.id, depot.site.id]);
    const titles = async (actor: Actor) => (await ok<Incident[]>('incidents.list', undefined, actor)).map((incident) => incident.title);
    expect(await titles(LOCAL_OPERATOR)).toEqual(['Depot backups', 'Pier backups']);
    const pierOperator: Actor = { ...OPERATOR_B, access: 'signed-in', sites: [pier.site.id] };
    expect(await titles(pierOperator)).toEqual(['Pier backups', 'Depot backups']);
    core.close();
  });
});

describe('SOP templates from YAML', () => {
  it('refuses a broken file with its file, line and field, and keeps the previous version active', async () => {
    const folder = join(tempDir(), 'sops');
    mkdirSync(folder);
    const good = 'slug: lift-alarm\nname: Lift alarm\nsteps:\n  - id: talk\n    title: Talk to the person in the lift\n';
    writeFileSync(join(folder, 'lift-alarm.yaml'), good);
    const dataDir = tempDir();
    const first = await setup({ dataDir, sopFolder: folder });
    expect((await first.ok<SopTemplate>('sops.get', { slug: 'lift-alarm' })).version).toBe(1);
    first.core.close();

    writeFileSync(join(folder, 'lift-alarm.yaml'), `${good}  - id: call\n    title: Call the lift company\n    kind: maybe\n`);
    const second = await setup({ dataDir, sopFolder: folder, key: first.key });
    const template = await second.ok<SopTemplate>('sops.get', { slug: 'lift-alarm' });
    expect(template.version).toBe(1);
    expect(template.steps.map((s) => s.id)).toEqual(['talk']);
    const info = await second.ok<AppInfo>('app.info');
    expect(info.notices).toEqual([expect.objectContaining({ title: 'SOP template lift-alarm.yaml was refused' })]);
    expect(info.notices[0]!.detail).toMatch(/lift-alarm\.yaml line 8, steps\.1\.kind/);
    expect(info.notices[0]!.detail).toContain(
      'Nothing was changed: version 1 of "Lift alarm" stays in use. Fix the file and restart Watchroom.',
    );

    const imported = await second.refused('sops.import', {
      fileName: 'lift-alarm.yaml',
      text: 'slug: lift-alarm\nname: Lift alarm\nsteps: []\n',
    });
    expect(imported.message).toContain('lift-alarm.yaml was refused');
    expect(imported.message).toMatch(/Nothing was changed: version 1 of "Lift alarm" stays in use\.$/);
    expect(imported.fields?.[0]).toMatchObject({ path: 'steps', line: 3 });
    expect((await second.ok<SopTemplate>('sops.get', { slug: 'lift-alarm' })).version).toBe(1);
    second.core.close();
  });

  it('refuses a broken file for a new template, at start or imported, without speaking of a previous version', async () => {
    const folder = join(tempDir(), 'sops');
    mkdirSync(folder);
    writeFileSync(join(folder, 'gas-leak.yaml'), 'slug: gas-leak\nname: Gas leak\nsteps: []\n');
    const { refused, call, ok, core } = await setup({ sopFolder: folder });
    const [notice] = (await ok<AppInfo>('app.info')).notices;
    expect(notice!.detail).toMatch(/\. No template was added\. Fix the file and restart Watchroom\.$/);
    const imported = await refused('sops.import', { fileName: 'gas-leak.yaml', text: 'slug: gas-leak\nname: Gas leak\nsteps: []\n' });
    expect(imported.message).toMatch(/^gas-leak\.yaml was refused: .+\. No template was added\.$/);
    expect(imported.message).not.toContain('previous version');
    expect((await call('sops.get', { slug: 'gas-leak' })).ok).toBe(false);
    core.close();
  });

  it('seeds every shipped template once, and an unchanged file adds no version at the next start', async () => {
    const dataDir = tempDir();
    const first = await setup({ dataDir, sopFolder: SHIPPED_SOP_FOLDER });
    const listed = await first.ok<{ slug: string; version: number }[]>('sops.list');
    expect(listed.map((t) => t.slug).sort()).toEqual([
      'backup-failure',
      'camera-down',
      'data-breach',
      'duress-alarm',
      'fire-alarm',
      'intrusion-alarm',
      'panel-comms-lost',
      'uplink-down',
    ]);
    first.core.close();
    const second = await setup({ dataDir, sopFolder: SHIPPED_SOP_FOLDER, key: first.key });
    expect((await second.ok<{ version: number }[]>('sops.list')).every((t) => t.version === 1)).toBe(true);
    second.core.close();
  });
});

describe('the post-incident report', () => {
  it('holds every SOP step with who, when and the note, and the timeline', async () => {
    const { ok, core } = await setup();
    const incident = await ok<Incident>('incidents.create', { title: 'Recorder 4 down', priority: 'P1', sopSlug: 'camera-down' });
    await ok('incidents.checkStep', { id: incident.id, stepId: 'identify-scope', note: 'Cameras 1-8 dark since 02:10' });
    await ok('incidents.checkStep', { id: incident.id, stepId: 'remote-restart' });
    await ok('incidents.checkStep', { id: incident.id, stepId: 'video-back', answer: 'yes' });
    await ok('incidents.checkStep', { id: incident.id, stepId: 'inform-client', note: 'Called the site manager' });
    await ok('incidents.resolve', { id: incident.id, resolution: 'Recorder restarted' });
    const report = await ok<IncidentReport>('incidents.report', { id: incident.id });
    expect(report.fileStem).toMatch(new RegExp(`^INC-${incident.number}-recorder-4-down-\\d{4}-\\d{2}-\\d{2}$`));
    for (const text of [
      'Cameras 1-8 dark since 02:10',
      'Called the site manager',
      'Local operator',
      'Restart the camera or recorder remotely',
      'Raise a fault ticket with the recorder vendor',
    ]) {
      expect(report.markdown).toContain(text);
      expect(report.html).toContain(text);
    }
    core.close();
  });
});
