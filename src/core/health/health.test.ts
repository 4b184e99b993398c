import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import { HEALTH_SAMPLE_EVERY_MS, HEALTH_SAMPLES_KEPT } from './health';

const tempDir = useTempDirs();

describe('the health history core keeps for the Overview charts', () => {
  it('records a reading every 10 s from the start and answers with the last hour, oldest first', async () => {
    const { core, call, clock } = startTestCore(tempDir());
    const startedAt = clock.now();
    expect(await call('app.healthHistory')).toEqual({ ok: true, value: { sampleEveryMs: HEALTH_SAMPLE_EVERY_MS, samples: [] } });

    clock.advance(3 * HEALTH_SAMPLE_EVERY_MS);
    const three = await call('app.healthHistory');
    if (!three.ok) throw new Error('app.healthHistory refused');
    const samples = (three.value as { samples: { at: number; uptimeMs: number }[] }).samples;
    expect(samples.map((sample) => sample.at - startedAt)).toEqual([10_000, 20_000, 30_000]);
    expect(samples.map((sample) => sample.uptimeMs)).toEqual([10_000, 20_000, 30_000]);

    clock.advance((HEALTH_SAMPLES_KEPT + 10) * HEALTH_SAMPLE_EVERY_MS);
    const hour = await call('app.healthHistory');
    if (!hour.ok) throw new Error('app.healthHistory refused');
    const kept = (hour.value as { samples: { at: number }[] }).samples;
    expect(kept).toHaveLength(HEALTH_SAMPLES_KEPT);
    expect(kept.at(-1)?.at).toBe(clock.now());
    expect(kept[0]?.at).toBe(clock.now() - (HEALTH_SAMPLES_KEPT - 1) * HEALTH_SAMPLE_EVERY_MS);
    core.close();
  });

  it('refuses unknown input, as every query does', async () => {
    const { core, call } = startTestCore(tempDir());
    expect(await call('app.healthHistory', { since: 0 } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    core.close();
  });
});
