import type { Severity } from '../../shared/contract';
import { alarmUrl, TONES } from './alarm-tones';

/** ready: sounds play; blocked: the browser refused to play sound until someone clicks; unsupported: no audio playback here. */
export type SoundAvailability = 'ready' | 'blocked' | 'unsupported';

/** What the alarm needs of an `<audio>` element. */
export interface AlarmPlayer {
  currentTime: number;
  /** Set once the element has failed (its source could not be decoded, the media pipeline died). */
  readonly error: unknown;
  play(): Promise<void>;
  pause(): void;
}

/** Makes the player of one sound, given its URL. */
type AlarmPlayerFactory = (url: string) => AlarmPlayer;

/** A critical alert event and the repeating alarm may ask at nearly the same moment: play once. */
const MIN_GAP_MS = 1_500;

function defaultPlayerFactory(): AlarmPlayerFactory | null {
  return typeof Audio === 'function' ? (url) => new Audio(url) : null;
}

/**
 * The console's alarm, played by `<audio>` elements from WAV files made in the page (alarm-tones.ts),
 * one element per sound, reused. Not Web Audio: Chromium starts its audio system synchronously on
 * the page's one thread for a page's first AudioContext (0.3-1.2 s, measured), which froze the
 * board at its first alarm; a media element starts it off that thread (no long task, measured) and
 * only its first sound comes later.
 *
 * Never throws: a browser that cannot play audio, or one that refuses to play before the operator
 * has clicked (autoplay policy), only changes `availability`, which the sound indicator shows. A
 * refused sound is dropped, not kept: the alarms of a blocked stretch do not all play when it is
 * unblocked; a repeating alarm sounds again on its next turn.
 */
export class AlarmSound {
  private availability: SoundAvailability;
  private readonly createPlayer: AlarmPlayerFactory | null;
  private readonly players = new Map<Severity | 'silence', AlarmPlayer>();
  /** Players whose last play() has not settled yet. */
  private readonly starting = new Set<AlarmPlayer>();
  private readonly listeners = new Set<() => void>();
  private readonly lastPlayed = new Map<Severity, number>();

  constructor(createPlayer: AlarmPlayerFactory | null = defaultPlayerFactory()) {
    this.createPlayer = createPlayer;
    this.availability = createPlayer === null ? 'unsupported' : 'ready';
  }

  getAvailability = (): SoundAvailability => this.availability;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /**
   * Plays a moment of silence now, so a console that may not make sound says so before the first
   * alarm, not during it, and the browser's audio system is already up when that alarm comes.
   */
  prepare(): void {
    if (this.availability !== 'unsupported') this.start('silence');
  }

  /** From a click or key press: the user gesture browsers want before they let a page make sound. */
  unlock(): void {
    if (this.availability === 'blocked') this.prepare();
  }

  play(severity: Severity): void {
    if (TONES[severity].tones.length === 0) return;
    // Once blocked, only a click or key press (unlock) tries again: each refused start is a console warning.
    if (this.availability !== 'ready') return;
    const now = Date.now();
    if (now - (this.lastPlayed.get(severity) ?? 0) < MIN_GAP_MS) return;
    this.lastPlayed.set(severity, now);
    this.start(severity);
  }

  private start(sound: Severity | 'silence'): void {
    try {
      const player = this.playerFor(sound);
      if (player === null) return;
      player.currentTime = 0;
      this.starting.add(player);
      player.play().then(
        () => {
          this.starting.delete(player);
          this.setAvailability('ready');
        },
        (error: unknown) => {
          this.starting.delete(player);
          this.refused(error);
        },
      );
    } catch (error) {
      this.refused(error);
    }
  }

  private refused(error: unknown): void {
    const name = error instanceof Error ? error.name : '';
    // NotAllowedError: the autoplay policy wants a click first. NotSupportedError: this browser
    // cannot play the WAV. AbortError and the like: this one sound was interrupted, nothing more.
    if (name === 'NotAllowedError') this.setAvailability('blocked');
    else if (name === 'NotSupportedError') this.setAvailability('unsupported');
  }

  /**
   * The sound's element, made anew when the one it had failed, or when its last start never
   * settled (a media pipeline that hangs): an element that broke once would otherwise keep that
   * severity silent for the rest of a 24/7 shift while the indicator says sound is ready. The same
   * severity asks at most every MIN_GAP_MS, longer than a healthy first start takes.
   */
  private playerFor(sound: Severity | 'silence'): AlarmPlayer | null {
    const known = this.players.get(sound);
    if (known !== undefined && (known.error !== null || this.starting.has(known))) {
      this.starting.delete(known);
      known.pause();
    } else if (known !== undefined) return known;
    if (this.createPlayer === null) return null;
    const player = this.createPlayer(alarmUrl(sound));
    this.players.set(sound, player);
    return player;
  }

  private setAvailability(availability: SoundAvailability): void {
    if (availability === this.availability) return;
    this.availability = availability;
    for (const listener of [...this.listeners]) listener();
  }
}
