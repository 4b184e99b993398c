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
 * When the console first plays (a moment of silence, AlarmSound.prepare): it learns whether the
 * browser lets it make sound, and the browser's audio system is up before the first alarm (it takes
 * 0.5-1 s to start, off the page's thread). Not before the first screen is up: it starts in the
 * first idle moment after the alert queue has loaded, and at the latest this long after that. A
 * muted console (a wall kept silent) never plays anything.
 */
const PREPARE_SOUND_WITHIN_MS = 2_000;

/** Runs `work` when the page is idle (or after `withinMs` at the latest); returns the cancel. */
function whenIdle(work: () => void, withinMs: number): () => void {
  if (typeof window.requestIdleCallback !== 'function' || typeof window.cancelIdleCallback !== 'function') {
    const timer = setTimeout(work, withinMs);
    return () => clearTimeout(timer);
  }
  const handle = window.requestIdleCallback(work, { timeout: withinMs });
  // Cancelled through the page that scheduled it, even if the page is being torn down by then.
  const cancel = window.cancelIdleCallback.bind(window);
  return () => cancel(handle);
}

/**
 * The console's alarm, on every page: one sound per alert.attention event (by severity), and the
 * critical alarm again every few seconds while it sounds, unless this console is muted. Any click
 * or key press also lets a blocked browser start audio. `keptSilent`: a wall remembered as silent,
 * muted from its first render on (the wall's page, which mutes the console, may load later).
 */
export function useAlarm(keptSilent = false): void {
  const sound = useAlarmSound();
  const transport = useTransport();
  const sounding = useAlarmSounding();
  const muted = useViewStore((state) => state.soundMuted) || keptSilent;
  const alerts = useAlertStore();
  const queueLoaded = useSyncExternalStore(alerts.subscribe, () => alerts.isComplete());

  useEffect(() => {
    const unlock = () => sound.unlock();
    window.addEventListener('pointerdown', unlock, true);
    window.addEventListener('keydown', unlock, true);
    return () => {
      window.removeEventListener('pointerdown', unlock, true);
      window.removeEventListener('keydown', unlock, true);
    };
  }, [sound]);

  useEffect(
    () => (queueLoaded && !muted ? whenIdle(() => sound.prepare(), PREPARE_SOUND_WITHIN_MS) : undefined),
    [sound, queueLoaded, muted],
  );

  useEffect(
    () =>
      // A wall kept silent never listens: it would only drop every attention (and its transport asks core not to send them).
      keptSilent
        ? undefined
        : transport.on('alert.attention', (attention) => {
            // The routing table may keep a severity silent (sound: false); it still shows in the banner and the queue.
            if (attention.sound !== false && !useViewStore.getState().soundMuted) sound.play(attention.severity);
          }),
    [transport, sound, keptSilent],
  );

  useEffect(() => {
    if (!sounding || muted) return;
    sound.play('critical');
    const timer = setInterval(() => sound.play('critical'), ALARM_REPEAT_MS);
    return () => clearInterval(timer);
  }, [sound, sounding, muted]);
}
