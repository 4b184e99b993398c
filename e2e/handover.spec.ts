import { expect, test, type Browser, type Page } from '@playwright/test';
import { startHttpTarget, type HttpTarget } from './support/http-target';
import { peopleSockets } from './support/people';
import { newDataDir, openSignedIn, startServe, type Credentials, type RunningServe } from './support/serve';

/**
 * Shift handover in serve mode, two browsers signed in as two operators: Olga builds the handover
 * from the live state (an open incident, a snoozed alert, a silence running past the shift change),
 * writes notes and signs it; Otto asks about the alert, Olga answers live, Otto accepts every item
 * and becomes the incident's owner; the print view holds every item. (The supervisor's alert for a
 * handover nobody accepts runs on a fake clock in src/core/handovers/handovers.test.ts.)
 */

let serve: RunningServe | null = null;
let target: HttpTarget | null = null;
const people = peopleSockets();

test.afterEach(async () => {
  people.closeAll();
  await serve?.stop();
  await target?.stop();
  serve = null;
  target = null;
});

const OLGA = { username: 'olga', displayName: 'Olga Operator', password: 'evening shift harbour 19' };
const OTTO = { username: 'otto', displayName: 'Otto Operator', password: 'night shift lantern 07' };

/** "HH:MM" in UTC of a moment: the shift boundary, with the console's time zone set to UTC. */
const utcClock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

async function seatOf(browser: Browser, running: RunningServe, who: Credentials): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await openSignedIn(page, running, who, 'handover');
  await expect(page.getByTestId('page-handover')).toBeVisible();
  return page;
}

