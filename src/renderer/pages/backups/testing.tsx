import { fireEvent, screen } from '@testing-library/react';
import type { BackupJob, BackupRecord, BackupTask } from '../../../shared/contract';
import { DEFAULT_RETENTION } from '../../../shared/domain/retention';
import { FakeTransport, type FakeHandlers } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

const HOUR = 3_600_000;
const GIB = 1024 ** 3;
/** Ages on the page count against the real clock, so the fixtures are placed around it. */
export const NOW = Date.now();

export function testJob(id: string, overrides: Partial<BackupJob> = {}): BackupJob {
  return {
    id,
    name: `Job ${id}`,
    sources: [{ kind: 'database' }],
    destination: '/mnt/backup',
    schedule: '0 2 * * *',
    retention: DEFAULT_RETENTION,
    compressionLevel: 3,
    overdueAfterHours: 26,
    keyId: 'key-1',
    retiredKeyIds: [],
    notify: null,
    keyRotationDays: 90,
    keySetAt: NOW - 30 * 24 * HOUR,
    keyRotationDueAt: NOW + 60 * 24 * HOUR,
    retryAt: null,
    createdAt: NOW - 30 * 24 * HOUR,
    updatedAt: NOW - 30 * 24 * HOUR,
    nextRunAt: NOW + 5 * HOUR,
    lastRun: { at: NOW - 2 * HOUR, ok: true, detail: '1.2 GiB in 41 s, verified' },
    lastGoodAt: NOW - 2 * HOUR,
    ...overrides,
  };
}

export function testBackup(id: string, overrides: Partial<BackupRecord> = {}): BackupRecord {
  return {
    id,
    jobId: 'nightly',
    fileName: `${id}.wrb`,
    path: `/mnt/backup/${id}.wrb`,
    createdAt: NOW - 2 * HOUR,
    kind: 'scheduled',
    sizeBytes: 0.4 * GIB,
    sourceBytes: 1.24 * GIB,
    files: 1_234,
    compressionRatio: 3.1,
    keyId: 'key-1',
    verify: 'good',
    verifiedAt: NOW - 2 * HOUR,
    verifyDetail: null,
    ...overrides,
  };
}

export function testTask(taskId: string, overrides: Partial<BackupTask> = {}): BackupTask {
  return {
    taskId,
    kind: 'backup',
    jobId: 'nightly',
    backupId: null,
    label: 'Backup of Nightly',
    phase: 'Compressing and encrypting',
    bytesDone: 0.1 * GIB,
    bytesTotal: GIB,
    rateBytesPerSec: 20 * 1024 * 1024,
    etaSeconds: 46,
    currentFile: '/srv/footage/camera-1/0001.mp4',
    startedAt: NOW - 5_000,
    ...overrides,
  };
}

/** A core with one job, "Nightly", and nothing running; a test adds what it is about. */
export function backupsTransport(handlers: FakeHandlers = {}): FakeTransport {
  return new FakeTransport({
    'backups.overview': () => ({ jobs: [testJob('nightly', { name: 'Nightly' })], running: [] }),
    'backups.list': () => [],
    'backups.runs': () => ({ runs: [] }),
    'channels.list': () => [],
    ...handlers,
  });
}

/** The whole console on the backups page, once the jobs are on screen. */
export async function renderBackups(transport: FakeTransport) {
  const view = renderApp({ transport, page: 'backups' });
  await screen.findByTestId('backups-page');
  return view;
}

export function fill(testId: string, value: string, index = 0) {
  const element = screen.getAllByTestId(testId)[index];
  if (element === undefined) throw new Error(`No element ${testId} #${index}`);
  fireEvent.change(element, { target: { value } });
}

/** The error shown in the same form row as the element: "beside the field" is what is checked. */
export function errorBeside(element: HTMLElement): string | null {
  return element.closest('.form-row, .backup-restore__files')?.querySelector('[data-testid="field-error"]')?.textContent ?? null;
}
