import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { Incident } from '../../../shared/contract';
import { useWhoAmI } from '../../api/queries';
import { seatKeys } from '../../api/seat-queries';
import { useTransport } from '../../api/transport-context';
import { ROLE_NAMES } from '../../format/roles';
import { Problem } from '../../components/Problem';
import { formatHourMinute, type TimeZoneSetting } from '../../format/time';
import { KeyboardDialog } from '../../components/KeyboardDialog';
import { TextDialog } from './TextDialog';
import { useCan } from '../../api/use-can';
import { useIncidentAction } from './use-incident-action';
import { AskSupervisorButton } from '../../components/StepUpDialog';
import { IncidentStepUp, type PendingStepUp } from './IncidentStepUp';

function HandOverDialog({
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  pending: boolean;
  error: string | null;
  onSubmit: (toId: string, note: string) => void;
  onCancel: () => void;
}) {
  const transport = useTransport();
  const me = useWhoAmI();
  // A person picked from the console's users, never a name typed from memory.
  const people = useQuery({ queryKey: seatKeys.people, queryFn: () => transport.call('users.people', undefined) });
  const choices = (people.data ?? []).filter((person) => person.id !== me?.id);
  const [toId, setToId] = useState('');
  const [note, setNote] = useState('');
  const toRef = useRef<HTMLSelectElement>(null);
  const id = useId();
  const chosen = choices.find((person) => person.id === toId);
  return (
    <KeyboardDialog
      title="Hand the incident over"
      testIdPrefix="hand-over"
      submitLabel="Hand over"
      canSubmit={chosen !== undefined}
      pending={pending}
      error={error ?? (people.isError ? `Could not read who can take it: ${people.error.message}` : null)}
      onSubmit={() => {
        if (chosen) onSubmit(chosen.id, note.trim());
      }}
      onCancel={onCancel}
      initialFocus={toRef}
    >
      <div className="form-row">
        <label className="form-row__label" htmlFor={`${id}-to`}>
          Who takes it?
        </label>
        <select
          ref={toRef}
          id={`${id}-to`}
          className="input"
          value={toId}
          onChange={(event) => setToId(event.target.value)}
          data-testid="hand-over-to"
        >
          <option value="">{people.isPending ? 'Reading the people…' : 'Choose a person'}</option>
          {choices.map((person) => (
            <option key={person.id} value={person.id}>
              {person.displayName} ({ROLE_NAMES[person.role]})
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label className="form-row__label" htmlFor={`${id}-note`}>
          Note for them <span className="muted">(optional)</span>
        </label>
        <textarea
          id={`${id}-note`}
          className="input incident-dialog__text"
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          placeholder="Where it stands and what comes next"
          data-testid="hand-over-note"
        />
      </div>
    </KeyboardDialog>
  );
}

/** `override-by-step-up`: the reason is written here, then a supervisor at the seat authorizes the takeover. */
type OwnershipDialog = 'request' | 'override' | 'override-by-step-up' | 'hand-over' | null;

/** A pending takeover request, shown to everyone; only the owner gets Accept and Decline. */
function TakeoverRequestLine({ incident, timeZone, mine }: { incident: Incident; timeZone: TimeZoneSetting; mine: boolean }) {
  const answer = useIncidentAction('incidents.answerTakeover');
  const request = incident.takeoverRequest;
  if (request === null) return null;
  if (!mine) {
    return (
      <div className="takeover-request" data-testid="takeover-request">
        <p>
          <strong>{request.by}</strong> asked at {formatHourMinute(request.at, timeZone)} to take this incident over; waiting for{' '}
          {incident.owner ?? 'the owner'} to answer.
        </p>
      </div>
    );
  }
  return (
    <div className="takeover-request" data-testid="takeover-request">
      <p>
        <strong>{request.by}</strong> asked at {formatHourMinute(request.at, timeZone)} to take this incident over
        {request.note ? <>: “{request.note}”</> : '.'}
      </p>
      <div className="ownership__buttons">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={answer.pending}
          onClick={() => void answer.run({ id: incident.id, accept: true })}
          data-testid="takeover-accept"
        >
          Accept
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={answer.pending}
          onClick={() => void answer.run({ id: incident.id, accept: false })}
          data-testid="takeover-decline"
        >
          Decline
        </button>
      </div>
      {answer.error !== null ? (
        <Problem title="Core refused this" testId="takeover-answer-error">
          {answer.error}
        </Problem>
      ) : null}
    </div>
  );
}

/**
 * Who owns the incident, and how that changes: claim it when nobody does; ask the owner to hand it
 * over, or take it without their consent (a reason, audited); hand it to a person picked from the list.
 */
export function OwnershipPanel({ incident, timeZone, readOnly }: { incident: Incident; timeZone: TimeZoneSetting; readOnly: boolean }) {
  const me = useWhoAmI();
  // Only the owner hands over or answers a request; anyone else asks or takes over. Ownership is by
  // user id; an incident handed to a typed name before that has no owner id, so whoever sits down to it claims it.
  const mine = me !== null && incident.ownerId === me.id;
  const claimable = incident.ownerId === null;
  const claim = useIncidentAction('incidents.claim');
  const requestTakeover = useIncidentAction('incidents.requestTakeover');
  const overrideTakeover = useIncidentAction('incidents.overrideTakeover');
  const handOver = useIncidentAction('incidents.handOver');
  const canOverride = useCan('incidents.overrideTakeover', { siteId: incident.siteId });
  const [dialog, setDialog] = useState<OwnershipDialog>(null);
  const [stepUp, setStepUp] = useState<PendingStepUp | null>(null);
  const open = (which: Exclude<OwnershipDialog, null>) => {
    requestTakeover.clearError();
    overrideTakeover.clearError();
    handOver.clearError();
    setDialog(which);
  };
  const closeOnSuccess = async (done: Promise<Incident | null>) => {
    if ((await done) !== null) setDialog(null);
  };

  return (
    <section className="ownership" aria-label="Ownership" data-testid="ownership">
      <p className="ownership__owner" data-testid="incident-owner">
        {incident.owner === null ? (
          <span className="muted">Nobody owns this incident.</span>
        ) : (
          <>
            Owned by <strong>{incident.owner}</strong>
          </>
        )}
      </p>
      {readOnly ? null : (
        <>
          <div className="ownership__buttons">
            {claimable ? (
              <button
                type="button"
                className="button button--small button--primary"
                disabled={claim.pending}
                onClick={() => void claim.run({ id: incident.id })}
                data-testid="incident-claim"
              >
                {incident.owner === null ? 'Claim' : `Claim (handed to ${incident.owner})`}
              </button>
            ) : null}
            {!claimable && !mine ? (
              <>
                {incident.takeoverRequest === null ? (
                  <button type="button" className="button button--small" onClick={() => open('request')} data-testid="takeover-ask">
                    Ask to take over…
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  onClick={() => open('override')}
                  data-testid="takeover-override"
                  {...canOverride.control}
                >
                  Take over without consent…
                </button>
                {canOverride.note}
                <AskSupervisorButton
                  can={canOverride}
                  label="Ask a supervisor to take over…"
                  onClick={() => open('override-by-step-up')}
                  testId="takeover-ask-supervisor"
                />
              </>
            ) : null}
            {mine || incident.owner === null ? (
              <button type="button" className="button button--small" onClick={() => open('hand-over')} data-testid="hand-over">
                Hand over…
              </button>
            ) : null}
          </div>
          {claim.error !== null ? (
            <Problem title="Core refused this" testId="claim-error">
              {claim.error}
            </Problem>
          ) : null}
          <TakeoverRequestLine incident={incident} timeZone={timeZone} mine={mine} />
        </>
      )}
      {dialog === 'request' ? (
        <TextDialog
          title="Ask to take over"
          testIdPrefix="takeover-request"
          subject={<>{incident.owner} is asked to hand the incident to you.</>}
          label="Note for the owner"
          placeholder="e.g. Taking over for the night shift"
          required={false}
          maxLength={2000}
          submitLabel="Ask"
          pending={requestTakeover.pending}
          error={requestTakeover.error}
          onSubmit={(note) => void closeOnSuccess(requestTakeover.run({ id: incident.id, note }))}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'override' || dialog === 'override-by-step-up' ? (
        <TextDialog
          title="Take over without consent"
          testIdPrefix="takeover-override"
          subject={<>The incident is taken from {incident.owner} without their consent.</>}
          label="Why?"
          hint="Required. The reason is audited and shown on the timeline."
          placeholder="e.g. Owner not answering the radio for 10 minutes"
          required
          requiredMessage="Say why you take it over without consent: it is audited."
          maxLength={500}
          submitLabel="Take over"
          pending={overrideTakeover.pending}
          error={overrideTakeover.error}
          onSubmit={(reason) => {
            if (dialog === 'override') {
              void closeOnSuccess(overrideTakeover.run({ id: incident.id, reason }));
              return;
            }
            setDialog(null);
            setStepUp({
              call: { method: 'incidents.overrideTakeover', input: { id: incident.id, reason } },
              what: `Take the incident over from ${incident.owner ?? 'its owner'} without consent: ${reason}`,
              then: () => {},
            });
          }}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'hand-over' ? (
        <HandOverDialog
          pending={handOver.pending}
          error={handOver.error}
          onSubmit={(toId, note) => void closeOnSuccess(handOver.run({ id: incident.id, toId, note }))}
          onCancel={() => setDialog(null)}
        />
      ) : null}
      {stepUp !== null ? <IncidentStepUp pending={stepUp} onClose={() => setStepUp(null)} /> : null}
    </section>
  );
}
