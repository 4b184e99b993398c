import type { ProbeKind } from './types';

/**
 * Manual monitors are never scheduled: an operator sets their state, with a note, through a
 * command. Should the engine run one anyway, the answer is "cannot tell", which never turns a
 * monitor down by itself.
 */
export const manualProbe: ProbeKind<'manual'> = {
  kind: 'manual',
  targetHost: () => null,
  run: async () => ({ ok: true, latencyMs: null, error: null, indeterminate: true }),
};
