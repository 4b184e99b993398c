import { BrowserWindow, Notification } from 'electron';
import type { AlertAttention } from '../shared/contract';
import { attentionFor } from './attention-policy';

let lastBroughtToFrontAt: number | null = null;

/** Carries out the attention policy for core's `alert.attention` event: OS notification, window to front, flash. */
export function demandAttention(payload: AlertAttention, now: number): void {
  const window = BrowserWindow.getAllWindows()[0];
  const facts = window ? { focused: window.isFocused(), minimized: window.isMinimized(), visible: window.isVisible() } : { focused: false, minimized: false, visible: false };
  const decision = attentionFor(payload, facts, lastBroughtToFrontAt, now);
  if (decision.notify && Notification.isSupported()) {
    const notification = new Notification({ title: payload.title, body: payload.body, urgency: payload.severity === 'critical' ? 'critical' : 'normal' });
    notification.on('click', () => {
      if (!window) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    });
    notification.show();
  }
  if (!window) return;
  if (decision.bringToFront) {
    lastBroughtToFrontAt = now;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
  if (decision.flashFrame) window.flashFrame(true);
}
