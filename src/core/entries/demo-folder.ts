import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Role } from '../../shared/contract';

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

/**
 * The demo users' first passwords, kept in the demo folder (readable by its owner only) so every
 * demo start can print them again: a demo whose passwords scrolled away would lock its visitor
 * out. A real console never writes this file; only password hashes live in its database.
 */
export const DEMO_USERS_FILE = 'demo-users.json';

const DemoPeopleFile = z.array(z.object({ username: z.string(), role: Role, password: z.string() }).strict());
export type DemoPerson = z.infer<typeof DemoPeopleFile>[number];

export function rememberDemoPeople(dataDir: string, people: readonly DemoPerson[]): void {
  writeFileSync(join(dataDir, DEMO_USERS_FILE), `${JSON.stringify(people, null, 2)}\n`, { mode: 0o600 });
}

/** The demo users as first made; none when the file is missing or not what this start wrote. */
export function recalledDemoPeople(dataDir: string): DemoPerson[] {
  try {
    const parsed = DemoPeopleFile.safeParse(JSON.parse(readFileSync(join(dataDir, DEMO_USERS_FILE), 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
