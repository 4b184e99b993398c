// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Alert, Role, Silence } from '../../../shared/contract';
import { testAlert, testAlertSnapshot } from '../../testing/alert-fixtures';
import { FakeTransport, personWhoAmI } from '../../testing/fake-transport';
import { withScreenHeight } from '../../testing/layout';
import { renderApp } from '../../testing/render-app';
import { useViewStore } from '../../state/view-store';

withScreenHeight();

const NVR = testAlert('nvr', { severity: 'critical', summary: 'NVR down' });
const HOUR = 3_600_000;

function silenceOf(input: Omit<Silence, 'id' | 'triggeredAt' | 'createdBy' | 'createdAt' | 'updatedAt' | 'activeUntil'>): Silence {
  return { id: 'sil-1', ...input, triggeredAt: null, createdBy: 'Ann Example', createdAt: 0, updatedAt: 0, activeUntil: null };
}

async function queueAs(role: Role) {
  const transport = new FakeTransport({
    'alerts.snapshot': () => testAlertSnapshot([NVR]),
    'alerts.get': () => ({ alert: NVR as Alert, history: [], notifications: [] }),
    'app.whoami': () => personWhoAmI(role),
    'silences.create': (input) => silenceOf(input as Parameters<typeof silenceOf>[0]),
    'auth.stepUp': (stepUp) => {
      // The step-up's input is checked by the inner command's schema in core: here it is what the dialog sent.
      const { method, input } = stepUp as { method: string; input: Parameters<typeof silenceOf>[0] };
      return { method, authorizedBy: { id: 'u-sam', displayName: 'Sam Supervisor' }, result: silenceOf(input) };
    },
  });
  renderApp({ transport, page: 'alerts' });
  await screen.findAllByTestId('alert-row');
  act(() => useViewStore.getState().showAlertDetail('nvr'));
  await waitFor(() => expect(transport.callsOf('app.whoami').length).toBeGreaterThan(0));
  return transport;
}

function fillSilence(comment: string, hours: string) {
  fireEvent.change(screen.getByTestId('silence-alert-comment'), { target: { value: comment } });
  fireEvent.change(screen.getByTestId('silence-alert-hours'), { target: { value: hours } });
  fireEvent.click(screen.getByTestId('silence-alert-submit'));
}

describe('silencing an alert from the queue', () => {
  it('lets a supervisor silence the alert’s monitor from now for the hours chosen', async () => {
    const transport = await queueAs('supervisor');
    fireEvent.click(await screen.findByTestId('alert-action-silence'));
    expect(screen.queryByTestId('alert-silence-ask-supervisor')).toBeNull();
    fillSilence('Engineer replacing the recorder', '2');
    await waitFor(() => expect(transport.callsOf('silences.create')).toHaveLength(1));
    const [sent] = transport.callsOf('silences.create');
    expect(sent).toMatchObject({
      kind: 'silence',
      comment: 'Engineer replacing the recorder',
      scope: { kind: 'monitor', monitorId: 'nvr' },
    });
    const schedule = sent?.schedule as { kind: 'once'; startsAt: number; endsAt: number };
    expect(schedule.endsAt - schedule.startsAt).toBe(2 * HOUR);
    await waitFor(() => expect(screen.queryByTestId('silence-alert-dialog')).toBeNull());
  });

  it('disables Silence for an operator, saying a supervisor may, and sends it through a supervisor at the seat', async () => {
    const transport = await queueAs('operator');
    const silence = await screen.findByTestId('alert-action-silence');
    await waitFor(() => expect(silence.hasAttribute('disabled')).toBe(true));
    expect(silence.getAttribute('title')).toBe('Only a supervisor or above may do this; Ann Example is an operator');
    fireEvent.click(screen.getByTestId('alert-silence-ask-supervisor'));
    fillSilence('Engineer replacing the recorder', '1');
    await screen.findByTestId('step-up-dialog');
    fireEvent.change(screen.getByTestId('step-up-username'), { target: { value: 'sam' } });
    fireEvent.change(screen.getByTestId('step-up-password'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByTestId('step-up-submit'));
    await waitFor(() => expect(screen.queryByTestId('step-up-dialog')).toBeNull());
    expect(transport.callsOf('auth.stepUp')).toMatchObject([
      {
        username: 'sam',
        password: 'correct horse battery',
        method: 'silences.create',
        input: { comment: 'Engineer replacing the recorder', scope: { kind: 'monitor', monitorId: 'nvr' } },
      },
    ]);
    expect(transport.callsOf('silences.create')).toEqual([]);
  });

  it('offers a viewer neither Silence nor a supervisor', async () => {
    await queueAs('viewer');
    await waitFor(() => expect(screen.getByTestId('alert-action-silence').hasAttribute('disabled')).toBe(true));
    expect(screen.queryByTestId('alert-silence-ask-supervisor')).toBeNull();
  });
});
