import { describe, expect, it } from 'vitest';
import { IncidentReview, SopStep, type Incident, type IncidentDetail, type SopTemplate } from '../contract/incidents';
import { CONTENT_SECURITY_POLICY } from './app-shell';
import { incidentReport, REPORT_CSS, REPORT_CSS_SHA256, type ReportOptions } from './incident-report';
import { dueTimes } from './incident-sla';
import { emptyStepRecords } from './sop-checklist';

const START = Date.UTC(2026, 10, 23, 21, 40, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const OPTIONS: ReportOptions = { consoleName: 'Watchroom North', formatTime: hhmm, now: START + 3 * HOUR };

const TEMPLATE: SopTemplate = {
  slug: 'camera-down',
  version: 3,
  name: 'Camera or recorder down',
  description: '',
  source: 'file',
  createdAt: START - 30 * 24 * HOUR,
  createdBy: 'system',
  steps: [
    SopStep.parse({ id: 'check-feed', title: 'Check the live feed', timeLimitMinutes: 5 }),
    SopStep.parse({ id: 'site-manned', title: 'Is the site manned?', kind: 'yes-no', onYes: 'call-guard', onNo: null }),
    SopStep.parse({ id: 'send-patrol', title: 'Send a mobile patrol' }),
    SopStep.parse({ id: 'call-guard', title: 'Call the guard on site' }),
    SopStep.parse({
      id: 'ticket',
      title: 'Raise a ticket with the installer',
      kind: 'input',
      input: { label: 'Ticket number', pattern: '^T\\d+$', example: 'T1234' },
    }),
    SopStep.parse({ id: 'log', title: 'Note it in the site log', required: false }),
  ],
};

function detail(overrides: Partial<Incident> = {}, template: SopTemplate | null = TEMPLATE): IncidentDetail {
  const [checkFeed, siteManned, sendPatrol, callGuard, ticket, log] = emptyStepRecords(TEMPLATE.steps);
  const incident: Incident = {
    id: 'inc-42',
    number: 42,
    title: 'Camera or recorder down',
    priority: 'P1',
    state: 'resolved',
    sop: { slug: 'camera-down', version: 3, name: 'Camera or recorder down' },
    siteId: 'depot',
    siteName: 'Harbour Depot',
    ownerId: 'u1',
    owner: 'Ana Silva',
    takeoverRequest: null,
    startedAt: START,
    createdAt: START,
    createdBy: 'Ana Silva',
    respondedAt: START + 10 * MIN,
    ...dueTimes('P1', START),
    respondBreachedAt: null,
    resolveBreachedAt: START + 4 * HOUR,
    resolvedAt: START + 5 * HOUR + 12 * MIN,
    resolution: 'Recorder power supply replaced',
    resolveOverride: 'Installer ticket raised by phone',
    lastUpdateAt: null,
    nextUpdateDueAt: null,
    steps: [
      { ...checkFeed!, status: 'done', by: 'Ana Silva', at: START + 8 * MIN, note: 'Feed black on cameras 3-5' },
      { ...siteManned!, status: 'done', by: 'Ana Silva', at: START + 9 * MIN, answer: 'yes' },
      sendPatrol!,
      { ...callGuard!, status: 'done', by: 'Ben Okafor', at: START + 20 * MIN, note: 'Guard reset the recorder' },
      { ...ticket!, status: 'skipped', by: 'Ben Okafor', at: START + 30 * MIN, skipReason: 'Installer portal down' },
      log!,
    ],
    alerts: [],
    review: IncidentReview.parse({
      summary: 'The depot recorder lost power.',
      rootCause: 'A failed power supply.',
      actions: [{ what: 'Fit a UPS to the recorder', owner: 'Facilities', dueAt: START + 7 * 24 * HOUR }],
    }),
    updatedAt: START + 5 * HOUR,
    ...overrides,
  };
  return {
    incident,
    template,
    timeline: [
      { at: START, kind: 'created', actor: 'Ana Silva', detail: 'Created from alert Recorder offline', stepId: null },
      { at: START + 8 * MIN, kind: 'step-done', actor: 'Ana Silva', detail: 'Done: Check the live feed', stepId: 'check-feed' },
      {
        at: START + 5 * HOUR + 12 * MIN,
        kind: 'resolved',
        actor: 'Ben Okafor',
        detail: 'Resolved: Recorder power supply replaced',
        stepId: null,
      },
    ],
  };
}

describe('the incident report', () => {
  it('names its file after the number, the title and the start date in UTC', () => {
    expect(incidentReport(detail(), OPTIONS).fileStem).toBe('INC-42-camera-or-recorder-down-2026-11-23');
    expect(
      incidentReport(detail({ title: 'Gate 3: Zäun durchgeschnitten!', startedAt: Date.UTC(2026, 0, 2, 23, 59) }), OPTIONS).fileStem,
    ).toBe('INC-42-gate-3-zaun-durchgeschnitten-2026-01-02');
    expect(incidentReport(detail({ title: '!!!' }), OPTIONS).fileStem).toBe('INC-42-2026-11-23');
  });

  it('has every section in order in Markdown', () => {
    const { markdown } = incidentReport(detail(), OPTIONS);
    const headings = [
      '# INC-42: Camera or recorder down',
      '## Summary',
      '## Impact',
      '## Timeline',
      '## SOP checklist',
      '## Root cause',
      '## Actions',
      '## Lessons learned',
    ];
    const positions = headings.map((heading) => markdown.indexOf(`${heading}\n`));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(markdown.trimEnd().endsWith('_Generated by Watchroom North at 00:40_')).toBe(true);
  });

  it('summarises the incident: priority, SOP version, times, duration, clocks, resolution and override', () => {
    const { markdown } = incidentReport(detail(), OPTIONS);
    for (const row of [
      '| Priority | P1 |',
      '| State | resolved |',
      '| SOP | Camera or recorder down (version 3) |',
      '| Site | Harbour Depot |',
      '| Owner | Ana Silva |',
      '| Started | 21:40 |',
      '| Responded | 21:50 |',
      '| Resolved | 02:52 |',
      '| Duration | 5 h 12 min |',
      '| Respond clock | Due 22:10, responded 21:50 — met with 20 min to spare |',
      '| Resolve clock | Due 01:40, resolved 02:52 — missed by 1:12 h |',
      '| Resolution | Recorder power supply replaced |',
      '| Override reason | Installer ticket raised by phone |',
    ]) {
      expect(markdown).toContain(row);
    }
  });

  it('says an open incident is ongoing and leaves out an override that was not given', () => {
    const { markdown } = incidentReport(
      detail({ state: 'fixing', resolvedAt: null, resolution: null, resolveOverride: null, resolveBreachedAt: null }),
      { ...OPTIONS, now: START + HOUR },
    );
    expect(markdown).toContain('| Duration | ongoing |');
    expect(markdown).toContain('| Resolve clock | Due 01:40 — 3:00 h left |');
    expect(markdown).not.toContain('Override reason');
  });

  it('lists the whole timeline in order, with time, actor and what happened', () => {
    const shuffled = detail();
    shuffled.timeline.reverse();
    const { markdown } = incidentReport(shuffled, OPTIONS);
    const created = markdown.indexOf('| 21:40 | Ana Silva | Created from alert Recorder offline |');
    const stepDone = markdown.indexOf('| 21:48 | Ana Silva | Done: Check the live feed |');
    const resolved = markdown.indexOf('| 02:52 | Ben Okafor | Resolved: Recorder power supply replaced |');
    expect(created).toBeGreaterThan(0);
    expect(stepDone).toBeGreaterThan(created);
    expect(resolved).toBeGreaterThan(stepDone);
  });

  it('holds every step of the pinned template with status, who, when, note and answer or value', () => {
    const { markdown, html } = incidentReport(detail(), OPTIONS);
    expect(markdown).toContain('| 1 | Check the live feed | done (late) | Ana Silva | 21:48 | Feed black on cameras 3-5 | — |');
    expect(markdown).toContain('| 2 | Is the site manned? | done | Ana Silva | 21:49 | — | yes |');
    expect(markdown).toContain('| 3 | Send a mobile patrol | not applicable | — | — | — | — |');
    expect(markdown).toContain('| 4 | Call the guard on site | done | Ben Okafor | 22:00 | Guard reset the recorder | — |');
    expect(markdown).toContain('| 5 | Raise a ticket with the installer | skipped: Installer portal down | Ben Okafor | 22:10 | — | — |');
    expect(markdown).toContain('| 6 | Note it in the site log (optional) | open | — | — | — | — |');
    expect(html).toContain('<tr class="dimmed"><td>3</td><td>Send a mobile patrol</td><td>not applicable</td>');
    expect(html).toContain('<tr class="late"><td>1</td>');
  });

  it('shows an entered value with its label', () => {
    const base = detail();
    const steps = base.incident.steps.map((record) =>
      record.stepId === 'ticket' ? { ...record, status: 'done' as const, skipReason: null, value: 'T1234' } : record,
    );
    const { markdown } = incidentReport({ ...base, incident: { ...base.incident, steps } }, OPTIONS);
    expect(markdown).toContain('| done | Ben Okafor | 22:10 | — | Ticket number: T1234 |');
  });

  it('says so when the incident follows no SOP', () => {
    const { markdown, html } = incidentReport(detail({ sop: null, steps: [] }, null), OPTIONS);
    expect(markdown).toContain('| SOP | None |');
    expect(markdown).toMatch(/## SOP checklist\n\n_This incident follows no SOP\._/);
    expect(html).toContain('This incident follows no SOP.');
  });

  it('says "Not written yet." for every empty review field, and lists actions with owner and due date', () => {
    const { markdown } = incidentReport(detail(), OPTIONS);
    expect(markdown).toMatch(/## Impact\n\n_Not written yet\._/);
    expect(markdown).toMatch(/## Lessons learned\n\n_Not written yet\._/);
    expect(markdown).toMatch(/## Summary\n\nThe depot recorder lost power\./);
    expect(markdown).toContain('| Fit a UPS to the recorder | Facilities | 21:40 |');

    const empty = detail({ review: IncidentReview.parse({}) });
    expect(incidentReport(empty, OPTIONS).markdown).toMatch(/## Actions\n\n_Not written yet\._/);
    expect(incidentReport(empty, OPTIONS).html.match(/Not written yet\./g)).toHaveLength(5);
  });

  it('escapes every value in the HTML, and lets no markup through the Markdown', () => {
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const base = detail({ title: hostile, owner: hostile, review: IncidentReview.parse({ summary: hostile, lessons: '<b>bold</b>' }) });
    base.timeline.push({ at: START + HOUR, kind: 'note', actor: '<i>Eve</i>', detail: hostile, stepId: null });
    const { markdown, html } = incidentReport(base, OPTIONS);

    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>Eve');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('<h1>INC-42: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(html).toContain('<td>&lt;i&gt;Eve&lt;/i&gt;</td>');

    expect(markdown).not.toMatch(/(^|[^\\])<(script|img|b|i)\b/m);
    expect(markdown).toContain('# INC-42: \\<script\\>alert("x")\\</script\\> & \\<img src=x onerror=alert(1)\\>');
  });

  it('is a self-contained printable page: inline A4 styles, no scripts, nothing loaded', () => {
    const { html } = incidentReport(detail(), OPTIONS);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(/i);
    expect(html).toContain('<footer>Generated by Watchroom North at 00:40</footer>');
  });

  it('keeps table cells on their row in Markdown', () => {
    const base = detail();
    const steps = base.incident.steps.map((record) =>
      record.stepId === 'call-guard' ? { ...record, note: 'Reset | rebooted\nNow recording' } : record,
    );
    const { markdown } = incidentReport({ ...base, incident: { ...base.incident, steps } }, OPTIONS);
    expect(markdown).toContain('| Reset \\| rebooted<br>Now recording |');
  });
});

describe('the report stylesheet under the console CSP', () => {
  it('is allowed by its hash, and only it: the hash in the CSP is the stylesheet’s own', async () => {
    const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(REPORT_CSS)));
    const digest = btoa(String.fromCharCode(...bytes));
    expect(REPORT_CSS_SHA256, 'REPORT_CSS changed: put its new SHA-256 in REPORT_CSS_SHA256').toBe(digest);
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'self' 'sha256-${digest}'`);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });
});
