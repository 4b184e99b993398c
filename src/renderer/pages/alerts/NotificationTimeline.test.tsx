// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationOutcome } from '../../../shared/contract';
import { NotificationTimeline } from './NotificationTimeline';

afterEach(cleanup);

const AT = Date.UTC(2026, 10, 23, 14, 2, 3);

function step(fields: Partial<NotificationOutcome> & Pick<NotificationOutcome, 'stage'>): NotificationOutcome {
  return { channelId: 'pd', channelName: 'PagerDuty', at: AT, ok: false, attempts: 1, detail: '', status: null, answer: null, ...fields };
}

describe('the notification timeline on the alert detail', () => {
  it('tells each notification oldest first: the retries with their number and answer, then the delivery with the status', () => {
    // The core lists them latest first.
    const latestFirst = [
      step({
        stage: 'delivered',
        ok: true,
        attempts: 3,
        at: AT + 5000,
        status: 202,
        answer: 'success',
        detail: 'HTTP 202 from events.pagerduty.com (3 attempts)',
      }),
      step({
        stage: 'retrying',
        attempts: 2,
        at: AT + 1000,
        status: 503,
        answer: 'busy',
        detail: 'attempt 2 of 3: HTTP 503; retry 3 of 3 in 4 s',
      }),
      step({
        stage: 'retrying',
        attempts: 1,
        at: AT,
        status: 503,
        answer: 'busy',
        detail: 'attempt 1 of 3: HTTP 503; retry 2 of 3 in 1 s',
      }),
      step({ stage: 'delivered', ok: true, channelId: 'slack', channelName: 'Slack #ops', at: AT, status: 200, answer: 'ok' }),
    ];
    render(<NotificationTimeline outcomes={latestFirst} timeZone="utc" />);
    const rows = within(screen.getByTestId('alert-notifications')).getAllByTestId('alert-notification');
    expect(rows.map((row) => row.textContent)).toEqual([
      'DELIVERED Slack #ops 2026-11-23 14:02:03 UTC (200 ok)',
      'RETRY PagerDuty 2026-11-23 14:02:03 UTC (503 busy)attempt 1 of 3: HTTP 503; retry 2 of 3 in 1 s',
      'RETRY PagerDuty 2026-11-23 14:02:04 UTC (503 busy)attempt 2 of 3: HTTP 503; retry 3 of 3 in 4 s',
      'DELIVERED PagerDuty 2026-11-23 14:02:08 UTC (202 success)HTTP 202 from events.pagerduty.com (3 attempts)',
    ]);
    expect(rows.map((row) => row.dataset.stage)).toEqual(['delivered', 'retrying', 'retrying', 'delivered']);
  });

  it('shows held, dropped, sent and failed apart, marking only the failure as one, and no answer where none came', () => {
    render(
      <NotificationTimeline
        outcomes={[
          step({
            stage: 'failed',
            attempts: 3,
            channelName: 'Ops webhook',
            detail: 'connection refused by hooks.example:443 (3 attempts)',
          }),
          step({
            stage: 'sent',
            ok: true,
            channelName: 'Duty mail',
            detail: 'accepted by mail.example:587 for duty@example.com (1 attempt)',
          }),
          step({ stage: 'dropped', attempts: 0, channelName: 'Ops chat', detail: 'rate limited: 20 in the last minute' }),
          step({ stage: 'held', attempts: 0, channelName: 'Night SMS', detail: 'held: quiet hours 22:00\u201306:00, not sent' }),
        ]}
        timeZone="utc"
      />,
    );
    const rows = screen.getAllByTestId('alert-notification');
    expect(rows.map((row) => row.textContent?.split(' 2026')[0])).toEqual([
      'HELD Night SMS',
      'DROPPED Ops chat',
      'SENT Duty mail',
      'FAILED Ops webhook',
    ]);
    expect(rows.map((row) => row.classList.contains('alert-detail__failed'))).toEqual([false, false, false, true]);
    expect(screen.queryByTestId('alert-notification-answer')).toBeNull();
  });

  it('says so when nothing was sent yet', () => {
    render(<NotificationTimeline outcomes={[]} timeZone="utc" />);
    expect(screen.getByText('No notification sent yet.')).toBeTruthy();
  });
});
