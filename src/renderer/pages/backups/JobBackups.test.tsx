// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RetentionPreview } from '../../../shared/contract';
import { backupsTransport, renderBackups, testBackup, testJob, testTask } from './testing';

const GIB = 1024 ** 3;
const rowOf = (id: string) => screen.getAllByTestId('backup-row').find((row) => row.dataset.backupId === id) as HTMLElement;

const PREVIEW: RetentionPreview = {
  keep: [
    { backupId: 'b3', createdAt: Date.UTC(2026, 10, 24, 2), fileName: 'b3.wrb', reasons: ['last', 'daily'] },
    { backupId: 'b2', createdAt: Date.UTC(2026, 10, 23, 2), fileName: 'b2.wrb', reasons: ['weekly'] },
  ],
  remove: [
    { backupId: 'b1', createdAt: Date.UTC(2026, 10, 22, 2), fileName: 'b1.wrb', why: 'failed verification: it could not be restored' },
  ],
};

describe("the chosen job's backups", () => {
  it('shows each backup with its kind, size, compression, file count and verify state', async () => {
    const transport = backupsTransport({
      'backups.list': () => [
        testBackup('b3', { kind: 'manual', sizeBytes: 1.2 * GIB, compressionRatio: 3.14, files: 12_345 }),
        testBackup('b2', { kind: 'safety', verify: 'unverified', verifiedAt: null }),
        testBackup('b1', { verify: 'failed', verifyDetail: 'Chunk 17 of database.sqlite failed authentication' }),
      ],
    });
    await renderBackups(transport);
    await screen.findAllByTestId('backup-row');
    expect(transport.callsOf('backups.list')).toEqual([{ jobId: 'nightly' }]);

    const manual = rowOf('b3');
    expect(manual.textContent).toContain('Manual');
    expect(manual.textContent).toContain('1.2 GiB');
    expect(manual.textContent).toContain('3.1×');
    expect(manual.textContent).toContain('12,345');
    expect(within(manual).getByTestId('backup-verify-state').textContent).toBe('Good ✓');
    expect(rowOf('b2').textContent).toContain('Safety');
    expect(within(rowOf('b2')).getByTestId('backup-verify-state').textContent).toBe('Unverified');
    expect(within(rowOf('b1')).getByTestId('backup-verify-state').textContent).toBe(
      'Failed ✗Chunk 17 of database.sqlite failed authentication',
    );
  });

  it('reads another job’s backups when that job is chosen', async () => {
    const transport = backupsTransport({
      'backups.overview': () => ({ jobs: [testJob('nightly', { name: 'Nightly' }), testJob('weekly', { name: 'Weekly' })], running: [] }),
      'backups.list': ({ jobId }) => [testBackup(`${jobId}-1`, { jobId })],
    });
    await renderBackups(transport);
    await screen.findAllByTestId('backup-row');
    fireEvent.click(screen.getAllByTestId('backup-job-select')[1] as HTMLElement);
    await waitFor(() => expect(screen.getByTestId('backups-of-job').dataset.jobId).toBe('weekly'));
    await waitFor(() => expect(screen.getAllByTestId('backup-row').map((row) => row.dataset.backupId)).toEqual(['weekly-1']));
  });

  it('starts a verification with Verify; it shows among the running tasks', async () => {
    const transport = backupsTransport({
      'backups.list': () => [testBackup('b3')],
      'backups.verify': ({ backupId }) => testTask('v1', { kind: 'verify', backupId, label: 'Verify of b3.wrb', phase: 'Reading back' }),
    });
    await renderBackups(transport);
    fireEvent.click(await screen.findByTestId('backup-verify'));
    const task = await screen.findByTestId('backups-task');
    expect(task.dataset.kind).toBe('verify');
    expect(transport.callsOf('backups.verify')).toEqual([{ backupId: 'b3' }]);
    await waitFor(() => expect(screen.getByTestId('backup-verify').textContent).toBe('Verifying…'));
  });
});

describe('applying retention', () => {
  it('shows what the policy keeps and would delete, and deletes only once confirmed', async () => {
    const transport = backupsTransport({
      'backups.list': () => [testBackup('b3'), testBackup('b2'), testBackup('b1', { verify: 'failed' })],
      'backups.retentionPreview': () => PREVIEW,
      'backups.applyRetention': () => PREVIEW,
    });
    await renderBackups(transport);
    await screen.findAllByTestId('backup-row');
    fireEvent.click(screen.getByTestId('backup-apply-retention'));

    const confirm = await screen.findByTestId('backup-retention-confirm');
    const preview = await within(confirm).findByTestId('retention-preview');
    expect(
      within(preview)
        .getAllByTestId('retention-remove')
        .map((item) => item.textContent),
    ).toEqual(['✗ 2026-11-22 02:00:00 UTC b1.wrb — failed verification: it could not be restored']);
    expect(
      within(preview)
        .getAllByTestId('retention-keep')
        .map((item) => item.dataset.backupId),
    ).toEqual(['b3', 'b2']);
    expect(within(preview).getAllByTestId('retention-keep')[1]?.textContent).toContain('newest of its week');
    expect(transport.callsOf('backups.retentionPreview')).toEqual([{ jobId: 'nightly' }]);
    expect(transport.callsOf('backups.applyRetention')).toEqual([]);

    fireEvent.click(within(confirm).getByTestId('backup-apply-retention-confirm'));
    await waitFor(() => expect(transport.callsOf('backups.applyRetention')).toEqual([{ jobId: 'nightly' }]));
    expect((await screen.findByTestId('backup-retention-done')).textContent).toBe('Deleted 1 backup.');
    expect(screen.queryByTestId('backup-retention-confirm')).toBeNull();
  });

  it('deletes nothing when the operator keeps them', async () => {
    const transport = backupsTransport({ 'backups.retentionPreview': () => PREVIEW, 'backups.applyRetention': () => PREVIEW });
    await renderBackups(transport);
    fireEvent.click(await screen.findByTestId('backup-apply-retention'));
    await screen.findByTestId('retention-preview');
    fireEvent.click(screen.getByTestId('backup-apply-retention-cancel'));
    expect(screen.queryByTestId('backup-retention-confirm')).toBeNull();
    expect(transport.callsOf('backups.applyRetention')).toEqual([]);
  });
});
