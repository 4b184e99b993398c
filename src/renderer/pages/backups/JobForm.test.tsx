// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../shared/contract';
import { TransportError } from '../../transport/transport';
import { backupsTransport, errorBeside, fill, renderBackups, testJob } from './testing';

const PASSPHRASE = 'correct horse battery staple';

async function openNewJobForm(transport: ReturnType<typeof backupsTransport>) {
  const view = await renderBackups(transport);
  fireEvent.click(await screen.findByTestId('backup-job-new'));
  await screen.findByTestId('backup-job-form');
  return view;
}

/** The database and one folder, weekly, keeping the last 5; typed as an operator would. */
function fillFootageJob() {
  fill('backup-job-name', 'Footage weekly');
  fireEvent.click(screen.getByTestId('backup-job-folder-add'));
  fill('backup-job-folder-path', '/srv/footage');
  fill('backup-job-folder-include', 'camera-*/**\n\n  exports/*.mp4  ');
  fill('backup-job-folder-exclude', '**/*.tmp');
  fill('backup-job-destination', '/mnt/usb-backup');
  fill('backup-job-schedule', 'weekly');
  fill('backup-job-retention-keepLast', '5');
  fill('backup-job-passphrase', PASSPHRASE);
  fill('backup-job-passphrase-confirm', PASSPHRASE);
}

const FOOTAGE_JOB: MethodInput<'backups.createJob'> = {
  name: 'Footage weekly',
  sources: [
    { kind: 'database' },
    { kind: 'folder', path: '/srv/footage', include: ['camera-*/**', 'exports/*.mp4'], exclude: ['**/*.tmp'] },
  ],
  destination: '/mnt/usb-backup',
  schedule: '0 3 * * 0',
  retention: { keepLast: 5, daily: 7, weekly: 4, monthly: 12, yearly: 7 },
  compressionLevel: 3,
  overdueAfterHours: 26,
  notify: null,
  keyRotationDays: 90,
  passphrase: PASSPHRASE,
};

describe('a new backup job', () => {
  it('sends the typed sources, schedule, retention and passphrase, and keeps no passphrase once saved', async () => {
    const transport = backupsTransport({ 'backups.createJob': (input) => testJob('footage', { name: input.name }) });
    const { queryClient } = await openNewJobForm(transport);
    fillFootageJob();
    fireEvent.click(screen.getByTestId('backup-job-save'));

    await waitFor(() => expect(transport.callsOf('backups.createJob')).toEqual([FOOTAGE_JOB]));
    await waitFor(() => expect(screen.queryByTestId('backup-job-form')).toBeNull());
    // The command's input (passphrase and all) leaves the mutation cache with the form.
    await waitFor(() => expect(queryClient.getMutationCache().getAll()).toEqual([]));
    expect(
      JSON.stringify(
        queryClient
          .getQueryCache()
          .getAll()
          .map((query) => query.state.data),
      ),
    ).not.toContain(PASSPHRASE);
  });

  it("shows core's refusal of a folder beside that folder's path, and loses nothing typed", async () => {
    const transport = backupsTransport({
      'backups.createJob': () => {
        throw new TransportError('invalid_input', 'Invalid input: sources.0.path: No such folder', [
          { path: 'sources.0.path', message: 'No such folder: /srv/footage' },
        ]);
      },
    });
    await openNewJobForm(transport);
    fillFootageJob();
    // Without the database, the folder is the first source sent.
    fireEvent.click(screen.getByTestId('backup-job-database'));
    fireEvent.click(screen.getByTestId('backup-job-save'));

    const path = screen.getByTestId('backup-job-folder-path') as HTMLInputElement;
    await waitFor(() => expect(errorBeside(path)).toContain('No such folder: /srv/footage'));
    expect(transport.callsOf('backups.createJob')[0]?.sources).toEqual([FOOTAGE_JOB.sources[1]]);
    expect(document.activeElement).toBe(path);
    expect(path.value).toBe('/srv/footage');
    expect((screen.getByTestId('backup-job-name') as HTMLInputElement).value).toBe('Footage weekly');
    expect((screen.getByTestId('backup-job-passphrase') as HTMLInputElement).value).toBe(PASSPHRASE);
    expect((screen.getByTestId('backup-job-passphrase-confirm') as HTMLInputElement).value).toBe(PASSPHRASE);
    expect((screen.getByTestId('backup-job-folder-include') as HTMLTextAreaElement).value).toBe('camera-*/**\n\n  exports/*.mp4  ');

    fill('backup-job-folder-path', '/srv/recordings');
    expect(errorBeside(path)).toBeNull();
  });

  it('places a refusal of the second folder beside the second folder when the database comes first', async () => {
    const transport = backupsTransport({
      'backups.createJob': () => {
        throw new TransportError('invalid_input', 'Invalid input', [
          { path: 'sources.2.exclude.0', message: 'A pattern may not leave the folder' },
        ]);
      },
    });
    await openNewJobForm(transport);
    fillFootageJob();
    fireEvent.click(screen.getByTestId('backup-job-folder-add'));
    fill('backup-job-folder-path', '/srv/exports', 1);
    fill('backup-job-folder-exclude', '../etc/*', 1);
    fireEvent.click(screen.getByTestId('backup-job-save'));

    const [first, second] = screen.getAllByTestId('backup-job-folder-exclude');
    await waitFor(() => expect(errorBeside(second as HTMLElement)).toBe('⚠ A pattern may not leave the folder'));
    expect(errorBeside(first as HTMLElement)).toBeNull();
  });

  it('asks for a readable cron line and the same passphrase twice before asking core anything', async () => {
    const transport = backupsTransport();
    await openNewJobForm(transport);
    fillFootageJob();
    fill('backup-job-schedule', 'custom');
    expect((screen.getByTestId('backup-job-cron') as HTMLInputElement).value).toBe('0 3 * * 0');
    fill('backup-job-cron', '0 2 * *');
    fill('backup-job-passphrase-confirm', 'correct horse battery stapel');
    fireEvent.click(screen.getByTestId('backup-job-save'));

    expect(errorBeside(screen.getByTestId('backup-job-cron'))).toContain('A schedule has five fields');
    expect(errorBeside(screen.getByTestId('backup-job-passphrase-confirm'))).toContain('The two passphrases differ');
    expect(transport.callsOf('backups.createJob')).toEqual([]);
  });
});

