import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { DEMO_USERS_FILE, demoStartFor, markDemoFolder, recalledDemoPeople, rememberDemoPeople } from './demo-folder';

const tempDir = useTempDirs();

describe('a demo data folder', () => {
  it('is seeded once when --demo makes it, and resumes the demo at every later start without --demo', () => {
    const dir = tempDir();
    expect(demoStartFor(dir, false)).toBe('none');
    expect(demoStartFor(dir, true)).toBe('seed');
    markDemoFolder(dir);
    expect(demoStartFor(dir, false)).toBe('resume');
    expect(demoStartFor(dir, true)).toBe('resume');
  });

  it("keeps the demo users' first passwords for its owner alone, so every demo start can print them again", () => {
    const dir = tempDir();
    expect(recalledDemoPeople(dir)).toEqual([]);
    const people = [{ username: 'admin', role: 'admin' as const, password: 'Zq3-first' }];
    rememberDemoPeople(dir, people);
    expect(recalledDemoPeople(dir)).toEqual(people);
    expect(statSync(join(dir, DEMO_USERS_FILE)).mode & 0o777).toBe(0o600);
    // A damaged or foreign file prints nothing rather than stopping the start.
    writeFileSync(join(dir, DEMO_USERS_FILE), '{"not": "people"}');
    expect(recalledDemoPeople(dir)).toEqual([]);
    writeFileSync(join(dir, DEMO_USERS_FILE), 'not json');
    expect(recalledDemoPeople(dir)).toEqual([]);
  });
});
