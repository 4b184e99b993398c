import { useViewStore } from '../state/view-store';
import { useAlarmSounding, useSoundAvailability } from './alarm';

/**
 * Whether the alarm sounds, whether this console is muted, and whether the browser lets it make
 * sound at all. Muting stops the sound, never the indicator: the room still sees the alarm.
 */
export function SoundIndicator() {
  const sounding = useAlarmSounding();
  const muted = useViewStore((state) => state.soundMuted);
  const setSoundMuted = useViewStore((state) => state.setSoundMuted);
  const { availability, unlock } = useSoundAvailability();
  const label = sounding ? (muted ? 'Alarm (muted)' : 'ALARM') : muted ? 'Sound muted' : 'Sound on';
  return (
    <div
      className={`sound-indicator${sounding ? ' sound-indicator--sounding' : ''}${muted ? ' sound-indicator--muted' : ''}`}
      data-testid="sound-indicator"
      data-sounding={sounding}
      data-muted={muted}
      data-audio={availability}
    >
      <span className="sound-indicator__state" role="status">
        <span aria-hidden="true">{muted ? '⊘' : sounding ? '◉' : '♪'} </span>
        {label}
      </span>
      {availability === 'blocked' ? (
        <button type="button" className="button button--small sound-indicator__unlock" onClick={unlock} data-testid="sound-unlock">
          sound blocked: click to enable
        </button>
      ) : null}
      {availability === 'unsupported' ? <span className="muted sound-indicator__note">no sound on this computer</span> : null}
      <button
        type="button"
        className="button button--small button--quiet"
        aria-pressed={muted}
        onClick={() => setSoundMuted(!muted)}
        data-testid="sound-mute"
      >
        {muted ? 'Unmute' : 'Mute'}
      </button>
    </div>
  );
}
