import { describe, expect, it } from 'vitest';
import { AlarmSound } from './alarm-sound';

/** Just enough of an AudioContext to count the tones scheduled on it. */
class FakeAudioContext {
  state: AudioContextState;
  currentTime = 0;
  readonly destination = {};
  readonly oscillators: unknown[] = [];
  /** Whether the browser lets audio start (it does after a click). */
  allowStart: boolean;

  constructor(state: AudioContextState, allowStart: boolean) {
    this.state = state;
    this.allowStart = allowStart;
  }

  addEventListener(): void {}
  resume(): Promise<void> {
    if (this.allowStart) this.state = 'running';
    return Promise.resolve();
  }
  createGain() {
    const param = { setValueAtTime() {}, linearRampToValueAtTime() {} };
    return { gain: param, connect: (target: unknown) => target };
  }
  createOscillator() {
    const oscillator = { type: 'sine', frequency: { value: 0 }, connect: (target: unknown) => target, start() {}, stop() {} };
    this.oscillators.push(oscillator);
    return oscillator;
  }
}

function soundOn(context: FakeAudioContext): AlarmSound {
  return new AlarmSound(() => context as unknown as AudioContext);
}

describe('the alarm sound', () => {
  it('plays a tone sequence per severity and nothing for low or info', () => {
    const context = new FakeAudioContext('running', true);
    const sound = soundOn(context);
    sound.play('low');
    sound.play('info');
    expect(context.oscillators).toHaveLength(0);
    sound.play('medium');
    expect(context.oscillators).toHaveLength(1);
    sound.play('high');
    expect(context.oscillators).toHaveLength(3);
    sound.play('critical');
    expect(context.oscillators).toHaveLength(7);
    // Asked again at once (an event and the repeating alarm together): one alarm, not two.
    sound.play('critical');
    expect(context.oscillators).toHaveLength(7);
  });

  it('says it is blocked when the browser will not start audio, and never throws', async () => {
    const context = new FakeAudioContext('suspended', false);
    const sound = soundOn(context);
    sound.play('critical');
    await Promise.resolve();
    await Promise.resolve();
    expect(sound.getAvailability()).toBe('blocked');
    expect(context.oscillators).toHaveLength(0);

    const refusing = new AlarmSound(() => {
      throw new Error('NotAllowedError');
    });
    expect(() => refusing.play('critical')).not.toThrow();
    expect(refusing.getAvailability()).toBe('blocked');
  });

  it('starts sounding once a click lets the browser start audio', async () => {
    const context = new FakeAudioContext('suspended', false);
    const sound = soundOn(context);
    sound.prepare();
    await Promise.resolve();
    expect(sound.getAvailability()).toBe('blocked');
    context.allowStart = true;
    sound.unlock();
    await Promise.resolve();
    await Promise.resolve();
    expect(sound.getAvailability()).toBe('ready');
    sound.play('critical');
    expect(context.oscillators.length).toBeGreaterThan(0);
  });

  it('reports no Web Audio as unsupported', () => {
    const sound = new AlarmSound(null);
    sound.play('critical');
    expect(sound.getAvailability()).toBe('unsupported');
  });
});
