// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BackupRun, FolderBackup } from '../../../shared/contract';
import { backupsTransport, fill, NOW, renderBackups, testJob, testTask } from './testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PASSPHRASE = 'correct horse battery staple';

function folderBackup(fileName: string, overrides: Partial<FolderBackup> = {}): FolderBackup {
  return {
    file: `/media/usb-backup/${fileName}`,
    fileName,
    sizeBytes: 4 * 1024 * 1024,
    backupId: 'b1',
    createdAt: NOW - 3 * DAY,
    keyId: 'key-1',
    hasDatabase: true,
    files: 3,
    sourceBytes: 12 * 1024 * 1024,
    roots: ['database', 'footage-index'],
    problem: null,
    ...overrides,
  };
}

function run(id: string, overrides: Partial<BackupRun> = {}): BackupRun {
  return {
    id,
    jobId: 'nightly',
    jobName: 'Nightly',
    trigger: 'scheduled',
    attempt: 1,
    startedAt: NOW - DAY,
    endedAt: NOW - DAY + 41_000,
    outcome: 'good',
    sizeBytes: 400 * 1024 * 1024,
    sourceBytes: 1200 * 1024 * 1024,
    files: 1234,
    backupId: 'b1',
    error: null,
    retryAt: null,
    ...overrides,
  };
}

describe('open backups in a folder', () => {
  it('lists a folder’s backups with the passphrase, says why one does not open, and verifies and restores the database from one', async () => {
    const transport = backupsTransport({
      'backups.overview': () => ({ jobs: [], running: [] }),
      'backups.openFolder': () => ({
        folder: '/media/usb-backup',
        backups: [
          folderBackup('nightly-20261120.wrbk'),
          folderBackup('holiday.wrbk', {
            backupId: null,
            createdAt: null,
            hasDatabase: false,
            files: null,
            roots: [],
            problem: 'Made with another passphrase: this one does not open it.',
          }),
        ],
      }),
      'backups.verifyFile': () => testTask('t1', { kind: 'verify', jobId: null }),
      'backups.restoreFile': () => testTask('t2', { kind: 'restore', jobId: null }),
    });
    await renderBackups(transport);
    fireEvent.click(await screen.findByTestId('backup-open-folder'));
    fill('backup-folder-path', '/media/usb-backup');
    fill('backup-folder-passphrase', PASSPHRASE);
    fireEvent.click(screen.getByTestId('backup-folder-open'));

    const rows = await screen.findAllByTestId('folder-backup-row');
    expect(transport.callsOf('backups.openFolder')).toEqual([{ folder: '/media/usb-backup', passphrase: PASSPHRASE }]);
    expect(rows.map((row) => row.dataset.opened)).toEqual(['true', 'false']);
    expect(rows[0]!.textContent).toContain('The console’s database, footage-index');
    expect(within(rows[1]!).getByTestId('folder-backup-state').textContent).toContain('Made with another passphrase');
    expect(within(rows[1]!).queryByTestId('folder-backup-verify')).toBeNull();

    fireEvent.click(within(rows[0]!).getByTestId('folder-backup-verify'));
    await waitFor(() =>
      expect(transport.callsOf('backups.verifyFile')).toEqual([
        { file: '/media/usb-backup/nightly-20261120.wrbk', passphrase: PASSPHRASE },
      ]),
    );

    fireEvent.click(within(rows[0]!).getByTestId('folder-backup-restore-database'));
    const start = screen.getByTestId('folder-restore-start') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    fill('folder-restore-confirm', 'RESTORE');
    expect(start.disabled).toBe(false);
    fireEvent.click(start);
    await waitFor(() =>
      expect(transport.callsOf('backups.restoreFile')).toEqual([
        { file: '/media/usb-backup/nightly-20261120.wrbk', passphrase: PASSPHRASE, target: { kind: 'database', confirm: 'RESTORE' } },
      ]),
    );
  });
});

describe('a job’s runs', () => {
  it('shows every run with its duration, how it ran, its outcome, size, files and error', async () => {
    const transport = backupsTransport({
      'backups.runs': () => ({
        runs: [
          run('r3', { trigger: 'retry', attempt: 2, startedAt: NOW - HOUR, endedAt: NOW - HOUR + 185_000 }),
          run('r2', {
            outcome: 'failed',
            sizeBytes: null,
            sourceBytes: null,
            files: null,
            backupId: null,
            error: 'The destination /media/usb does not exist or is not mounted',
            retryAt: NOW - HOUR,
            startedAt: NOW - HOUR - 5 * 60_000,
            endedAt: NOW - HOUR - 5 * 60_000 + 200,
          }),
          run('r1'),
        ],
      }),
    });
    await renderBackups(transport);
    const rows = await screen.findAllByTestId('backup-run-row');
    expect(rows.map((row) => row.dataset.outcome)).toEqual(['good', 'failed', 'good']);
    expect(rows[0]!.textContent).toContain('Retry (try 2)');
    expect(rows[0]!.textContent).toContain('3 min 5 s');
    expect(rows[0]!.textContent).toContain('400.0 MiB');
    expect(rows[1]!.textContent).toContain('Failed');
    expect(rows[1]!.textContent).toContain('does not exist or is not mounted');
    expect(rows[1]!.textContent).toContain('Tried again');
    expect(rows[2]!.textContent).toContain('41 s');
  });
});

describe('the key rotation reminder', () => {
  it('asks for a new passphrase once the key is as old as the job says, and sends it', async () => {
    const transport = backupsTransport({
      'backups.overview': () => ({
        jobs: [testJob('nightly', { name: 'Nightly', keySetAt: NOW - 91 * DAY, keyRotationDueAt: NOW - DAY })],
        running: [],
      }),
      'backups.rotateKey': () => testJob('nightly', { name: 'Nightly', keySetAt: NOW, keyRotationDueAt: NOW + 90 * DAY }),
    });
    await renderBackups(transport);
    const reminder = await screen.findByTestId('backup-key-rotation-due');
    expect(reminder.textContent).toContain('91 days');
    fireEvent.click(within(reminder).getByTestId('backup-key-rotation-open'));
    fill('backup-key-rotation-passphrase', 'the passphrase for next quarter');
    fill('backup-key-rotation-passphrase-again', 'the passphrase for next quarter');
    fireEvent.click(screen.getByTestId('backup-key-rotation-save'));
    await waitFor(() =>
      expect(transport.callsOf('backups.rotateKey')).toEqual([{ jobId: 'nightly', passphrase: 'the passphrase for next quarter' }]),
    );
  });

  it('says nothing while the key is younger than the reminder', async () => {
    await renderBackups(backupsTransport());
    await screen.findAllByTestId('backup-job-row');
    expect(screen.queryByTestId('backup-key-rotation-due')).toBeNull();
  });
});
