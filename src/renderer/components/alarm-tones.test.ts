import { describe, expect, it } from 'vitest';
import { alarmUrl, SAMPLE_RATE, TONES } from './alarm-tones';

/** The WAV file behind a sound's data: URL, read as a player would. */
function decode(url: string) {
  const prefix = 'data:audio/wav;base64,';
  expect(url.startsWith(prefix)).toBe(true);
  const bytes = Uint8Array.from(atob(url.slice(prefix.length)), (char) => char.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  const text = (offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length));
  const samples = Array.from({ length: view.getUint32(40, true) / 2 }, (_, i) => view.getInt16(44 + i * 2, true) / 32_767);
  return {
    bytes,
    header: {
      riff: text(0, 4),
      riffSize: view.getUint32(4, true),
      wave: text(8, 4),
      fmt: text(12, 4),
      format: view.getUint16(20, true),
      channels: view.getUint16(22, true),
      sampleRate: view.getUint32(24, true),
      byteRate: view.getUint32(28, true),
      bitsPerSample: view.getUint16(34, true),
      data: text(36, 4),
    },
    samples,
  };
}

/** Samples from `from` to `to` seconds. */
function window(samples: number[], from: number, to: number): number[] {
  return samples.slice(Math.round(from * SAMPLE_RATE), Math.round(to * SAMPLE_RATE));
}

/** Cycles per second, counted as rises from below -half to above +half the peak (a Schmitt trigger: the square wave's ripples do not count). */
function frequencyOf(samples: number[]): number {
  const level = peak(samples) / 2;
  let rises = 0;
  let high = (samples[0] ?? 0) > 0;
  for (const sample of samples) {
    if (!high && sample > level) {
      high = true;
      rises += 1;
    } else if (high && sample < -level) high = false;
  }
  return rises / (samples.length / SAMPLE_RATE);
}

/** Within 2%: one cycle more or less in the shortest window measured. */
function expectPitch(samples: number[], hz: number): void {
  expect(Math.abs(frequencyOf(samples) / hz - 1)).toBeLessThan(0.02);
}

function peak(samples: number[]): number {
  return Math.max(...samples.map(Math.abs));
}

describe('the alarm tones', () => {
  it('are 16-bit mono PCM WAV files a browser plays, each well under 100 KB', () => {
    for (const severity of ['critical', 'high', 'medium'] as const) {
      const { bytes, header, samples } = decode(alarmUrl(severity));
      expect(header).toEqual({
        riff: 'RIFF',
        riffSize: bytes.length - 8,
        wave: 'WAVE',
        fmt: 'fmt ',
        format: 1,
        channels: 1,
        sampleRate: SAMPLE_RATE,
        byteRate: SAMPLE_RATE * 2,
        bitsPerSample: 16,
        data: 'data',
      });
      expect(bytes.length).toBe(44 + samples.length * 2);
      expect(alarmUrl(severity).length).toBeLessThan(100_000);
    }
  });

  it('sound critical as a siren alternating 960 and 720 Hz four times in one second, loud but never clipped', () => {
    const { samples } = decode(alarmUrl('critical'));
    expect(samples.length / SAMPLE_RATE).toBeCloseTo(0.98, 2);
    TONES.critical.tones.forEach((tone, step) => {
      const heard = window(samples, tone.at + 0.03, tone.at + tone.length - 0.03);
      expectPitch(heard, step % 2 === 0 ? 960 : 720);
    });
    // A square wave: most of each tone near its full level (a sine would spend most of its time below it).
    const tone = window(samples, 0.03, 0.2);
    expect(tone.filter((sample) => Math.abs(sample) > 0.25).length / tone.length).toBeGreaterThan(0.7);
    expect(peak(samples)).toBeGreaterThan(0.28);
    expect(peak(samples)).toBeLessThan(0.4);
  });

  it('sound high as two 880 Hz beeps with a gap, and medium as one 660 Hz beep', () => {
    const high = decode(alarmUrl('high')).samples;
    expectPitch(window(high, 0.02, 0.12), 880);
    expect(peak(window(high, 0.141, 0.239))).toBe(0);
    expectPitch(window(high, 0.26, 0.36), 880);
    expect(peak(high)).toBeCloseTo(0.5, 2);

    const medium = decode(alarmUrl('medium')).samples;
    expect(medium.length / SAMPLE_RATE).toBeCloseTo(0.2, 2);
    expectPitch(window(medium, 0.02, 0.18), 660);
    expect(peak(medium)).toBeCloseTo(0.4, 2);
  });

  it('fade each tone in and out, so none starts or stops with a click', () => {
    const medium = decode(alarmUrl('medium')).samples;
    expect(peak(window(medium, 0, 0.002))).toBeLessThan(0.1);
    expect(peak(window(medium, 0.197, 0.2))).toBeLessThan(0.1);
  });

  it('make the silence that tests whether the browser lets the page play sound truly silent', () => {
    const { samples } = decode(alarmUrl('silence'));
    expect(samples.length).toBeGreaterThan(0);
    expect(peak(samples)).toBe(0);
  });
});
