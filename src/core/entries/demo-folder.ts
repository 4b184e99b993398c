import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file in the data folder saying it is a demo folder, so the demo runs at every start without --demo. */
export const DEMO_MARKER_FILE = 'demo-folder';

/** 'seed' on a folder's first demo start, 'resume' on every later one, 'none' for a real console. */
export type DemoStart = 'none' | 'seed' | 'resume';

export function demoStartFor(dataDir: string, demoAsked: boolean): DemoStart {
  if (existsSync(join(dataDir, DEMO_MARKER_FILE))) return 'resume';
  return demoAsked ? 'seed' : 'none';
}

/** Written once the demo data is in, so a start interrupted while seeding seeds again next time. */
export function markDemoFolder(dataDir: string): void {
  writeFileSync(
    join(dataDir, DEMO_MARKER_FILE),
    'This data folder holds the Watchroom demo: the demo site simulator starts with it every time.\n',
    { mode: 0o600 },
  );
}
