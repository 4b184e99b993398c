import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Severity } from '../../shared/contract';
import { AlarmSound, type AlarmPlayer } from './alarm-sound';
import { alarmUrl } from './alarm-tones';

type Sound = Severity | 'silence';
const SOUNDS: readonly Sound[] = ['critical', 'high', 'medium', 'low', 'info', 'silence'];

function soundOfUrl(url: string): Sound {
  const sound = SOUNDS.find((candidate) => candidate !== 'low' && candidate !== 'info' && alarmUrl(candidate) === url);
  if (sound === undefined) throw new Error('a player was made for an unknown sound');
  return sound;
}

/**
 * The page's `<audio>` elements as Chromium runs them: play() resolves once the sound plays, or
 * rejects with NotAllowedError while the autoplay policy wants a click first.
 */
class FakeMediaPlayback {
  /** Whether the browser lets the page play sound (it does after a click). */
  allowed: boolean;
  /** A media pipeline that hangs: play() on the elements made while this is set never settles. */
  hangs = false;
  /** Every sound that actually played, in order. */
  readonly heard: Sound[] = [];
  readonly players: FakeAudioElement[] = [];
  attempts = 0;

  constructor(allowed: boolean) {
    this.allowed = allowed;
  }

  readonly create = (url: string): AlarmPlayer => {
    const player = new FakeAudioElement(soundOfUrl(url), this);
    this.players.push(player);
    return player;
  };
}

class FakeAudioElement implements AlarmPlayer {
  /** Where playback is: past the start once play() has been called. */
  currentTime = 0;
  /** A MediaError once the element has failed. */
  error: unknown = null;
  paused = false;
  private readonly hangs: boolean;

  constructor(
    readonly sound: Sound,
    private readonly playback: FakeMediaPlayback,
  ) {
    this.hangs = playback.hangs;
  }

  pause(): void {
    this.paused = true;
  }

  play(): Promise<void> {
    this.playback.attempts += 1;
    if (this.hangs) return new Promise<void>(() => undefined);
    if (this.error !== null) return Promise.reject(new DOMException('the element failed', 'AbortError'));
    if (!this.playback.allowed) return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
    // Heard from the start only if rewound: play() on an element still playing (a first sound may
    // start up to a second late, while the audio system starts) only lets it go on.
    if (this.currentTime === 0) this.playback.heard.push(this.sound);
    this.currentTime = 1;
    return Promise.resolve();
  }
}

async function settled(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

/** An alarm whose every element's play() is refused with `error`. */
function soundWhosePlayRejects(error: DOMException): AlarmSound {
  return new AlarmSound(() => ({ currentTime: 0, error: null, play: () => Promise.reject(error), pause: () => undefined }));
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the alarm sound', () => {
  it('plays the sound of each severity, nothing for low or info, and one alarm when two ask at once', async () => {
    const playback = new FakeMediaPlayback(true);
    const sound = new AlarmSound(playback.create);
    sound.play('low');
    sound.play('info');
    sound.play('medium');
    sound.play('high');
    sound.play('critical');
    // Asked again at once (an event and the repeating alarm together): one alarm, not two.
    sound.play('critical');
    await settled();
    expect(playback.heard).toEqual(['medium', 'high', 'critical']);

    // Its next turn plays it again, from the start, on the same element.
    vi.advanceTimersByTime(2_500);
    sound.play('critical');
    await settled();
    expect(playback.heard).toEqual(['medium', 'high', 'critical', 'critical']);
    expect(playback.players).toHaveLength(3);
    expect(sound.getAvailability()).toBe('ready');
  });

  it('tells before the first alarm, without a sound, whether the browser lets it play', async () => {
    const refusing = new FakeMediaPlayback(false);
    const blocked = new AlarmSound(refusing.create);
    blocked.prepare();
    await settled();
    expect(blocked.getAvailability()).toBe('blocked');

    const allowing = new FakeMediaPlayback(true);
    const ready = new AlarmSound(allowing.create);
    ready.prepare();
    await settled();
    expect(ready.getAvailability()).toBe('ready');
    expect(allowing.heard).toEqual(['silence']);
  });

  it('says it is blocked when the browser refuses, stops asking, and after a click plays the next alarm but none of the refused ones', async () => {
    const playback = new FakeMediaPlayback(false);
    const sound = new AlarmSound(playback.create);
    const told = vi.fn();
    sound.subscribe(told);
    sound.play('critical');
    await settled();
    expect(sound.getAvailability()).toBe('blocked');
    expect(told).toHaveBeenCalledTimes(1);

    // Each refused start is a warning in the browser's console: a blocked alarm does not keep trying.
    for (let turn = 0; turn < 4; turn += 1) {
      vi.advanceTimersByTime(2_500);
      sound.play('critical');
      sound.play('high');
    }
    await settled();
    expect(playback.attempts).toBe(1);

    playback.allowed = true;
    sound.unlock();
    await settled();
    expect(sound.getAvailability()).toBe('ready');
    expect(playback.heard).toEqual(['silence']);

    vi.advanceTimersByTime(2_500);
    sound.play('critical');
    await settled();
    expect(playback.heard).toEqual(['silence', 'critical']);
  });

  it('never throws, whatever the browser does', async () => {
    const throwing = new AlarmSound(() => {
      throw new DOMException('no audio device', 'NotSupportedError');
    });
    expect(() => throwing.play('critical')).not.toThrow();
    expect(throwing.getAvailability()).toBe('unsupported');

    const cannotPlayWav = soundWhosePlayRejects(new DOMException('no WAV', 'NotSupportedError'));
    cannotPlayWav.play('critical');
    await settled();
    expect(cannotPlayWav.getAvailability()).toBe('unsupported');

    // One sound interrupted (the element was paused or reloaded) says nothing about the next.
    const interrupted = soundWhosePlayRejects(new DOMException('paused', 'AbortError'));
    interrupted.play('critical');
    await settled();
    expect(interrupted.getAvailability()).toBe('ready');
  });

  it('makes a new element for a sound whose element failed or whose start never settled, so that severity is heard again', async () => {
    const playback = new FakeMediaPlayback(true);
    const sound = new AlarmSound(playback.create);
    playback.hangs = true;
    sound.play('critical');
    await settled();
    expect(playback.heard).toEqual([]);

    // The next turn of the repeating alarm: the hung element is stopped and a new one sounds.
    playback.hangs = false;
    vi.advanceTimersByTime(2_500);
    sound.play('critical');
    await settled();
    expect(playback.heard).toEqual(['critical']);
    expect(playback.players.map((player) => player.paused)).toEqual([true, false]);

    // An element that failed (its source could no longer be decoded) is replaced too.
    (playback.players[1] as FakeAudioElement).error = { code: 3 };
    vi.advanceTimersByTime(2_500);
    sound.play('critical');
    await settled();
    expect(playback.heard).toEqual(['critical', 'critical']);
    expect(playback.players).toHaveLength(3);
    expect(sound.getAvailability()).toBe('ready');
  });

  it('reports a browser without audio elements as unsupported', () => {
    const sound = new AlarmSound(null);
    sound.prepare();
    sound.play('critical');
    expect(sound.getAvailability()).toBe('unsupported');
  });
});
