import { describe, expect, it } from 'vitest';
import { SopStep, type BackupJob, type BackupRecord, type Incident, type SopTemplate } from '../../shared/contract';
import { emptyStepRecords } from '../../shared/domain/sop-checklist';
import { ageText, buildItems } from './build';
import type { HandoverSources } from './ports';

const NOW = Date.UTC(2026, 11, 3, 18, 40);
const SHIFT_CHANGE = Date.UTC(2026, 11, 3, 19, 0);
const MIN = 60_000;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const options = { now: NOW, boundaryAt: SHIFT_CHANGE, formatTime: hhmm };

const TEMPLATE = {
  slug: 'fence',
  version: 1,
  name: 'Fence alarm',
  steps: [
    SopStep.parse({ id: 'look', title: 'Look at the fence camera', timeLimitMinutes: 5 }),
    SopStep.parse({ id: 'patrol', title: 'Send a patrol', role: 'supervisor' }),
  ],
} as SopTemplate;

/** An incident as buildItems reads it: the fields a handover shows. */
function incident(fields: Partial<Incident>): Incident {
  return {
    id: 'inc-1',
    number: 7,
    title: 'Fence alarm',
    priority: 'P0',
    state: 'investigating',
    siteName: 'Depot',
    owner: null,
    startedAt: NOW - 40 * MIN,
    respondDueAt: NOW - 25 * MIN,
    respondedAt: null,
    resolveDueAt: NOW + 20 * MIN,
    nextUpdateDueAt: NOW - 5 * MIN,
    steps: emptyStepRecords(TEMPLATE.steps),
    ...fields,
  } as Incident;
}

function sources(overrides: Partial<HandoverSources>): HandoverSources {
  return {
    openIncidents: () => [],
    openAlerts: () => [],
    silences: () => [],
    backups: () => [],
    monitors: () => [],
    healthProblems: () => [],
    ...overrides,
  };
}

const job = (fields: Pick<BackupJob, 'id' | 'name' | 'lastRun' | 'lastGoodAt' | 'createdAt' | 'overdueAfterHours'>) => fields as BackupJob;

describe('what a handover holds', () => {
  it('an incident with its clocks, owner, next step and update due, and each overdue step of it as an item of its own', () => {
    const items = buildItems(sources({ openIncidents: () => [{ incident: incident({}), template: TEMPLATE }] }), options);
    expect(items.map((item) => [item.kind, item.id, item.title])).toEqual([
      ['incident', 'incident:inc-1', 'INC-7 Fence alarm'],
      ['sop-step', 'sop-step:inc-1:look', 'Overdue step "Look at the fence camera" of INC-7 Fence alarm'],
    ]);
    expect(items[0]?.facts).toEqual([
      'P0 · investigating · Depot · open for 40 min',
      'Nobody owns it',
      'Respond target breached at 18:15',
      'Resolve by 19:00',
      'Next step: Look at the fence camera',
      'Next status update due since 18:35',
    ]);
    expect(items[1]?.facts).toEqual(['Required step', 'Due 5 min after the incident started (18:05)']);
  });

  it('backups failed, overdue or not verified; monitors down or unknown for over an hour; the console’s health', () => {
    const verified = { verify: 'good', verifyDetail: null } as BackupRecord;
    const unverified = { verify: 'unverified', verifyDetail: null } as BackupRecord;
    const items = buildItems(
      sources({
        backups: () => [
          {
            job: job({
              id: 'j1',
              name: 'Nightly',
              lastRun: { at: NOW - 60 * MIN, ok: false, detail: 'Disk full' },
              lastGoodAt: NOW - 2 * 60 * MIN,
              createdAt: 0,
              overdueAfterHours: 26,
            }),
            newest: verified,
          },
          {
            job: job({
              id: 'j2',
              name: 'Weekly',
              lastRun: { at: NOW - 60 * MIN, ok: true, detail: '' },
              lastGoodAt: NOW - 30 * 3_600_000,
              createdAt: 0,
              overdueAfterHours: 26,
            }),
            newest: unverified,
          },
          {
            job: job({
              id: 'j3',
              name: 'Fine',
              lastRun: { at: NOW - 60 * MIN, ok: true, detail: '' },
              lastGoodAt: NOW - 60 * MIN,
              createdAt: 0,
              overdueAfterHours: 26,
            }),
            newest: verified,
          },
        ],
        monitors: () => [
          { id: 'm1', name: 'Gate camera', siteName: 'Depot', status: 'down', since: NOW - 61 * MIN },
          { id: 'm2', name: 'Door panel', siteName: 'Depot', status: 'unknown', since: NOW - 90 * MIN },
          { id: 'm3', name: 'Recorder', siteName: 'Depot', status: 'down', since: NOW - 59 * MIN },
          { id: 'm4', name: 'Uplink', siteName: 'Depot', status: 'up', since: NOW - 900 * MIN },
        ],
        healthProblems: () => ['The database answered in 240 ms (over 100 ms)'],
      }),
      options,
    );
    expect(items.map((item) => [item.kind, item.title, item.facts])).toEqual([
      ['backup', 'Backup job Nightly', ['Last run failed at 17:40: Disk full']],
      ['backup', 'Backup job Weekly', ['No good backup since 12:40: overdue', 'Newest backup not verified']],
      ['monitor', 'Gate camera (Depot) down', ['down since 17:39, for 1 h 01 min']],
      ['monitor', 'Door panel (Depot) unknown', ['unknown since 17:10, for 1 h 30 min']],
      ['health', "The console's own health", ['The database answered in 240 ms (over 100 ms)']],
    ]);
  });

  it('with nothing open, one item: "Nothing open"', () => {
    expect(buildItems(sources({}), options).map((item) => [item.id, item.title])).toEqual([['nothing-open', 'Nothing open']]);
  });

  it('says how long in words a person reads at a glance', () => {
    expect([0, 45 * MIN, 125 * MIN, 27 * 60 * MIN].map(ageText)).toEqual(['under a minute', '45 min', '2 h 05 min', '1 d 3 h']);
  });
});
