import type { Severity } from '../../shared/contract';

/** ready: sounds play; blocked: the browser refused to start audio until someone clicks; unsupported: no Web Audio here. */
export type SoundAvailability = 'ready' | 'blocked' | 'unsupported';

/** One tone: frequency (Hz), start and length (s) from the moment the sound begins. */
interface Tone {
  hz: number;
  at: number;
  length: number;
}

/**
 * Tones per severity, made with oscillators so there is no audio file to ship or fail to load.
 * Critical is a loud two-tone siren (square wave, cuts through a room); high a double beep;
 * medium one beep; low and info make no sound.
 */
const TONES: Record<Severity, { wave: OscillatorType; volume: number; tones: readonly Tone[] }> = {
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

/** A critical alert event and the repeating alarm may ask at nearly the same moment: play once. */
const MIN_GAP_MS = 1_500;
/** How long audio may take to start before the console says it is blocked. */
const START_GRACE_MS = 500;

function defaultContextFactory(): (() => AudioContext) | null {
  return typeof AudioContext === 'function' ? () => new AudioContext() : null;
}

/**
 * The console's alarm sounds through the Web Audio API. Never throws: a browser without Web Audio,
 * or one that refuses to start audio before the operator has clicked (autoplay policy), only
 * changes `availability`, which the sound indicator shows. Tones are scheduled only while audio
 * runs, so the alarms of a blocked stretch do not all play at once when it is unblocked; a
 * repeating alarm sounds again on its next turn.
 */
export class AlarmSound {
  private context: AudioContext | null = null;
  private availability: SoundAvailability;
  private readonly createContext: (() => AudioContext) | null;
  private readonly listeners = new Set<() => void>();
  private readonly lastPlayed = new Map<Severity, number>();

  constructor(createContext: (() => AudioContext) | null = defaultContextFactory()) {
    this.createContext = createContext;
    this.availability = createContext === null ? 'unsupported' : 'ready';
  }

  getAvailability = (): SoundAvailability => this.availability;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /**
   * Starts audio now, so a console that may not make sound says so before the first alarm, not
   * during it. Audio that does not run within a moment counts as blocked.
   */
  prepare(): void {
    const context = this.contextOrNull();
    if (context === null || context.state === 'running') return;
    const timer = setTimeout(() => {
      if (context.state !== 'running') this.setAvailability('blocked');
    }, START_GRACE_MS);
    context.resume().then(
      () => {
        clearTimeout(timer);
        this.setAvailability(context.state === 'running' ? 'ready' : 'blocked');
      },
      () => {
        clearTimeout(timer);
        this.setAvailability('blocked');
      },
    );
  }

  /** From a click or key press: the user gesture browsers want before they let a page make sound. */
  unlock(): void {
    if (this.availability === 'blocked') this.prepare();
  }

  play(severity: Severity): void {
    const { tones } = TONES[severity];
    if (tones.length === 0) return;
    const now = Date.now();
    if (now - (this.lastPlayed.get(severity) ?? 0) < MIN_GAP_MS) return;
    const context = this.contextOrNull();
    if (context === null) return;
    if (context.state !== 'running') {
      // Once blocked, only a click or key press (unlock) tries again: each refused start is a console warning.
      if (this.availability !== 'blocked') this.prepare();
      return;
    }
    this.lastPlayed.set(severity, now);
    try {
      this.schedule(context, severity);
    } catch {
      this.setAvailability('blocked');
    }
  }

  private schedule(context: AudioContext, severity: Severity): void {
    const { wave, volume, tones } = TONES[severity];
    const start = context.currentTime + 0.02;
    for (const tone of tones) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = wave;
      oscillator.frequency.value = tone.hz;
      // A short ramp in and out: a tone cut off abruptly clicks.
      gain.gain.setValueAtTime(0, start + tone.at);
      gain.gain.linearRampToValueAtTime(volume, start + tone.at + 0.01);
      gain.gain.setValueAtTime(volume, start + tone.at + tone.length - 0.02);
      gain.gain.linearRampToValueAtTime(0, start + tone.at + tone.length);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + tone.at);
      oscillator.stop(start + tone.at + tone.length);
    }
  }

  private contextOrNull(): AudioContext | null {
    if (this.context !== null) return this.context;
    if (this.createContext === null) return null;
    try {
      this.context = this.createContext();
      this.context.addEventListener('statechange', () => {
        if (this.context?.state === 'running') this.setAvailability('ready');
      });
      return this.context;
    } catch {
      this.setAvailability('blocked');
      return null;
    }
  }

  private setAvailability(availability: SoundAvailability): void {
    if (availability === this.availability) return;
    this.availability = availability;
    for (const listener of [...this.listeners]) listener();
  }
}
