// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../../shared/contract';
import { backupKeys } from '../../api/backup-queries';
import { renderApp } from '../../testing/render-app';
import { backupsTransport, NOW, renderBackups, testJob, testTask } from './testing';

const HOUR = 3_600_000;
const GIB = 1024 ** 3;

const jobRow = (id: string) => screen.getAllByTestId('backup-job-row').find((row) => row.dataset.jobId === id) as HTMLElement;

describe('the backup jobs', () => {
  it('shows each job with its schedule in words (or its cron line), last run and how old its last good backup is', async () => {
    const transport = backupsTransport({
      'backups.overview': () => ({
        jobs: [
          testJob('nightly', { name: 'Nightly' }),
          testJob('footage', {
            name: 'Camera exports',
            destination: '\\\\nas\\exports',
            schedule: '15 */6 * * *',
            lastRun: { at: NOW - HOUR, ok: false, detail: 'The destination is full: free space on \\\\nas\\exports, then run it again' },
            lastGoodAt: NOW - 30 * HOUR,
          }),
        ],
        running: [],
      }),
    });
    await renderBackups(transport);
    await screen.findAllByTestId('backup-job-row');

    const nightly = jobRow('nightly');
    expect(nightly.textContent).toContain('Every day at 02:00');
    expect(nightly.textContent).toContain('/mnt/backup');
    expect(within(nightly).getByTestId('backup-job-last-run').dataset.ok).toBe('true');
    expect(within(nightly).getByTestId('backup-job-last-good').textContent).toBe('2 h ago');
    expect(within(nightly).getByTestId('backup-job-last-good').dataset.overdue).toBe('false');

    const footage = jobRow('footage');
    expect(footage.textContent).toContain('cron “15 */6 * * *”');
    const lastRun = within(footage).getByTestId('backup-job-last-run');
    expect(lastRun.textContent).toContain('Failed');
    expect(lastRun.textContent).toContain('The destination is full');
    const lastGood = within(footage).getByTestId('backup-job-last-good');
    expect(lastGood.dataset.overdue).toBe('true');
    expect(lastGood.className).toContain('backup-overdue');
    expect(lastGood.textContent).toBe('1 d 6 h ago · overdue (over 26 h)');
  });

  it('is reached with g k, and its address is #backups', async () => {
    renderApp({ transport: backupsTransport() });
    await screen.findByTestId('page-overview');
    act(() => {
      fireEvent.keyDown(window, { key: 'g' });
      fireEvent.keyDown(window, { key: 'k' });
    });
    expect(await screen.findByTestId('backups-page')).toBeTruthy();
    expect(window.location.hash).toContain('page=backups');
    expect(screen.getByTestId('nav-backups').getAttribute('aria-current')).toBe('page');
  });

  it('deletes a job only after a confirmation that says its backups stay on disk', async () => {
    const transport = backupsTransport({ 'backups.deleteJob': ({ jobId }) => ({ id: jobId }) });
    await renderBackups(transport);
    fireEvent.click(await screen.findByTestId('backup-job-delete'));
    expect(screen.getByRole('alertdialog').textContent).toContain('the backups it made stay on disk in /mnt/backup');
    expect(transport.callsOf('backups.deleteJob')).toEqual([]);
    fireEvent.click(screen.getByTestId('backup-job-delete-confirm'));
    await waitFor(() => expect(transport.callsOf('backups.deleteJob')).toEqual([{ jobId: 'nightly' }]));
  });
});

