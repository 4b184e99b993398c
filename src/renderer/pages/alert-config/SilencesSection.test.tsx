// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodOutput } from '../../../shared/contract';
import { testSite } from '../../testing/monitoring-fixtures';
import { alertConfigTransport, fill, openTab, renderAlertConfig, testSilence } from './testing';

const SITES = [testSite('s1', { name: 'Depot North' }), testSite('s2', { name: 'Harbour Gate' })];
const CAMERA_ALERT = {
  id: 'a1',
  summary: 'Camera 3 stream is down',
  subjectName: 'Camera 3',
  severity: 'high',
  siteName: 'Depot North',
} as const;
const NIGHT_START = Date.UTC(2026, 10, 24, 22, 0);
const NIGHT_END = Date.UTC(2026, 10, 25, 2, 0);
/** The console's "now" in these tests: the morning before the night silence, whatever today is. */
const MORNING_BEFORE = Date.UTC(2026, 10, 24, 9, 0);

// Only Date is faked: the testing library's waits keep their real timers.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(MORNING_BEFORE);
});
afterEach(() => {
  vi.useRealTimers();
});

function silencesTransport(preview: MethodOutput<'silences.preview'>) {
  return alertConfigTransport({
    'sites.list': () => SITES,
    'silences.preview': () => preview,
    'silences.create': (input) => testSilence('new', { comment: input.comment }),
  });
}

async function openNewSilenceForm(transport: ReturnType<typeof silencesTransport>) {
  await renderAlertConfig(transport);
  openTab('silences');
  fireEvent.click(await screen.findByTestId('silence-add'));
  await screen.findByTestId('silence-form');
  await waitFor(() => expect(screen.getByTestId('silence-form-site').querySelectorAll('option')).toHaveLength(3));
}

/** A one-off silence of site s1, for one night, typed in UTC (the test console's time zone). */
function fillNightSilence() {
  fill('silence-form-comment', 'Camera 3 replaced tonight');
  fill('silence-form-site', 's1');
  fill('silence-form-starts', '2026-11-24T22:00');
  fill('silence-form-ends', '2026-11-25T02:00');
}

const NIGHT_SILENCE = {
  kind: 'silence',
  comment: 'Camera 3 replaced tonight',
  scope: { kind: 'site', siteId: 's1' },
  schedule: { kind: 'once', startsAt: NIGHT_START, endsAt: NIGHT_END },
};

