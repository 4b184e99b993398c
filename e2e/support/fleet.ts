import type { Caller } from './people';

/** How a test fleet of manual monitors is laid out: monitor m belongs to site m mod `sites`. */
export interface FleetShape {
  sites: number;
  monitors: number;
  siteName: (siteIndex: number) => string;
  monitorTags?: (monitorIndex: number) => string[];
}

/** One monitor's state set by hand, with the note an operator would read. */
export interface ManualState {
  id: string;
  status: 'up' | 'down' | 'degraded';
  note: string;
}

/**
 * Imports sites `site-N` and manual monitors `mon-N` named "Gate camera N+1" through the contract, as
 * an admin would from a file, then sets the given states in order (their order is the order of change).
 */
export async function importFleet(call: Caller, shape: FleetShape, states: readonly ManualState[]): Promise<void> {
  const sites = Array.from({ length: shape.sites }, (_, s) => ({ id: `site-${s}`, name: shape.siteName(s), address: null, tags: [] }));
  const monitors = Array.from({ length: shape.monitors }, (_, m) => ({
    id: `mon-${m}`,
    siteId: `site-${m % shape.sites}`,
    name: `Gate camera ${m + 1}`,
    probe: { kind: 'manual' },
    tags: shape.monitorTags?.(m) ?? [],
  }));
  await call('config.import', { text: JSON.stringify({ format: 'watchroom-config', version: 1, sites, monitors }) });
  for (const state of states) await call('monitors.setManualState', state);
}
