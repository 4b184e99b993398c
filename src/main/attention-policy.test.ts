import { describe, expect, it } from 'vitest';
import { BRING_TO_FRONT_GAP_MS, attentionFor } from './attention-policy';

const behind = { focused: false, minimized: false, visible: true };
const inFront = { focused: true, minimized: false, visible: true };

describe('what the shell does when core asks for attention', () => {
  it('notifies and brings the window to the front for a critical alert when the console is behind another program', () => {
    expect(attentionFor({ severity: 'critical', reason: 'fired' }, behind, null, 0)).toEqual({
      notify: true,
      bringToFront: true,
      flashFrame: false,
    });
    expect(
      attentionFor({ severity: 'critical', reason: 'fired' }, { focused: false, minimized: true, visible: true }, null, 0).bringToFront,
    ).toBe(true);
  });

  it('does not steal focus again within 10 seconds during a storm, but still notifies and flashes', () => {
    expect(attentionFor({ severity: 'critical', reason: 'fired' }, behind, 1000, 1000 + BRING_TO_FRONT_GAP_MS - 1)).toEqual({
      notify: true,
      bringToFront: false,
      flashFrame: true,
    });
    expect(attentionFor({ severity: 'critical', reason: 'fired' }, behind, 1000, 1000 + BRING_TO_FRONT_GAP_MS).bringToFront).toBe(true);
  });

  it('notifies and flashes for a high alert without taking the keyboard', () => {
    expect(attentionFor({ severity: 'high', reason: 'fired' }, behind, null, 0)).toEqual({
      notify: true,
      bringToFront: false,
      flashFrame: true,
    });
    expect(attentionFor({ severity: 'high', reason: 'fired' }, inFront, null, 0)).toEqual({
      notify: true,
      bringToFront: false,
      flashFrame: false,
    });
  });

  it("follows the routing table's say over the severity: no OS notification for a critical it leaves out, one for a medium it routes there", () => {
    expect(attentionFor({ severity: 'critical', reason: 'fired', osNotification: false }, behind, null, 0)).toEqual({
      notify: false,
      bringToFront: false,
      flashFrame: false,
    });
    expect(attentionFor({ severity: 'medium', reason: 'fired', osNotification: true }, behind, null, 0).notify).toBe(true);
  });

  it('notifies for anything escalated, and leaves lower severities to the console itself', () => {
    expect(attentionFor({ severity: 'medium', reason: 'escalated' }, behind, null, 0).notify).toBe(true);
    expect(attentionFor({ severity: 'medium', reason: 'fired' }, behind, null, 0)).toEqual({
      notify: false,
      bringToFront: false,
      flashFrame: false,
    });
  });
});
