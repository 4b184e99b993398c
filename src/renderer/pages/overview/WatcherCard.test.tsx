// @vitest-environment happy-dom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { WatcherStatus } from '../../../shared/contract';
import { FakeTransport } from '../../testing/fake-transport';
import { renderApp } from '../../testing/render-app';

const AT = Date.UTC(2026, 10, 23, 8, 0, 0);

function status(heartbeat: Partial<WatcherStatus['heartbeat']>): WatcherStatus {
  return {
    heartbeat: { target: 'hc-ping.com', lastAttemptAt: AT, lastSuccessAt: AT - 180_000, lastError: null, failuresInRow: 0, ...heartbeat },
    aliveSummary: { lastSentDay: null, lastOutcome: null },
    aliveSummaryPlan: { time: '08:00', channelName: 'Ops chat' },
  };
}

describe('the heartbeat on the Overview page', () => {
  it('says whom it calls, when it last answered, and a failing heartbeat with the reason', async () => {
    const transport = new FakeTransport({
      'watcher.status': () => status({ lastError: { at: AT, detail: 'no answer within 10 s' }, failuresInRow: 3 }),
    });
    renderApp({ transport });
    const card = await screen.findByTestId('overview-watcher');
    expect(card.dataset.failing).toBe('true');
    expect(card.textContent).toContain('Calls hc-ping.com every minute; last answered');
    expect(screen.getByTestId('overview-watcher-error').textContent).toContain('Failing (3 in a row): no answer within 10 s');
    expect(card.textContent).toContain('Daily alive summary at 08:00 to Ops chat');
  });

  it('says plainly when no heartbeat is set', async () => {
    const transport = new FakeTransport({ 'watcher.status': () => status({ target: null, lastSuccessAt: null, lastAttemptAt: null }) });
    renderApp({ transport });
    await waitFor(() => expect(screen.getByTestId('overview-watcher').textContent).toContain('No heartbeat URL: nobody outside hears'));
  });
});