describe('the silence form', () => {
  it('previews the alerts a silence would match, and when it starts, before anything is saved', async () => {
    const transport = silencesTransport({ matches: [CAMERA_ALERT], nextActiveAt: NIGHT_START });
    await openNewSilenceForm(transport);
    fillNightSilence();
    fireEvent.click(screen.getByTestId('silence-preview'));

    const result = await screen.findByTestId('silence-preview-result');
    expect(result.textContent).toContain('next be active from 2026-11-24 22:00 UTC');
    const [match] = within(result).getAllByTestId('silence-preview-match');
    expect(match?.textContent).toContain('Camera 3 stream is down');
    expect(match?.textContent).toContain('Camera 3');
    expect(match?.textContent).toContain('Depot North');
    expect(match?.textContent).toContain('High');
    expect(transport.callsOf('silences.preview')).toEqual([NIGHT_SILENCE]);
    expect(transport.callsOf('silences.create')).toEqual([]);

    // The operator has seen what it silences: Save goes ahead.
    fireEvent.click(screen.getByTestId('silence-save'));
    await waitFor(() => expect(transport.callsOf('silences.create')).toEqual([NIGHT_SILENCE]));
    await waitFor(() => expect(screen.queryByTestId('silence-form')).toBeNull());
  });

  it('shows what a Save would silence first, and saves on the second Save', async () => {
    const transport = silencesTransport({ matches: [CAMERA_ALERT], nextActiveAt: NIGHT_START });
    await openNewSilenceForm(transport);
    fillNightSilence();
    fireEvent.click(screen.getByTestId('silence-save'));

    const result = await screen.findByTestId('silence-preview-result');
    expect(result.textContent).toContain('Saving will silence 1 current alert');
    expect(within(result).getAllByTestId('silence-preview-match')).toHaveLength(1);
    expect(transport.callsOf('silences.create')).toEqual([]);
    expect(screen.getByTestId('silence-save').textContent).toBe('Save and silence 1 alert');

    fireEvent.click(screen.getByTestId('silence-save'));
    await waitFor(() => expect(transport.callsOf('silences.create')).toEqual([NIGHT_SILENCE]));
  });

  it('saves at once when the silence matches no current alert', async () => {
    const transport = silencesTransport({ matches: [], nextActiveAt: NIGHT_START });
    await openNewSilenceForm(transport);
    fill('silence-form-kind', 'maintenance');
    fill('silence-form-comment', 'Weekly recorder reboot');
    fill('silence-form-scope', 'tag');
    fill('silence-form-tag', 'recorders');
    fill('silence-form-schedule', 'recurring');
    fill('silence-form-cron', '0 2 * * 0');
    fill('silence-form-duration', '30');
    fireEvent.click(screen.getByTestId('silence-save'));
    await waitFor(() =>
      expect(transport.callsOf('silences.create')).toEqual([
        {
          kind: 'maintenance',
          comment: 'Weekly recorder reboot',
          scope: { kind: 'tag', tag: 'recorders' },
          schedule: { kind: 'recurring', cron: '0 2 * * 0', durationMinutes: 30 },
        },
      ]),
    );
  });

  it('asks for a comment and a site before asking core anything', async () => {
    const transport = silencesTransport({ matches: [], nextActiveAt: null });
    await openNewSilenceForm(transport);
    fireEvent.click(screen.getByTestId('silence-preview'));
    expect(screen.getAllByTestId('field-error').map((error) => error.dataset.field)).toEqual(['comment', 'scope.siteId']);
    expect(transport.callsOf('silences.preview')).toEqual([]);
  });

  it('fills a one-off silence from now for 4 hours', async () => {
    await openNewSilenceForm(silencesTransport({ matches: [], nextActiveAt: null }));
    fireEvent.click(screen.getByTestId('silence-form-now-4h'));
    const start = Date.parse(`${(screen.getByTestId('silence-form-starts') as HTMLInputElement).value.replace(' ', 'T')}Z`);
    const end = Date.parse(`${(screen.getByTestId('silence-form-ends') as HTMLInputElement).value.replace(' ', 'T')}Z`);
    expect(end - start).toBe(4 * 3_600_000);
  });
});

describe('the silences list', () => {
  it('says each schedule in words, whether it is active, and when it is next', async () => {
    const transport = alertConfigTransport({
      'sites.list': () => SITES,
      'silences.list': () => [
        testSilence('now', { comment: 'Gate camera swap', activeUntil: NIGHT_END }),
        testSilence('weekly', {
          kind: 'maintenance',
          comment: 'Recorder reboot',
          scope: { kind: 'tag', tag: 'recorders' },
          schedule: { kind: 'recurring', cron: '0 2 * * 0', durationMinutes: 120 },
        }),
      ],
      'silences.preview': () => ({ matches: [], nextActiveAt: Date.UTC(2026, 10, 29, 2, 0) }),
    });
    await renderAlertConfig(transport);
    const [active, weekly] = await screen.findAllByTestId('silence-row');
    expect(active?.textContent).toContain('Site Depot North');
    expect(active?.textContent).toContain('Active until 2026-11-25 02:00 UTC');
    expect(weekly?.textContent).toContain('Maintenance window');
    expect(weekly?.textContent).toContain('Sundays at 02:00, for 2 h');
    expect(weekly?.textContent).toContain('Tag “recorders”');
    await waitFor(() => expect(weekly?.textContent).toContain('2026-11-29 02:00 UTC'));
    // Only the silence that is not active now needs core to say when it is next.
    expect(transport.callsOf('silences.preview')).toHaveLength(1);
  });

  it('ends an active silence after a confirmation', async () => {
    const transport = alertConfigTransport({
      'silences.list': () => [testSilence('now', { activeUntil: NIGHT_END })],
      'silences.delete': ({ id }) => ({ id }),
    });
    await renderAlertConfig(transport);
    fireEvent.click(await screen.findByTestId('silence-delete'));
    expect(transport.callsOf('silences.delete')).toEqual([]);
    fireEvent.click(screen.getByTestId('silence-delete-confirm'));
    await waitFor(() => expect(transport.callsOf('silences.delete')).toEqual([{ id: 'now' }]));
  });
});
