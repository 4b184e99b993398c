/**
 * The alert severities, worst first (DESIGN.md): the one list the contract's `Severity` schema, the
 * queue's order and every severity list and ranking are made from. Plain, without zod, so the early
 * script (which must not evaluate zod, vite.config.ts) can order and list alerts by it too.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
