import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { openDatabase } from '../index';

const tempDir = useTempDirs();

describe('migration 0005_heartbeat_last_beat', () => {
  it("keeps a heartbeat monitor's last beat beside its state, empty for every monitor until it beats", () => {
    const store = openDatabase(join(tempDir(), 'w.db'), randomBytes(32));
    const columns = store.sqlite.prepare(`PRAGMA table_info(monitor_state)`).all() as {
      name: string;
      notnull: number;
      dflt_value: unknown;
    }[];
    expect(columns.find((c) => c.name === 'last_beat_at')).toMatchObject({ notnull: 0, dflt_value: null });
    store.close();
  });
});
