import { BrowserWindow, Notification } from 'electron';
import type { AlertAttention } from '../shared/contract';
import { attentionFor } from './attention-policy';

let lastBroughtToFrontAt: number | null = null;
/** Electron holds a shown notification weakly: without a reference its click handler can be collected first. */
const shown = new Set<Notification>();

/** Carries out the attention policy for core's `alert.attention` event: OS notification, window to front, flash. */
export function demandAttention(payload: AlertAttention, now: number): void {
  const window = BrowserWindow.getAllWindows()[0];
  const facts = window
    ? { focused: window.isFocused(), minimized: window.isMinimized(), visible: window.isVisible() }
    : { focused: false, minimized: false, visible: false };
  const decision = attentionFor(payload, facts, lastBroughtToFrontAt, now);
  if (decision.notify && Notification.isSupported()) {
    const critical = payload.severity === 'critical';
    const notification = new Notification({
      title: payload.title,
      body: payload.body,
      urgency: critical ? 'critical' : 'normal',
      timeoutType: critical ? 'never' : 'default',
    });
    shown.add(notification);
    notification.on('close', () => shown.delete(notification));
    notification.on('click', () => {
      shown.delete(notification);
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
  if (decision.flashFrame) {
    window.flashFrame(true);
    window.once('focus', () => window.flashFrame(false));
  }
}
