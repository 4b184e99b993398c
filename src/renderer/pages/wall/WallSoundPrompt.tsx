import { useEffect, useState } from 'react';
import { useSoundAvailability } from '../../components/alarm';
import { useViewStore } from '../../state/view-store';
import { rememberedWallSound, rememberWallSound, type WallSoundChoice } from '../../state/wall-sound';

/**
 * A browser lets a page make sound only after a click on it. A wall is asked once, clearly, and the
 * answer is remembered: silent walls stay muted; a wall that should sound and finds itself blocked
 * again after a reload (the browser forgets) shows a small reminder instead of the whole question.
 */
export function WallSoundPrompt() {
  const { availability, unlock } = useSoundAvailability();
  const setSoundMuted = useViewStore((state) => state.setSoundMuted);
  const [choice, setChoice] = useState<WallSoundChoice | null>(rememberedWallSound);
  useEffect(() => {
    setSoundMuted(choice === 'off');
  }, [choice, setSoundMuted]);

  const choose = (next: WallSoundChoice) => {
    rememberWallSound(next);
    setChoice(next);
    if (next === 'on') unlock();
  };

  if (availability === 'unsupported' || choice === 'off') return null;
  if (choice === null) {
    return (
      <div className="wall-sound" role="dialog" aria-labelledby="wall-sound-title" data-testid="wall-sound-prompt">
        <p id="wall-sound-title" className="wall-sound__title">
          Should this wall display sound alarms?
        </p>
        <p className="wall-sound__detail">The browser needs one click here before it lets the page make sound. This is asked once.</p>
        <div className="wall-sound__actions">
          <button type="button" className="button button--primary" onClick={() => choose('on')} data-testid="wall-sound-on">
            Sound alarms here
          </button>
          <button type="button" className="button" onClick={() => choose('off')} data-testid="wall-sound-off">
            Keep this display silent
          </button>
        </div>
      </div>
    );
  }
  if (availability !== 'blocked') return null;
  return (
    <button type="button" className="wall-sound-reminder" onClick={unlock} data-testid="wall-sound-unlock">
      <span aria-hidden="true">♪ </span>Sound is blocked by the browser: click anywhere to let alarms sound
    </button>
  );
}