describe('editing a backup job', () => {
  it('keeps the key unless Change passphrase is ticked, and warns what a new one means', async () => {
    const transport = backupsTransport({ 'backups.updateJob': ({ id, job }) => testJob(id, { name: job.name }) });
    await renderBackups(transport);
    fireEvent.click(await screen.findByTestId('backup-job-edit'));
    const form = await screen.findByTestId('backup-job-form');
    expect(within(form).queryByTestId('backup-job-passphrase')).toBeNull();

    fireEvent.click(screen.getByTestId('backup-job-change-passphrase'));
    expect(screen.getByTestId('backup-job-key-rule').textContent).toContain('One folder holds backups of one passphrase at a time');
    expect(screen.getByTestId('backup-job-passphrase-warning').textContent).toContain('for every job writing to this folder');
    expect(screen.getByTestId('backup-job-passphrase-warning').textContent).toContain('restores them without asking');
    fireEvent.click(screen.getByTestId('backup-job-change-passphrase'));

    fill('backup-job-name', 'Nightly database');
    fireEvent.click(screen.getByTestId('backup-job-save'));
    await waitFor(() => expect(transport.callsOf('backups.updateJob')).toHaveLength(1));
    const [sent] = transport.callsOf('backups.updateJob');
    expect(sent?.id).toBe('nightly');
    expect(sent?.job).toMatchObject({ name: 'Nightly database', sources: [{ kind: 'database' }], schedule: '0 2 * * *' });
    expect(sent?.job).not.toHaveProperty('passphrase');
  });

  it('previews what the policy as typed would delete', async () => {
    const transport = backupsTransport({
      'backups.retentionPreview': () => ({
        keep: [{ backupId: 'b3', createdAt: Date.UTC(2026, 10, 24, 2), fileName: 'b3.wrb', reasons: ['last', 'daily'] }],
        remove: [{ backupId: 'b2', createdAt: Date.UTC(2026, 10, 23, 2), fileName: 'b2.wrb', why: 'not needed by the retention policy' }],
      }),
    });
    await renderBackups(transport);
    fireEvent.click(await screen.findByTestId('backup-job-edit'));
    await screen.findByTestId('backup-job-form');
    fill('backup-job-retention-keepLast', '1');
    fill('backup-job-retention-daily', '1');
    fireEvent.click(screen.getByTestId('backup-job-retention-preview'));

    const preview = await within(screen.getByTestId('backup-job-form')).findByTestId('retention-preview');
    expect(within(preview).getByTestId('retention-remove').textContent).toContain('b2.wrb — not needed by the retention policy');
    expect(within(preview).getByTestId('retention-keep').textContent).toContain('one of the latest, newest of its day');
    expect(transport.callsOf('backups.retentionPreview')).toEqual([
      { jobId: 'nightly', retention: { keepLast: 1, daily: 1, weekly: 4, monthly: 12, yearly: 7 } },
    ]);

    // The dry run spoke for the policy it was asked with.
    fill('backup-job-retention-weekly', '2');
    expect(screen.queryByTestId('retention-preview')).toBeNull();
  });
});
