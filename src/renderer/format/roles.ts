import type { Role } from '../../shared/contract';

/** A role as a heading or a table cell shows it. */
export const ROLE_NAMES: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', supervisor: 'Supervisor', admin: 'Admin' };
