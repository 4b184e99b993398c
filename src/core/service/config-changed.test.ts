import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHIPPED_SOP_FOLDER, startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import type { Channel, ConfigKind, EventMessage, Rule, Silence } from '../../shared/contract';

const tempDir = useTempDirs();

function start() {
  const harness = startTestCore(tempDir());
  const events: EventMessage[] = [];
  harness.core.dispatcher.subscribe((message) => events.push(message));
  harness.core.start();
  /** Calls a command and answers its value with the config.changed kinds it pushed, in order. */
  const changedBy = async <T>(method: string, input: unknown): Promise<{ value: T; kinds: ConfigKind[] }> => {
    events.length = 0;
    const envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    const kinds = events.flatMap((message) => (message.event === 'config.changed' ? [message.payload.kind] : []));
    return { value: envelope.value as T, kinds };
  };
  return { ...harness, events, changedBy };
}

const RULE = { name: 'Slow', condition: { kind: 'latency-above', thresholdMs: 300 }, severity: 'low' };
const SILENCE = {
  kind: 'silence',
  comment: 'Known',
  scope: { kind: 'all' },
  schedule: { kind: 'recurring', cron: '0 2 * * 0', durationMinutes: 30 },
};
const CHANNEL = { name: 'Duty phone', config: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-secret' } };
const POLICY = { severity: 'high', escalateAfterMinutes: 10, repeatEveryMinutes: 10, maxLevel: 2, ackTimeoutMinutes: null };
const SOP = { slug: 'patrol-check', name: 'Patrol check', steps: [{ id: 'look', title: 'Look at the gate camera' }] };

describe('config.changed tells every console which configuration to read again', () => {
  it('is pushed once by each command that saves or removes rules, escalation, silences, channels or SOP templates, naming the kind', async () => {
    const { core, changedBy } = start();
    const rule = await changedBy<Rule>('rules.create', RULE);
    expect(rule.kinds).toEqual(['rules']);
    expect((await changedBy('rules.update', { id: rule.value.id, rule: { ...RULE, name: 'Slower' }, basedOnVersion: 1 })).kinds).toEqual([
      'rules',
    ]);
    expect((await changedBy('rules.delete', { id: rule.value.id })).kinds).toEqual(['rules']);

    expect((await changedBy('escalation.set', POLICY)).kinds).toEqual(['escalation']);

    const silence = await changedBy<Silence>('silences.create', SILENCE);
    expect(silence.kinds).toEqual(['silences']);
    expect((await changedBy('silences.update', { id: silence.value.id, silence: { ...SILENCE, comment: 'Still known' } })).kinds).toEqual([
      'silences',
    ]);
    expect((await changedBy('silences.delete', { id: silence.value.id })).kinds).toEqual(['silences']);

    const channel = await changedBy<Channel>('channels.create', CHANNEL);
    expect(channel.kinds).toEqual(['channels']);
    expect((await changedBy('channels.update', { id: channel.value.id, channel: { ...CHANNEL, name: 'Night phone' } })).kinds).toEqual([
      'channels',
    ]);
    expect((await changedBy('channels.delete', { id: channel.value.id })).kinds).toEqual(['channels']);

    expect((await changedBy('sops.save', { ...SOP, basedOnVersion: null })).kinds).toEqual(['sops']);
    const shipped = readFileSync(join(SHIPPED_SOP_FOLDER, 'camera-down.yaml'), 'utf8');
    expect((await changedBy('sops.import', { fileName: 'camera-down.yaml', text: shipped })).kinds).toEqual(['sops']);
    core.close();
  });

  it('is not pushed by a refused command, nor by a query or a command on something else', async () => {
    const { core, call, events } = start();
    expect((await call('rules.create', { ...RULE, name: '' })).ok).toBe(false);
    expect((await call('silences.delete', { id: 'nope' })).ok).toBe(false);
    expect((await call('rules.list')).ok).toBe(true);
    expect((await call('sites.create', { name: 'Depot North', tags: [] })).ok).toBe(true);
    expect(events.filter((message) => message.event === 'config.changed')).toEqual([]);
    core.close();
  });
});
