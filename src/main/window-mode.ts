/**
 * Which window a launch asks for: the console, or a wall display (`--wall`, optionally
 * `--wall-rotate=SECONDS` and `--wall-screen=N`, counted from 1 in the OS's order of screens). A
 * second launch with `--wall` while the console runs opens a wall window in the running app.
 */
import { MIN_ROTATE_SECONDS } from '../shared/domain/wall-options';

export type WindowMode = { kind: 'console' } | { kind: 'wall'; rotateSeconds: number | null; screen: number | null };

function valueOf(argv: readonly string[], name: string): string | null {
  const prefix = `--${name}=`;
  const found = argv.find((arg) => arg.startsWith(prefix));
  return found === undefined ? null : found.slice(prefix.length);
}

function positiveInteger(text: string | null): number | null {
  if (text === null || !/^\d{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
}

export function windowModeFromArgv(argv: readonly string[]): WindowMode {
  if (!argv.includes('--wall')) return { kind: 'console' };
  const rotate = positiveInteger(valueOf(argv, 'wall-rotate'));
  return {
    kind: 'wall',
    rotateSeconds: rotate === null ? null : Math.max(MIN_ROTATE_SECONDS, rotate),
    screen: positiveInteger(valueOf(argv, 'wall-screen')),
  };
}

/** The renderer's address fragment for a window mode. */
export function windowHash(mode: WindowMode): string {
  if (mode.kind === 'console') return '';
  return mode.rotateSeconds === null ? '#page=wall' : `#page=wall&rotate=${mode.rotateSeconds}`;
}

/** The screen a wall goes on: the one asked for if it exists, else the first that is not the console's, else the only one. */
export function wallScreenIndex(mode: Extract<WindowMode, { kind: 'wall' }>, screens: number, consoleScreen: number): number {
  if (mode.screen !== null && mode.screen <= screens) return mode.screen - 1;
  if (screens <= 1) return 0;
  return consoleScreen === 0 ? 1 : 0;
}
