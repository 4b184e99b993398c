import type { Role } from '../../shared/contract';
import { invoke, LOCAL_OPERATOR, type Actor, type Dispatcher } from '../service';

const DEMO_USERS_SEEDER: Actor = { ...LOCAL_OPERATOR, id: 'demo-seed', displayName: 'Demo data', seat: 'demo data' };

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

/**
 * The people of a demo folder, one of each role (and a second operator, so a take-over has someone
 * to ask). Their passwords are printed at every start of the demo and written in the README: a
 * demo folder is for trying the console out, never for a real control room.
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'operator', displayName: 'Olivia Operator', role: 'operator', password: 'demo-operator-lantern' },
  { username: 'operator2', displayName: 'Oscar Operator', role: 'operator', password: 'demo-operator2-lantern' },
  { username: 'supervisor', displayName: 'Sam Supervisor', role: 'supervisor', password: 'demo-supervisor-lantern' },
  { username: 'admin', displayName: 'Ada Admin', role: 'admin', password: 'demo-admin-lantern' },
  { username: 'viewer', displayName: 'Wally Wall', role: 'viewer', password: 'demo-viewer-lantern' },
];

/** Adds the demo people a demo folder does not have yet (a user is never deleted, so once made they stay). */
export async function seedDemoUsers(dispatcher: Dispatcher): Promise<void> {
  const ctx = { actor: DEMO_USERS_SEEDER };
  const known = new Set((await invoke(dispatcher, 'users.list', undefined, ctx)).map((user) => user.username));
  for (const { username, displayName, role, password } of DEMO_USERS) {
    if (!known.has(username)) await invoke(dispatcher, 'users.create', { username, displayName, role, password, sites: null }, ctx);
  }
}

/** What serve mode prints for a demo folder, so whoever started it can sign in. */
export function demoUsersText(): string {
  const lines = DEMO_USERS.map(({ username, role, password }) => `  ${role.padEnd(10)} ${username.padEnd(10)} ${password}`);
  return `Demo users (role, username, password):\n${lines.join('\n')}\n`;
}
