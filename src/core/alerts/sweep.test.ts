import { describe, expect, it } from 'vitest';
import { startMonitoringCore } from '../../../test/support/monitoring-core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { AlertSnapshot, Rule, RuleInput } from '../../shared/contract';

const tempDir = useTempDirs();

/** An uplink with cameras behind it, every one answering, on a real core. */
async function depot(cameras: number) {
  const { clock, targets, ok, monitor: tcpMonitor, core } = await startMonitoringCore(tempDir());
  const monitor = (name: string, target: string, parentId?: string) => {
    targets.answer(target);
    return tcpMonitor(name, target, { intervalSeconds: 10, timeoutSeconds: 5, failuresToDown: 2, ...(parentId ? { parentId } : {}) });
  };
  const uplink = await monitor('Depot uplink', '10.1.0.1:443');
  const cameraTargets: string[] = [];
  for (let i = 0; i < cameras; i += 1) {
    cameraTargets.push(`10.1.0.${i + 10}:554`);
    await monitor(`Camera ${i + 1}`, `10.1.0.${i + 10}:554`, uplink.id);
  }
  await clock.advanceAsync(10_000);
  const open = async () => (await ok<AlertSnapshot>('alerts.snapshot')).alerts.filter((a) => a.state !== 'resolved');
  return { clock, targets, core, ok, uplink, cameraTargets, open };
}

describe('a sweep of every monitor', () => {
  it("reads a parent's state once for all its children, and still holds their alerts behind its one", async () => {
    const { clock, targets, core, uplink, cameraTargets, open } = await depot(20);
    for (const target of ['10.1.0.1:443', ...cameraTargets]) targets.refuse(target);
    await clock.advanceAsync(60_000);
    const engine = core.monitoring.engine;
    const stateOf = engine.stateOf.bind(engine);
    let uplinkReads = 0;
    engine.stateOf = (id) => {
      if (id === uplink.id) uplinkReads += 1;
      return stateOf(id);
    };
    // A configuration change re-evaluates every monitor in one pass.
    core.alerting.engine.configChanged();
    // Once for the uplink's own rules, once for its 20 children (not once per child).
    expect(uplinkReads).toBe(2);
    expect((await open()).map((a) => a.subjectName)).toEqual(['Depot uplink']);
    core.close();
  });

  it('reads a rule added, disabled or enabled after start on the next evaluation', async () => {
    const { clock, targets, core, ok, open } = await depot(0);
    const spec = {
      name: 'Uplink slower than 1 ms',
      enabled: true,
      scope: { kind: 'all' },
      condition: { kind: 'latency-above', thresholdMs: 1 },
      pendingMinutes: 0,
      recovery: { kind: 'good-results', count: 1 },
      severity: 'low',
      routing: 'table',
      channelIds: [],
      maxOpenAlerts: 200,
    } satisfies RuleInput;
    const rule = await ok<Rule>('rules.create', spec);
    targets.answer('10.1.0.1:443', 40);
    await clock.advanceAsync(10_000);
    expect((await open()).map((a) => a.ruleId)).toEqual([rule.id]);
    const disabled = await ok<Rule>('rules.update', { id: rule.id, rule: { ...spec, enabled: false }, basedOnVersion: rule.version });
    expect(await open()).toEqual([]);
    await ok('rules.update', { id: rule.id, rule: spec, basedOnVersion: disabled.version });
    await clock.advanceAsync(10_000);
    expect((await open()).map((a) => a.ruleId)).toEqual([rule.id]);
    core.close();
  });
});
