import type { Severity } from '../../shared/contract';

/** One tone: frequency (Hz), start and length (s) from the moment the sound begins. */
interface Tone {
  hz: number;
  at: number;
  length: number;
}

export interface AlarmTones {
  wave: 'square' | 'sine';
  /** Peak amplitude, 0..1 of full scale. */
  volume: number;
  tones: readonly Tone[];
}

/**
 * Tones per severity. Critical is a loud two-tone siren (square wave, cuts through a room); high a
 * double beep; medium one beep; low and info make no sound.
 */
export const TONES: Record<Severity, AlarmTones> = {
  critical: {
    wave: 'square',
    volume: 0.3,
    tones: [0, 1, 2, 3].map((step) => ({ hz: step % 2 === 0 ? 960 : 720, at: step * 0.25, length: 0.23 })),
  },
  high: {
    wave: 'sine',
    volume: 0.5,
    tones: [
      { hz: 880, at: 0, length: 0.14 },
      { hz: 880, at: 0.24, length: 0.14 },
    ],
  },
  medium: { wave: 'sine', volume: 0.4, tones: [{ hz: 660, at: 0, length: 0.2 }] },
  low: { wave: 'sine', volume: 0, tones: [] },
  info: { wave: 'sine', volume: 0, tones: [] },
};

/** Enough for tones below 1 kHz (a square wave keeps its harmonics up to 11 kHz), and a critical siren stays < 60 KB. */
export const SAMPLE_RATE = 22_050;
/** A tone cut off abruptly clicks: it fades in over this many samples (10 ms)... */
const FADE_IN_SAMPLES = Math.round(0.01 * SAMPLE_RATE);
/** ...and out over this many (20 ms). */
const FADE_OUT_SAMPLES = Math.round(0.02 * SAMPLE_RATE);
/** What the console plays to learn whether the browser lets it make sound, without making any. */
const SILENCE_S = 0.05;
const FULL_SCALE = 32_767;

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/**
 * The wave at `hz` (whole Hz) and `volume` as 16-bit samples, over the fewest samples after which
 * it repeats exactly (735 for 960 Hz at 22,050 Hz). A tone is copied from it block by block: a
 * first alarm must not wait for a loop over every sample of a one-second siren in a page whose
 * code is still cold (150,000 sines, directly, took 65-280 ms in Chromium). The square wave is
 * summed from its odd harmonics below the Nyquist frequency, as Web Audio's oscillator does: a
 * naive square wave at this sample rate folds its upper harmonics back into audible noise.
 */
function repeatingWave(wave: AlarmTones['wave'], hz: number, volume: number): Int16Array {
  const cycle = new Float64Array(SAMPLE_RATE / greatestCommonDivisor(SAMPLE_RATE, hz));
  const lastHarmonic = wave === 'sine' ? 1 : Math.floor((SAMPLE_RATE / 2 - 1) / hz);
  for (let harmonic = 1; harmonic <= lastHarmonic; harmonic += 2) {
    const step = (2 * Math.PI * harmonic * hz) / SAMPLE_RATE;
    for (let i = 0; i < cycle.length; i += 1) cycle[i] = (cycle[i] ?? 0) + Math.sin(step * i) / harmonic;
  }
  const scale = (wave === 'sine' ? 1 : 4 / Math.PI) * volume * FULL_SCALE;
  // Clipped, not wrapped around: a sample past full scale would otherwise flip sign in 16 bits.
  return Int16Array.from(cycle, (value) => Math.max(-FULL_SCALE, Math.min(FULL_SCALE, Math.round(value * scale))));
}

/** The severity's tones as 16-bit mono samples, from the moment the sound begins to the end of its last tone. */
function synthesize({ wave, volume, tones }: AlarmTones): Int16Array {
  const seconds = Math.max(0, ...tones.map((tone) => tone.at + tone.length));
  const samples = new Int16Array(Math.ceil(seconds * SAMPLE_RATE));
  const cycles = new Map<number, Int16Array>();
  for (const tone of tones) {
    const cycle = cycles.get(tone.hz) ?? repeatingWave(wave, tone.hz, volume);
    cycles.set(tone.hz, cycle);
    const first = Math.round(tone.at * SAMPLE_RATE);
    const body = samples.subarray(first, first + Math.round(tone.length * SAMPLE_RATE));
    for (let offset = 0; offset < body.length; offset += cycle.length) body.set(cycle.subarray(0, body.length - offset), offset);
    for (let i = 0; i < FADE_IN_SAMPLES; i += 1) body[i] = Math.round(((body[i] ?? 0) * i) / FADE_IN_SAMPLES);
    for (let i = 0; i < FADE_OUT_SAMPLES; i += 1)
      body[body.length - 1 - i] = Math.round(((body[body.length - 1 - i] ?? 0) * i) / FADE_OUT_SAMPLES);
  }
  return samples;
}

/**
 * 16-bit mono samples as a PCM WAV file. The samples are copied in the platform's byte order,
 * which is little-endian, as WAV wants, on every platform Chromium and Electron run on.
 */
function encodeWav(samples: Int16Array): Uint8Array {
  const dataBytes = samples.byteLength;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i += 1) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // size of the fmt chunk
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, dataBytes), 44);
  return bytes;
}

/** 3 × 4,096 bytes: base64 of whole 3-byte groups, so the pieces join into the base64 of the whole. */
const BASE64_PIECE = 12_288;

function dataUrlOf(wav: Uint8Array): string {
  let base64 = '';
  for (let offset = 0; offset < wav.length; offset += BASE64_PIECE) {
    base64 += btoa(String.fromCharCode(...wav.subarray(offset, offset + BASE64_PIECE)));
  }
  return `data:audio/wav;base64,${base64}`;
}

const urls = new Map<Severity | 'silence', string>();

/**
 * The sound of a severity (or a short silence) as a `data:` URL of a WAV file, made once per page:
 * there is no audio file to ship or fail to load, and the CSP allows `media-src data:`.
 */
export function alarmUrl(sound: Severity | 'silence'): string {
  const known = urls.get(sound);
  if (known !== undefined) return known;
  const samples = sound === 'silence' ? new Int16Array(Math.round(SILENCE_S * SAMPLE_RATE)) : synthesize(TONES[sound]);
  const url = dataUrlOf(encodeWav(samples));
  urls.set(sound, url);
  return url;
}
