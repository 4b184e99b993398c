import { createContext, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { isAlarmSounding } from '../../shared/domain/alert-queue';
import { useAlertStore, useAlertVersion } from '../api/alert-store-context';
import { useTransport } from '../api/transport-context';
import { useViewStore } from '../state/view-store';
import type { AlarmSound, SoundAvailability } from './alarm-sound';
import { useSharedNow } from './use-shared-now';

/** How often an unanswered critical alert sounds again. */
export const ALARM_REPEAT_MS = 2_500;

const AlarmSoundContext = createContext<AlarmSound | null>(null);

export function AlarmSoundProvider({ sound, children }: { sound: AlarmSound; children: ReactNode }) {
  return <AlarmSoundContext value={sound}>{children}</AlarmSoundContext>;
}

function useAlarmSound(): AlarmSound {
  const sound = useContext(AlarmSoundContext);
  if (sound === null) throw new Error('useAlarmSound needs an <AlarmSoundProvider> above it');
  return sound;
}

export function useSoundAvailability(): { availability: SoundAvailability; unlock: () => void } {
  const sound = useAlarmSound();
  const availability = useSyncExternalStore(sound.subscribe, sound.getAvailability);
  return { availability, unlock: () => sound.unlock() };
}

/**
 * Whether the alarm sounds: some critical alert is firing and neither acknowledged, snoozed,
 * silenced, held nor resolved. Read from the alert store, not from attention events, so it stops
 * the moment the last one is answered (here or on another console) and starts on a console that
 * opens onto one. The clock lets a snooze run out.
 */
export function useAlarmSounding(): boolean {
  const store = useAlertStore();
  const version = useAlertVersion();
  const now = useSharedNow();
  return useMemo(() => isAlarmSounding(store.all(), now), [store, version, now]); // eslint-disable-line react-hooks/exhaustive-deps -- version says the store changed
}

/**
 * When audio is started, after the console opened: creating it holds the page's one thread for
 * 5-450 ms in Chromium (the most on a browser's first), which the first screen should not wait
 * for. An alarm that comes sooner starts it itself.
 */
const PREPARE_SOUND_AFTER_MS = 2_000;

/**
 * The console's alarm, on every page: one sound per alert.attention event (by severity), and the
 * critical alarm again every few seconds while it sounds, unless this console is muted. Any click
 * or key press also lets a blocked browser start audio.
 */
export function useAlarm(): void {
  const sound = useAlarmSound();
  const transport = useTransport();
  const sounding = useAlarmSounding();
  const muted = useViewStore((state) => state.soundMuted);

  useEffect(() => {
    const preparing = setTimeout(() => sound.prepare(), PREPARE_SOUND_AFTER_MS);
    const unlock = () => sound.unlock();
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
    return () => {
      clearTimeout(preparing);
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
    };
  }, [sound]);

  useEffect(
    () =>
      transport.on('alert.attention', (attention) => {
        if (!useViewStore.getState().soundMuted) sound.play(attention.severity);
      }),
    [transport, sound],
  );

  useEffect(() => {
    if (!sounding || muted) return;
    sound.play('critical');
    const timer = setInterval(() => sound.play('critical'), ALARM_REPEAT_MS);
    return () => clearInterval(timer);
  }, [sound, sounding, muted]);
}
