import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { demoStartFor, markDemoFolder } from './demo-folder';

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
});
