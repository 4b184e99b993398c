import { MIN_ROTATE_SECONDS } from '../../../shared/domain/wall-options';
import { hashParams } from '../../state/page-address';

/** What a wall shows: everything at once, or one of the views it rotates through. */
export type WallView = 'all' | 'sites' | 'alerts' | 'incidents';
export const ROTATING_VIEWS: readonly WallView[] = ['sites', 'alerts', 'incidents'];

export interface WallOptions {
  /** Seconds per view when the wall rotates; null: everything on one screen. */
  rotateSeconds: number | null;
}

/** `#wall&rotate=20`: the wall's options as the address gives them (a wall is set up once, by its address). */
export function wallOptionsFromHash(hash: string): WallOptions {
  const rotate = Number(hashParams(hash).get('rotate'));
  return { rotateSeconds: Number.isFinite(rotate) && rotate > 0 ? Math.max(MIN_ROTATE_SECONDS, Math.round(rotate)) : null };
}

/**
 * The view shown `elapsedMs` into a rotation. While something is critical the rotation holds on
 * the alerts, where the critical thing is, so nobody has to wait for it to come round.
 */
export function wallViewAt(options: WallOptions, elapsedMs: number, critical: boolean): WallView {
  if (options.rotateSeconds === null) return 'all';
  if (critical) return 'alerts';
  const turn = Math.floor(Math.max(0, elapsedMs) / (options.rotateSeconds * 1000));
  return ROTATING_VIEWS[turn % ROTATING_VIEWS.length] ?? 'sites';
}
