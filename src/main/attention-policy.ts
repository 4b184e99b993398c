import type { AlertAttention } from '../shared/contract';

export interface WindowFacts {
  focused: boolean;
  minimized: boolean;
  visible: boolean;
}

export interface AttentionDecision {
  /** An OS notification (seen even when the console is behind another program). */
  notify: boolean;
  /** Restore, show and focus the console window. */
  bringToFront: boolean;
  /** Flash the taskbar entry: noticed without taking the keyboard away from someone typing. */
  flashFrame: boolean;
}

/** A storm of alerts must not steal focus in a loop: at most one bring-to-front in this time. */
export const BRING_TO_FRONT_GAP_MS = 10_000;

/**
 * What the shell does when core asks for attention. Critical: notify and bring the window to the
 * front. High, or anything escalated: notify, and flash the frame when the window is not focused.
 * Lower severities only sound and show in the console itself. A routing table's say (`osNotification`) overrides this.
 */
export function attentionFor(
  payload: Pick<AlertAttention, 'severity' | 'reason' | 'osNotification'>,
  window: WindowFacts,
  lastBroughtToFrontAt: number | null,
  now: number,
): AttentionDecision {
  const urgent =
    payload.osNotification ?? (payload.severity === 'critical' || payload.severity === 'high' || payload.reason === 'escalated');
  if (!urgent) return { notify: false, bringToFront: false, flashFrame: false };
  const hidden = !window.focused || window.minimized || !window.visible;
  const mayBringToFront = lastBroughtToFrontAt === null || now - lastBroughtToFrontAt >= BRING_TO_FRONT_GAP_MS;
  const bringToFront = payload.severity === 'critical' && hidden && mayBringToFront;
  return { notify: true, bringToFront, flashFrame: !window.focused && !bringToFront };
}