test('a handover from one operator to another: every item accepted, the incident owner changes, the print view holds every item', async ({
  browser,
}) => {
  target = await startHttpTarget();
  serve = await startServe(newDataDir());
  const admin = await people.callerAs(serve);
  await admin('settings.set', { timeZone: 'utc' });
  await admin('users.create', { ...OLGA, role: 'operator', sites: null });
  await admin('users.create', { ...OTTO, role: 'operator', sites: null });
  // The shift changes 20 minutes from now (whole minutes): the nearest one, which this handover is for.
  const shiftChange = Math.ceil((Date.now() + 20 * 60_000) / 60_000) * 60_000;
  await admin('handovers.setShifts', { boundaries: [utcClock(shiftChange)] });
  await admin('config.import', {
    text: JSON.stringify({
      format: 'watchroom-config',
      version: 1,
      sites: [{ id: 'site-depot', name: 'Depot', address: null, tags: [] }],
      monitors: [
        {
          id: 'mon-gate',
          siteId: 'site-depot',
          name: 'Gate camera',
          probe: { kind: 'http', url: target.url('/gate'), method: 'GET' },
          intervalSeconds: 5,
          timeoutSeconds: 2,
          failuresToDown: 1,
        },
      ],
    }),
  });
  const olga = await people.callerAs(serve, OLGA);
  target.setStatus('/gate', 503);
  let alertId = '';
  await expect
    .poll(
      async () => {
        const { alerts } = (await olga('alerts.snapshot')) as { alerts: { id: string; state: string; subjectName: string }[] };
        alertId = alerts.find((alert) => alert.subjectName === 'Gate camera' && alert.state === 'firing')?.id ?? '';
        return alertId;
      },
      { timeout: 20_000 },
    )
    .not.toBe('');
  await olga('alerts.snooze', { id: alertId, minutes: 120, note: 'Engineer on the way' });
  const incident = (await olga('incidents.create', { title: 'Fence alarm at the depot', priority: 'P2', sopSlug: null, claim: true })) as {
    id: string;
    number: number;
  };
  await admin('silences.create', {
    kind: 'maintenance',
    comment: 'Fence repair overnight',
    scope: { kind: 'tag', tag: 'fence' },
    schedule: { kind: 'once', startsAt: Date.now(), endsAt: shiftChange + 2 * 3_600_000 },
  });

  // Olga, going off shift, builds the handover and writes her notes.
  const olgaPage = await seatOf(browser, serve, OLGA);
  await olgaPage.getByTestId('handover-start').click();
  const olgaItems = olgaPage.getByTestId('handover-item');
  const incidentTitle = `INC-${incident.number} Fence alarm at the depot`;
  await expect(olgaItems.filter({ hasText: incidentTitle })).toHaveAttribute('data-kind', 'incident');
  await expect(olgaItems.filter({ hasText: 'Gate camera' })).toHaveAttribute('data-kind', 'alert');
  await expect(olgaItems.filter({ hasText: 'Gate camera' })).toContainText('Snoozed until');
  await expect(olgaItems.filter({ hasText: 'Fence repair overnight' })).toHaveAttribute('data-kind', 'silence');
  await olgaItems.filter({ hasText: incidentTitle }).getByTestId('handover-item-note').fill('Police reference pending');
  await olgaPage.getByTestId('handover-general-note').fill('Quiet apart from the depot');
  await olgaPage.getByTestId('handover-hand-over').click();
  await expect(olgaPage.getByTestId('handover-state')).toHaveText('Handed over, waiting for acceptance');
  const titles = await olgaItems.getByTestId('handover-item-title').allTextContents();

  // Otto, coming on shift at another seat, asks about the alert; Olga's page shows it live and she answers.
  const ottoPage = await seatOf(browser, serve, OTTO);
  const ottoItems = ottoPage.getByTestId('handover-item');
  await expect(ottoItems).toHaveCount(titles.length);
  await expect(ottoItems.filter({ hasText: incidentTitle })).toContainText('Note: Police reference pending');
  const ottoAlert = ottoItems.filter({ hasText: 'Gate camera' });
  await ottoAlert.getByTestId('handover-ask-input').fill('Which engineer, and when?');
  await ottoAlert.getByTestId('handover-ask').click();
  const olgaAlert = olgaItems.filter({ hasText: 'Gate camera' });
  await expect(olgaAlert.getByTestId('handover-item-question')).toHaveText('Question: Which engineer, and when?');
  await olgaAlert.getByTestId('handover-answer-input').fill('Ahmed, before 20:00');
  await olgaAlert.getByTestId('handover-answer').click();
  await expect(ottoAlert.getByTestId('handover-item-answer')).toHaveText('Answer: Ahmed, before 20:00');

  // Otto accepts every item, one by one.
  for (const title of titles) {
    const item = ottoItems.filter({ hasText: title });
    await item.getByTestId('handover-accept').click();
    await expect(item).toHaveAttribute('data-state', 'accepted');
  }
  await expect(ottoPage.getByTestId('handover-state')).toHaveText('Complete');
  await expect(olgaPage.getByTestId('handover-state')).toHaveText('Complete');
  await expect(ottoPage.getByTestId('handover-incoming')).toContainText('Otto Operator, signed');
  await expect(ottoPage.getByTestId('handover-history-row').first()).toHaveAttribute('data-state', 'complete');

  // The incident is Otto's now, with his consent on its timeline.
  const detail = (await admin('incidents.get', { id: incident.id })) as {
    incident: { owner: string };
    timeline: { kind: string; detail: string }[];
  };
  expect(detail.incident.owner).toBe('Otto Operator');
  expect(detail.timeline.at(-1)).toMatchObject({
    kind: 'handed-over',
    detail: expect.stringContaining('Otto Operator accepted it from Olga Operator'),
  });

  // Printed from the browser: the handover alone, every item with its note, no controls or console frame.
  await ottoPage.emulateMedia({ media: 'print' });
  for (const title of titles) await expect(ottoItems.filter({ hasText: title })).toBeVisible();
  await expect(ottoItems.filter({ hasText: incidentTitle })).toContainText('Note: Police reference pending');
  await expect(ottoPage.getByTestId('handover-general-note-text')).toBeVisible();
  await expect(ottoPage.locator('.nav-rail')).toBeHidden();
  await expect(ottoPage.getByTestId('handover-print')).toBeHidden();
  await expect(ottoPage.getByTestId('handover-history')).toBeHidden();
  await ottoPage.screenshot({ path: test.info().outputPath('handover-print.png'), fullPage: true });
});
