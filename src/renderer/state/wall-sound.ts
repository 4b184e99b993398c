/**
 * Whether a wall display sounds alarms: asked once on the wall (pages/wall/WallSoundPrompt.tsx) and
 * remembered in the browser, since a wall is set up once and then left alone. The console's alarm
 * reads it too (app/App.tsx), before the wall's page is loaded: a wall kept silent must not start
 * audio (a long task) for an alarm it never sounds.
 */
export const WALL_SOUND_KEY = 'watchroom.wall.sound';
export type WallSoundChoice = 'on' | 'off';

export function rememberedWallSound(): WallSoundChoice | null {
  try {
    const value = window.localStorage.getItem(WALL_SOUND_KEY);
    return value === 'on' || value === 'off' ? value : null;
  } catch {
    return null;
  }
}

export function rememberWallSound(choice: WallSoundChoice): void {
  try {
    window.localStorage.setItem(WALL_SOUND_KEY, choice);
  } catch {
    // Private windows may refuse storage: the choice then holds until the page is reloaded.
  }
}
