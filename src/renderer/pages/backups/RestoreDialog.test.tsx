// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../transport/transport';
import { backupsTransport, errorBeside, fill, renderBackups, testBackup, testJob, testTask } from './testing';

const FILES = [
  { path: 'database.sqlite', kind: 'database', size: 52_428_800 },
  { path: 'footage/camera-1/0001.mp4', kind: 'file', size: 10_485_760 },
  { path: 'footage/camera-3/0001.mp4', kind: 'file', size: 10_485_760 },
  { path: 'footage/camera-3/0002.mp4', kind: 'file', size: 10_485_760 },
] as const;

function restoreTransport(restore: Parameters<typeof backupsTransport>[0] = {}) {
  return backupsTransport({
    'backups.list': () => [testBackup('b3')],
    'backups.files': () => [...FILES],
    'backups.restore': ({ backupId }) => testTask('r1', { kind: 'restore', backupId, label: 'Restore of b3.wrb', phase: 'Decrypting' }),
    ...restore,
  });
}

async function openRestore(transport: ReturnType<typeof restoreTransport>) {
  await renderBackups(transport);
  fireEvent.click(await screen.findByTestId('backup-restore'));
  return screen.findByTestId('backup-restore-dialog');
}

const submitButton = () => screen.getByTestId('backup-restore-submit') as HTMLButtonElement;

