// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BackupJob } from '../../../shared/contract';
import { KEY_ROTATION_RULE_ID } from '../../../shared/domain/alert-rules';
import { DEFAULT_RETENTION } from '../../../shared/domain/retention';
import { testAlert, testAlertSnapshot } from '../../testing/alert-fixtures';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { withScreenHeight } from '../../testing/layout';
import { renderApp } from '../../testing/render-app';
import { useViewStore } from '../../state/view-store';

withScreenHeight();

const DAY = 86_400_000;
/** A key set long ago: past its reminder whatever day the test runs. */
const KEY_SET_AT = Date.UTC(2020, 0, 6, 9, 0);

const nightly: BackupJob = {
  id: 'nightly',
  name: 'Nightly',
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
  keySetAt: KEY_SET_AT,
  keyRotationDueAt: KEY_SET_AT + 90 * DAY,
  retryAt: null,
  createdAt: KEY_SET_AT,
  updatedAt: KEY_SET_AT,
  nextRunAt: null,
  lastRun: null,
  lastGoodAt: null,
};

const reminder = testAlert('k1', {
  ruleId: KEY_ROTATION_RULE_ID,
  ruleName: "A backup job's key is due for rotation",
  subject: 'backup-job:nightly',
  subjectName: 'Nightly',
  siteId: null,
  siteName: null,
  severity: 'low',
  summary: 'Nightly: its backup key is 91 days old (rotate every 90 days): an admin gives a new passphrase',
});

function transportAs(role: 'admin' | 'operator') {
  return new FakeTransport({
    'app.whoami': () => personWhoAmI(role),
    'alerts.snapshot': () => testAlertSnapshot([reminder]),
    'backups.overview': () => ({ jobs: [nightly], running: [] }),
    'backups.rotateKey': () => ({ ...nightly, keyId: 'key-2', retiredKeyIds: ['key-1'] }),
  });
}

describe('the key rotation alert', () => {
  it('lets an admin give the new passphrase on the alert itself', async () => {
    const transport = transportAs('admin');
    renderApp({ transport, page: 'alerts' });
    expect(await screen.findAllByTestId('alert-row')).toHaveLength(1);
    act(() => useViewStore.getState().showAlertDetail('k1'));
    const due = await within(await screen.findByTestId('alert-detail')).findByTestId('backup-key-rotation-due');
    fireEvent.click(within(due).getByTestId('backup-key-rotation-open'));
    for (const testId of ['backup-key-rotation-passphrase', 'backup-key-rotation-passphrase-again'])
      fireEvent.change(screen.getByTestId(testId), { target: { value: 'the passphrase for next quarter' } });
    fireEvent.click(screen.getByTestId('backup-key-rotation-save'));
    await waitFor(() =>
      expect(transport.callsOf('backups.rotateKey')).toEqual([{ jobId: 'nightly', passphrase: 'the passphrase for next quarter' }]),
    );
  });

  it('shows an operator the alert without the rotation, which is an admin’s', async () => {
    const transport = transportAs('operator');
    renderApp({ transport, page: 'alerts' });
    expect(await screen.findAllByTestId('alert-row')).toHaveLength(1);
    act(() => useViewStore.getState().showAlertDetail('k1'));
    const detail = await screen.findByTestId('alert-detail');
    expect(detail.textContent).toContain('Nightly: its backup key is 91 days old');
    expect(within(detail).queryByTestId('backup-key-rotation-due')).toBeNull();
    expect(transport.callsOf('backups.overview')).toEqual([]);
  });
});