describe('running tasks', () => {
  it('moves the bar with each progress event, and Cancel sends backups.cancel', async () => {
    const transport = backupsTransport({
      'backups.overview': () => ({ jobs: [testJob('nightly', { name: 'Nightly' })], running: [testTask('t1')] }),
      'backups.cancel': ({ taskId }) => ({ taskId }),
    });
    await renderBackups(transport);
    const task = await screen.findByTestId('backups-task');
    expect(task.dataset.kind).toBe('backup');
    expect(within(task).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('10');

    act(() =>
      transport.emit(
        'backups.progress',
        testTask('t1', {
          phase: 'Encrypting',
          bytesDone: GIB / 2,
          rateBytesPerSec: 25 * 1024 * 1024,
          etaSeconds: 20.4,
          currentFile: '/srv/footage/camera-3/0042.mp4',
        }),
      ),
    );
    const bar = within(task).getByRole('progressbar');
    await waitFor(() => expect(bar.getAttribute('aria-valuenow')).toBe('50'));
    expect(bar.getAttribute('aria-valuetext')).toBe('50%: 512.0 MiB of 1.0 GiB');
    const figures = within(task).getByTestId('backup-task-figures').textContent;
    expect(figures).toContain('512.0 MiB of 1.0 GiB');
    expect(figures).toContain('25.0 MiB/s');
    expect(figures).toContain('21 s left');
    expect(within(task).getByTestId('backup-task-phase').textContent).toBe('Encrypting');
    expect(within(task).getByTestId('backup-task-file').textContent).toBe('/srv/footage/camera-3/0042.mp4');

    fireEvent.click(within(task).getByTestId('backup-cancel'));
    await waitFor(() => expect(transport.callsOf('backups.cancel')).toEqual([{ taskId: 't1' }]));
    await waitFor(() => expect(within(task).getByTestId('backup-cancel').textContent).toBe('Cancelling…'));
  });

  it('drops an ended task, says how it went, and keeps it gone when a late progress report arrives', async () => {
    let running = [testTask('t1')];
    const transport = backupsTransport({ 'backups.overview': () => ({ jobs: [testJob('nightly', { name: 'Nightly' })], running }) });
    const { queryClient } = await renderBackups(transport);
    await screen.findByTestId('backups-task');

    running = [];
    act(() =>
      transport.emit('backups.changed', {
        jobId: 'nightly',
        ended: { taskId: 't1', kind: 'backup', label: 'Backup of Nightly', ok: true, detail: '1.2 GiB in 41 s, verified' },
      }),
    );
    act(() => transport.emit('backups.progress', testTask('t1', { bytesDone: GIB })));
    // Checked before the overview is read again, which would hide a task brought back by the late report.
    expect(queryClient.getQueryData<MethodOutput<'backups.overview'>>(backupKeys.overview)?.running).toEqual([]);
    await waitFor(() => expect(screen.queryByTestId('backups-task')).toBeNull());
    expect(screen.getByTestId('backups-idle')).toBeTruthy();
    const outcome = screen.getByTestId('backup-outcome');
    expect(outcome.textContent).toContain('Backup of Nightly done: 1.2 GiB in 41 s, verified');
    expect(outcome.dataset.ok).toBe('true');

    act(() =>
      transport.emit('backups.changed', {
        jobId: null,
        ended: { taskId: 't2', kind: 'restore', label: 'Restore', ok: false, detail: 'the destination is read-only; nothing was written' },
      }),
    );
    await waitFor(() => expect(screen.getAllByTestId('backup-outcome')).toHaveLength(2));
    expect(screen.getAllByTestId('backup-outcome')[0]?.textContent).toContain(
      'Restore failed: the destination is read-only; nothing was written',
    );

    fireEvent.click(screen.getAllByTestId('backup-outcome-dismiss')[0] as HTMLElement);
    await waitFor(() => expect(screen.getAllByTestId('backup-outcome')).toHaveLength(1));
    expect(screen.getByTestId('backup-outcome').textContent).toContain('Backup of Nightly done');
  });

  it('shows a backup started with Run now at once, before its first progress report', async () => {
    const transport = backupsTransport({
      'backups.runNow': () =>
        testTask('t9', { phase: 'Taking a snapshot of the database', bytesDone: 0, bytesTotal: 0, etaSeconds: null, currentFile: null }),
    });
    await renderBackups(transport);
    fireEvent.click(await screen.findByTestId('backup-run-now'));
    const task = await screen.findByTestId('backups-task');
    expect(transport.callsOf('backups.runNow')).toEqual([{ jobId: 'nightly' }]);
    // No total yet: the bar says it works rather than showing a made-up percentage.
    expect(within(task).getByRole('progressbar').hasAttribute('aria-valuenow')).toBe(false);
    expect(within(task).getByTestId('backup-task-figures').textContent).toContain('time left not known yet');
    expect(screen.getByTestId('backup-run-now').hasAttribute('disabled')).toBe(true);
  });
});
