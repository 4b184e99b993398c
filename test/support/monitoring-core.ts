import type { ProbeRunner } from '../../src/core/probes';
import type { HandAhead } from '../../src/core/probes/kinds/types';
import type { Monitor, MonitorDetail, MonitorInput, Site } from '../../src/shared/contract';
import { startTestCore } from './core';
import { FakeClock } from './fake-clock';
import { FakeTargets } from './fake-targets';

/**
 * A started core on a fake clock whose probes go to FakeTargets (taken ahead of their time when
 * `handAhead` is given, as the probe thread takes network runs), with one site, a way to add TCP
 * monitors to it, and a caller that throws on a refusal.
 */
export async function startMonitoringCore(
  dataDir: string,
  options: { handAhead?: HandAhead; runner?: (targets: FakeTargets) => ProbeRunner } = {},
) {
  const clock = new FakeClock();
  const targets = new FakeTargets(clock, options.handAhead);
  const harness = startTestCore(dataDir, { clock, runProbe: options.runner ? options.runner(targets) : targets.runner });
  harness.core.start();
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  const site = await ok<Site>('sites.create', { name: 'Depot North' });
  const monitor = (name: string, target: string, extra: Partial<MonitorInput> = {}) => {
    const [host = '', port = '0'] = target.split(':');
    return ok<Monitor>('monitors.create', { siteId: site.id, name, probe: { kind: 'tcp', host, port: Number(port) }, ...extra });
  };
  const status = async (id: string) => (await ok<MonitorDetail>('monitors.get', { id })).state;
  return { clock, targets, ok, site, monitor, status, core: harness.core };
}