describe('restoring the database in place', () => {
  it('explains what happens, stays disabled until RESTORE is typed exactly, then sends it', async () => {
    const transport = restoreTransport();
    const dialog = await openRestore(transport);
    fireEvent.click(within(dialog).getByTestId('backup-restore-kind-database'));
    const explained = within(dialog).getByTestId('backup-restore-database-explained').textContent;
    expect(explained).toContain('A safety backup of the current database is taken first');
    expect(explained).toContain('checked before it replaces the current one');
    expect(explained).toContain('The console reconnects');

    expect(submitButton().getAttribute('aria-disabled')).toBe('true');
    fill('backup-restore-confirm', 'restore');
    expect(submitButton().getAttribute('aria-disabled')).toBe('true');
    fireEvent.keyDown(screen.getByTestId('backup-restore-confirm'), { key: 'Enter' });
    fill('backup-restore-confirm', 'RESTORE ');
    expect(submitButton().getAttribute('aria-disabled')).toBe('true');
    expect(transport.callsOf('backups.restore')).toEqual([]);

    fill('backup-restore-confirm', 'RESTORE');
    expect(submitButton().getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(submitButton());
    await waitFor(() =>
      expect(transport.callsOf('backups.restore')).toEqual([{ backupId: 'b3', target: { kind: 'database', confirm: 'RESTORE' } }]),
    );
    await waitFor(() => expect(screen.queryByTestId('backup-restore-dialog')).toBeNull());
    expect((await screen.findByTestId('backups-task')).dataset.kind).toBe('restore');
  });

  it('shows a wrong passphrase beside the passphrase field, keeping the dialog as typed', async () => {
    const transport = restoreTransport({
      'backups.restore': () => {
        throw new TransportError('invalid_input', 'Wrong passphrase', [
          { path: 'passphrase', message: 'This passphrase does not open the backup; nothing was written' },
        ]);
      },
    });
    const dialog = await openRestore(transport);
    fireEvent.click(within(dialog).getByTestId('backup-restore-kind-database'));
    fill('backup-restore-confirm', 'RESTORE');
    fill('backup-restore-passphrase', 'the old workstation key');
    fireEvent.click(submitButton());

    await waitFor(() => expect(errorBeside(screen.getByTestId('backup-restore-passphrase'))).toContain('does not open the backup'));
    expect(transport.callsOf('backups.restore')).toEqual([
      { backupId: 'b3', passphrase: 'the old workstation key', target: { kind: 'database', confirm: 'RESTORE' } },
    ]);
    expect((screen.getByTestId('backup-restore-confirm') as HTMLInputElement).value).toBe('RESTORE');
  });
});

describe('restoring files to a new folder', () => {
  it('sends only the files picked, in the backup’s order', async () => {
    const transport = restoreTransport();
    const dialog = await openRestore(transport);
    fill('backup-restore-path', '/mnt/restore/camera-3');
    fireEvent.click(within(dialog).getByTestId('backup-restore-pick'));
    await within(dialog).findAllByTestId('backup-restore-file');
    expect(transport.callsOf('backups.files')).toEqual([{ backupId: 'b3' }]);
    expect(submitButton().getAttribute('aria-disabled')).toBe('true');

    fill('backup-restore-filter', 'CAMERA-3');
    const shown = within(dialog).getAllByTestId('backup-restore-file');
    expect(shown.map((box) => box.dataset.path)).toEqual(['footage/camera-3/0001.mp4', 'footage/camera-3/0002.mp4']);
    fireEvent.click(shown[1] as HTMLElement);
    fireEvent.click(shown[0] as HTMLElement);
    expect(within(dialog).getByTestId('backup-restore-picked').textContent).toContain('2 of 4 chosen');
    // Enter in the filter narrows; it must not start the restore, even with files picked.
    fireEvent.keyDown(screen.getByTestId('backup-restore-filter'), { key: 'Enter' });
    expect(transport.callsOf('backups.restore')).toEqual([]);

    fireEvent.click(submitButton());
    await waitFor(() =>
      expect(transport.callsOf('backups.restore')).toEqual([
        {
          backupId: 'b3',
          target: { kind: 'folder', path: '/mnt/restore/camera-3', only: ['footage/camera-3/0001.mp4', 'footage/camera-3/0002.mp4'] },
        },
      ]),
    );
  });

  it('keeps the files picked when core refuses the passphrase, and when the restore is asked again after its task failed', async () => {
    let refuse = true;
    const transport = restoreTransport({
      'backups.restore': ({ backupId }) => {
        if (refuse)
          throw new TransportError('invalid_input', 'Wrong passphrase', [
            { path: 'passphrase', message: 'This passphrase does not open the backup; nothing was written' },
          ]);
        return testTask('r1', { kind: 'restore', backupId, label: 'Restore of b3.wrb', phase: 'Decrypting' });
      },
    });
    const dialog = await openRestore(transport);
    fill('backup-restore-path', '/mnt/restore/camera-3');
    fireEvent.click(within(dialog).getByTestId('backup-restore-pick'));
    const boxes = await within(dialog).findAllByTestId('backup-restore-file');
    fireEvent.click(boxes[2] as HTMLElement);
    fill('backup-restore-passphrase', 'wrong');
    fireEvent.click(submitButton());
    await waitFor(() => expect(errorBeside(screen.getByTestId('backup-restore-passphrase'))).toContain('does not open the backup'));
    expect(within(dialog).getByTestId('backup-restore-picked').textContent).toContain('1 of 4 chosen');

    // The task itself finds the wrong passphrase after the dialog closed: opened again, the choice is still there (not the passphrase).
    refuse = false;
    fireEvent.click(submitButton());
    await waitFor(() => expect(screen.queryByTestId('backup-restore-dialog')).toBeNull());
    fireEvent.click(screen.getByTestId('backup-restore'));
    const again = await screen.findByTestId('backup-restore-dialog');
    expect((within(again).getByTestId('backup-restore-path') as HTMLInputElement).value).toBe('/mnt/restore/camera-3');
    expect(within(again).getByTestId('backup-restore-picked').textContent).toContain('1 of 4 chosen');
    expect(
      within(again)
        .getAllByTestId('backup-restore-file')
        .filter((box) => (box as HTMLInputElement).checked)
        .map((box) => box.dataset.path),
    ).toEqual(['footage/camera-3/0001.mp4']);
    expect((within(again).getByTestId('backup-restore-passphrase') as HTMLInputElement).value).toBe('');
  });

  it('restores every file when all are asked for, and asks for a full path first', async () => {
    const transport = restoreTransport();
    const dialog = await openRestore(transport);
    fill('backup-restore-path', 'restore-here');
    fireEvent.click(submitButton());
    expect(errorBeside(screen.getByTestId('backup-restore-path'))).toContain('Give the full path of the folder');
    expect(transport.callsOf('backups.restore')).toEqual([]);
    expect(transport.callsOf('backups.files')).toEqual([]);

    fill('backup-restore-path', '/mnt/restore/all');
    expect(errorBeside(within(dialog).getByTestId('backup-restore-path'))).toBeNull();
    fireEvent.click(submitButton());
    await waitFor(() =>
      expect(transport.callsOf('backups.restore')).toEqual([{ backupId: 'b3', target: { kind: 'folder', path: '/mnt/restore/all' } }]),
    );
  });
});

describe('backups made before a passphrase change', () => {
  const rotatedJob = testJob('nightly', { name: 'Nightly', keyId: 'key-2', retiredKeyIds: ['key-1'] });
  const openFor = (keyId: string) =>
    openRestore(
      restoreTransport({
        'backups.overview': () => ({ jobs: [rotatedJob], running: [] }),
        'backups.list': () => [testBackup('b3', { keyId })],
      }),
    );

  it('asks no passphrase for a backup under a key the job retired but still holds', async () => {
    expect((await openFor('key-1')).textContent).toContain('Only for a backup made with another key');
  });

  it('asks for the passphrase of a backup under a key the job never held', async () => {
    expect((await openFor('key-0')).textContent).toContain('give the passphrase it was made with');
  });
});
