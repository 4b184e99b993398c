import type { ProbeConfig, ProbeConfigOf, ProbeKindName } from '../../../shared/contract/monitors';
import { dnsProbe } from './dns';
import { heartbeatProbe } from './heartbeat';
import { httpProbe } from './http';
import { icmpProbe } from './icmp';
import { manualProbe } from './manual';
import { outcomeFromError } from './outcome';
import { tcpProbe } from './tcp';
import { tlsProbe } from './tls';
import type { ProbeContext, ProbeKind, ProbeOutcome } from './types';

export type ProbeKinds = { [K in ProbeKindName]: ProbeKind<K> };

/** Every kind, by name. A new kind is one file plus one line here (the mapped type insists). */
export const probeKinds: ProbeKinds = {
  http: httpProbe,
  tcp: tcpProbe,
  icmp: icmpProbe,
  dns: dnsProbe,
  tls: tlsProbe,
  heartbeat: heartbeatProbe,
  manual: manualProbe,
};

// Generic over the kind so TypeScript pairs probeKinds[config.kind] with that kind's config.
function kindOf<K extends ProbeKindName>(config: ProbeConfigOf<K> & { kind: K }): ProbeKind<K> {
  return probeKinds[config.kind];
}

/**
 * Runs one probe. Never rejects: even a kind's unexpected exception, thrown or rejected, becomes
 * ok:false with its message. Not an async function: one promise and one turn fewer per probe.
 */
export function runProbe(config: ProbeConfig, context: ProbeContext): Promise<ProbeOutcome> {
  const settled = (error: unknown) => outcomeFromError(error, context);
  try {
    return kindOf(config).run(config, context).catch(settled);
  } catch (error) {
    return Promise.resolve(settled(error));
  }
}

export function targetHostOf(config: ProbeConfig): string | null {
  return kindOf(config).targetHost(config);
}
