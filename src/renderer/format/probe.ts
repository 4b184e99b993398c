import type { ProbeConfig, ProbeKindName } from '../../shared/contract';

export const PROBE_KIND_LABEL: Record<ProbeKindName, string> = {
  http: 'HTTP(S) request',
  tcp: 'TCP port',
  icmp: 'Ping (ICMP)',
  dns: 'DNS lookup',
  tls: 'TLS certificate',
  heartbeat: 'Heartbeat (device calls in)',
  manual: 'Manual (set by hand)',
};

/** What a monitor probes, in one line: as the board's target column shows it. */
export function describeProbe(probe: ProbeConfig): string {
  switch (probe.kind) {
    case 'http':
      return `${probe.method} ${probe.url}`;
    case 'tcp':
    case 'tls':
      return `${probe.host}:${probe.port}`;
    case 'icmp':
      return probe.host;
    case 'dns':
      return `${probe.name} ${probe.recordType}${probe.resolver ? ` @${probe.resolver}` : ''}`;
    case 'heartbeat':
      return `heartbeat, ${probe.graceSeconds} s grace`;
    case 'manual':
      return 'set by hand';
  }
}

/** The URL a device calls to say it is alive (core serves /hb/<token> on the console's own origin). */
export function heartbeatUrl(origin: string, token: string): string {
  return `${origin}/hb/${token}`;
}
