import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { HttpTarget } from './http-target';
import { newDataDir } from './serve';

/**
 * Imports one site with one camera monitor checking `target` every 5 s through the Sites page, as
 * an operator would, and waits until the board shows it up.
 */
export async function importGateCamera(page: Page, target: HttpTarget): Promise<void> {
  const config = {
    format: 'watchroom-config',
    version: 1,
    sites: [{ id: 'site-harbour', name: 'Harbour Gate', address: null, tags: [] }],
    monitors: [
      {
        id: 'mon-gate-camera',
        siteId: 'site-harbour',
        name: 'Gate camera',
        probe: { kind: 'http', url: target.url('/camera'), method: 'GET' },
        intervalSeconds: 5,
        timeoutSeconds: 2,
        failuresToDown: 1,
      },
    ],
  };
  const file = join(newDataDir(), 'harbour.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  await page.getByTestId('nav-sites').click();
  await page.getByTestId('config-import-file').setInputFiles(file);
  await expect(page.getByTestId('import-result')).toContainText('Imported');
  await page.getByTestId('nav-board').click();
  await expect(page.getByTestId('monitor-row').filter({ hasText: 'Gate camera' })).toHaveAttribute('data-status', 'up', {
    timeout: 15_000,
  });
}
