// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/contract';
import { personWhoAmI } from '../../testing/fake-transport';
import { TransportError } from '../../transport/transport';
import { incidentTransport, renderIncident, stepOf, testDetail, testIncident, type } from './testing';

const SAM = { id: 'u-sam', displayName: 'Sam Supervisor' };

/** An incident worked by someone of this role, whose step-ups answer as `stepUp` says (by default: authorized by Sam). */
function atSeat(role: Role, stepUp?: () => never) {
  const incident = testIncident();
  return incidentTransport(testDetail(incident), {
    'app.whoami': () => personWhoAmI(role),
    'auth.stepUp': stepUp ?? ((input) => ({ method: (input as { method: string }).method, authorizedBy: SAM, result: incident })),
  });
}

function signFor(username: string, password: string) {
  type('step-up-username', username);
  type('step-up-password', password);
  fireEvent.click(screen.getByTestId('step-up-submit'));
}

describe('step-up at the seat', () => {
  it('offers an operator "Ask a supervisor…" beside a supervisor’s step, and sends the step with the supervisor’s credentials', async () => {
    const transport = atSeat('operator');
    await renderIncident(transport);
    const step = stepOf('send-technician');
    await waitFor(() => expect(within(step).getByTestId('step-do').hasAttribute('disabled')).toBe(true));
    fireEvent.click(within(step).getByTestId('step-ask-supervisor'));
    const dialog = await screen.findByTestId('step-up-dialog');
    expect(dialog.textContent).toContain('Done: "Send a technician"');
    expect(document.activeElement).toBe(screen.getByTestId('step-up-username'));
    signFor('sam', 'correct horse battery');
    await waitFor(() =>
      expect(transport.callsOf('auth.stepUp')).toEqual([
        {
          username: 'sam',
          password: 'correct horse battery',
          method: 'incidents.checkStep',
          input: { id: 'inc-7', stepId: 'send-technician' },
        },
      ]),
    );
    // Done: the dialog closes, and the operator never sent the step alone.
    await waitFor(() => expect(screen.queryByTestId('step-up-dialog')).toBeNull());
    expect(transport.callsOf('incidents.checkStep')).toEqual([]);
  });

  it('shows core’s refusals beside the fields and clears the password after every try; asks for the code when core does', async () => {
    const refusals = [
      new TransportError('forbidden', 'Wrong username or password'),
      new TransportError('forbidden', 'Only a supervisor or above may do this; Otto Operator is an operator'),
      new TransportError('invalid_input', 'Enter the six-digit code from your authenticator app, or a recovery code', [
        { path: 'code', message: 'Enter the six-digit code from your authenticator app, or a recovery code' },
      ]),
    ];
    const transport = atSeat('operator', () => {
      throw refusals.shift() ?? new TransportError('forbidden', 'Too many failed sign-ins: try again at 14:05');
    });
    await renderIncident(transport);
    await waitFor(() => expect(within(stepOf('send-technician')).getByTestId('step-do').hasAttribute('disabled')).toBe(true));
    fireEvent.click(within(stepOf('send-technician')).getByTestId('step-ask-supervisor'));
    await screen.findByTestId('step-up-dialog');

    signFor('sam', 'a guess');
    expect((await screen.findByTestId('step-up-error')).textContent).toContain('Wrong username or password');
    expect((screen.getByTestId('step-up-password') as HTMLInputElement).value).toBe('');

    signFor('otto', 'otto-password');
    await waitFor(() => expect(screen.getByTestId('step-up-error').textContent).toContain('Otto Operator is an operator'));

    expect(screen.queryByTestId('step-up-code')).toBeNull();
    signFor('sam', 'correct horse battery');
    const codeField = await screen.findByTestId('step-up-code');
    expect(codeField.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('step-up-dialog').textContent).toContain('Enter the six-digit code');

    type('step-up-code', '123456');
    signFor('sam', 'correct horse battery');
    await waitFor(() => expect(screen.getByTestId('step-up-error').textContent).toContain('Too many failed sign-ins: try again at 14:05'));
    expect(transport.callsOf('auth.stepUp').at(-1)).toMatchObject({ username: 'sam', code: '123456' });
    expect((screen.getByTestId('step-up-password') as HTMLInputElement).value).toBe('');
    expect((screen.getByTestId('step-up-code') as HTMLInputElement).value).toBe('');

    fireEvent.click(screen.getByTestId('step-up-cancel'));
    expect(screen.queryByTestId('step-up-dialog')).toBeNull();
  });

  it('asks for the skip reason first, then the supervisor; the reason goes with the step-up', async () => {
    const transport = atSeat('operator');
    await renderIncident(transport);
    await waitFor(() => expect(within(stepOf('send-technician')).getByTestId('step-skip').hasAttribute('disabled')).toBe(true));
    fireEvent.click(within(stepOf('send-technician')).getByTestId('step-ask-skip'));
    await screen.findByTestId('skip-step-dialog');
    type('skip-step-text', 'Keyholder already on site');
    fireEvent.click(screen.getByTestId('skip-step-submit'));
    await screen.findByTestId('step-up-dialog');
    signFor('sam', 'correct horse battery');
    await waitFor(() =>
      expect(transport.callsOf('auth.stepUp')).toMatchObject([
        { method: 'incidents.skipStep', input: { id: 'inc-7', stepId: 'send-technician', reason: 'Keyholder already on site' } },
      ]),
    );
    expect(transport.callsOf('incidents.skipStep')).toEqual([]);
  });

  it('resolves over open required steps and takes over without consent through a supervisor', async () => {
    const transport = atSeat('operator');
    await renderIncident(transport);
    fireEvent.click(await screen.findByTestId('incident-resolve-ask-supervisor'));
    type('resolve-incident-resolution', 'Recorder replaced');
    type('resolve-incident-override', 'Technician confirmed by phone');
    fireEvent.click(screen.getByTestId('resolve-incident-submit'));
    await screen.findByTestId('step-up-dialog');
    signFor('sam', 'correct horse battery');
    await waitFor(() => expect(screen.queryByTestId('step-up-dialog')).toBeNull());

    fireEvent.click(screen.getByTestId('takeover-ask-supervisor'));
    type('takeover-override-text', 'Owner not answering the radio');
    fireEvent.click(screen.getByTestId('takeover-override-submit'));
    expect((await screen.findByTestId('step-up-dialog')).textContent).toContain('without consent: Owner not answering the radio');
    signFor('sam', 'correct horse battery');
    await waitFor(() =>
      expect(transport.callsOf('auth.stepUp')).toMatchObject([
        {
          method: 'incidents.resolve',
          input: { id: 'inc-7', resolution: 'Recorder replaced', override: 'Technician confirmed by phone' },
        },
        { method: 'incidents.overrideTakeover', input: { id: 'inc-7', reason: 'Owner not answering the radio' } },
      ]),
    );
    expect(transport.callsOf('incidents.resolve')).toEqual([]);
    expect(transport.callsOf('incidents.overrideTakeover')).toEqual([]);
  });

  it('offers no step-up to a viewer (viewers never act) nor to a supervisor (who may act alone)', async () => {
    const asViewer = await renderIncident(atSeat('viewer'));
    await screen.findByTestId('incident-read-only');
    expect(screen.queryByTestId('step-ask-supervisor')).toBeNull();
    expect(screen.queryByTestId('takeover-ask-supervisor')).toBeNull();
    asViewer.unmount();

    const transport = atSeat('supervisor');
    await renderIncident(transport);
    await waitFor(() => expect(transport.callsOf('app.whoami')).toHaveLength(1));
    await waitFor(() => expect(within(stepOf('send-technician')).getByTestId('step-do').hasAttribute('disabled')).toBe(false));
    expect(screen.queryByTestId('step-ask-supervisor')).toBeNull();
    expect(screen.queryByTestId('incident-resolve-ask-supervisor')).toBeNull();
    expect(screen.queryByTestId('takeover-ask-supervisor')).toBeNull();
  });
});
