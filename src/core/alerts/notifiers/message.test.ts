import { describe, expect, it } from 'vitest';
import { emailSubject, emailText, webhookBody } from './message';
import { alertMessage } from './testing/fixtures';

describe('notification wording', () => {
  it('puts the severity first in the subject and says what happened when it is not a new alert', () => {
    expect(emailSubject(alertMessage())).toBe('[CRITICAL] Depot uplink is down: connection refused \u2014 Watchroom Control room');
    expect(emailSubject(alertMessage({ event: 'escalated', severity: 'high' }))).toBe(
      '[HIGH] Escalated: Depot uplink is down: connection refused \u2014 Watchroom Control room',
    );
    expect(emailSubject(alertMessage({ event: 'resolved' }))).toBe(
      '[CRITICAL] Resolved: Depot uplink is down: connection refused \u2014 Watchroom Control room',
    );
    expect(emailSubject(alertMessage({ event: 'test', alertId: null, summary: 'Test notification' }))).toBe(
      '[TEST] Test notification \u2014 Watchroom Control room',
    );
  });

  it('writes a body with every field, in UTC, and marks a channel test as having no alert', () => {
    expect(emailText(alertMessage({ escalationLevel: 2 }))).toBe(
      [
        'Depot uplink is down: connection refused',
        '',
        'Event:            Fired',
        'Severity:         critical',
        'Subject:          Depot uplink',
        'Site:             North depot',
        'Rule:             Monitor down',
        'First seen:       2026-11-23 07:58:00 UTC',
        'This event:       2026-11-23 08:00:00 UTC',
        'Occurrences:      3',
        'Escalation level: 2',
        'Alert:            al-7',
        'Fingerprint:      rule-1|monitor:m-9',
        '',
        'Sent by the Watchroom console "Control room".',
        '',
      ].join('\n'),
    );
    expect(emailText(alertMessage({ alertId: null, siteName: null, event: 'test' }))).toMatch(
      /Site: +\(none\)\n[\s\S]*Alert: +\(channel test, no alert\)/,
    );
  });

  it('versions the webhook body', () => {
    expect(JSON.parse(webhookBody(alertMessage()))).toMatchObject({ version: 1, alertId: 'al-7', event: 'fired' });
  });
});
