import type { Severity } from '../../shared/contract';

/** One tone: frequency (Hz), start and length (s) from the moment the sound begins. */
export interface Tone {
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

/** Enough for tones below 1 kHz (a square wave keeps its harmonics up to 11 kHz), and a critical siren stays < 50 KB. */
export const SAMPLE_RATE = 22_050;
/** A tone cut off abruptly clicks: it fades in over this long... */
const FADE_IN_S = 0.01;
/** ...and out over this long. */
const FADE_OUT_S = 0.02;
/** What the console plays to learn whether the browser lets it make sound, without making any. */
const SILENCE_S = 0.05;

/**
 * One sample of the wave at phase `cycles` (in cycles since the tone began). The square wave is
 * summed from its odd harmonics below the Nyquist frequency, as Web Audio's oscillator does: a
 * naive square wave at this sample rate folds its upper harmonics back into audible noise.
 */
function waveAt(wave: AlarmTones['wave'], hz: number, cycles: number): number {
  if (wave === 'sine') return Math.sin(2 * Math.PI * cycles);
  let sum = 0;
  for (let harmonic = 1; harmonic * hz < SAMPLE_RATE / 2; harmonic += 2) sum += Math.sin(2 * Math.PI * harmonic * cycles) / harmonic;
  return (4 / Math.PI) * sum;
}

/** The envelope at `t` seconds into a tone of `length` seconds: fade in, hold at 1, fade out. */
function envelopeAt(t: number, length: number): number {
  return Math.max(0, Math.min(1, t / FADE_IN_S, (length - t) / FADE_OUT_S));
}

/** The severity's tones as mono samples in -1..1, from the moment the sound begins to the end of its last tone. */
export function synthesize({ wave, volume, tones }: AlarmTones): Float32Array {
  const seconds = Math.max(0, ...tones.map((tone) => tone.at + tone.length));
  const samples = new Float32Array(Math.ceil(seconds * SAMPLE_RATE));
  for (const tone of tones) {
    const first = Math.round(tone.at * SAMPLE_RATE);
    const count = Math.round(tone.length * SAMPLE_RATE);
    for (let i = 0; i < count && first + i < samples.length; i += 1) {
      const t = i / SAMPLE_RATE;
      samples[first + i] = volume * envelopeAt(t, tone.length) * waveAt(wave, tone.hz, tone.hz * t);
    }
  }
  return samples;
}

/** Mono samples (-1..1) as a 16-bit PCM WAV file. */
export function encodeWav(samples: Float32Array): Uint8Array {
  const dataBytes = samples.length * 2;
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
  // Clipped, not wrapped around: a sample past full scale would otherwise flip sign in 16 bits.
  samples.forEach((sample, i) => view.setInt16(44 + i * 2, Math.round(Math.max(-1, Math.min(1, sample)) * 32_767), true));
  return bytes;
}

function dataUrlOf(wav: Uint8Array): string {
  let binary = '';
  // In slices: one String.fromCharCode over 40 KB of arguments could exceed the engine's argument limit.
  for (let offset = 0; offset < wav.length; offset += 8_192) binary += String.fromCharCode(...wav.subarray(offset, offset + 8_192));
  return `data:audio/wav;base64,${btoa(binary)}`;
}

const urls = new Map<Severity | 'silence', string>();

/**
 * The sound of a severity (or a short silence) as a `data:` URL of a WAV file, made once per page:
 * there is no audio file to ship or fail to load, and the CSP allows `media-src data:`.
 */
export function alarmUrl(sound: Severity | 'silence'): string {
  const known = urls.get(sound);
  if (known !== undefined) return known;
  const samples = sound === 'silence' ? new Float32Array(Math.round(SILENCE_S * SAMPLE_RATE)) : synthesize(TONES[sound]);
  const url = dataUrlOf(encodeWav(samples));
  urls.set(sound, url);
  return url;
}
