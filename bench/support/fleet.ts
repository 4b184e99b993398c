import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories, openDatabase } from '../../src/core/db';

/** A fresh encrypted database with one site and `count` TCP monitors m0..m(count-1). */
export function fleetDatabase(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'watchroom-bench-'));
  const path = join(dir, 'watchroom.db');
  const key = randomBytes(32);
  const store = openDatabase(path, key);
  const repos = createRepositories(store);
  repos.transaction(() => {
    repos.monitoring.insertSite({
      id: 's',
      name: 'Bench site',
      address: null,
      tags: [],
      maintenance: false,
      createdAt: 0,
      updatedAt: 0,
    });
    for (let i = 0; i < count; i += 1) {
      repos.monitoring.insertMonitor({
        id: `m${i}`,
        siteId: 's',
        name: `Monitor ${i}`,
        kind: 'tcp',
        probe: { kind: 'tcp', host: '127.0.0.1', port: 1 },
        intervalSeconds: 60,
        timeoutSeconds: 10,
        failuresToDown: 2,
        successesToUp: 1,
        warnLatencyMs: 500,
        critLatencyMs: 2000,
        parentId: null,
        role: 'normal',
        tags: [],
        paused: false,
        maintenance: false,
        heartbeatToken: null,
        createdAt: 0,
        updatedAt: 0,
      });
    }
  });
  return { dir, path, key, store, repos };
}
