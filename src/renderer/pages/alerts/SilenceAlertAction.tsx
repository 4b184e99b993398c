import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import type { Alert, MethodInput, Scope } from '../../../shared/contract';
import { useAlertConfigCommand } from '../../api/alert-config-queries';
import { queryKeys } from '../../api/query-keys';
import { useCan } from '../../api/use-can';
import { FieldErrorMessage } from '../../components/FormField';
import { KeyboardDialog } from '../../components/KeyboardDialog';
import { AskSupervisorButton, StepUpDialog } from '../../components/StepUpDialog';

const HOURS = [1, 2, 4, 8, 24] as const;

/** What a silence from the queue covers: the alert's monitor, or else its site; nothing for an alert of neither. */
export function silenceScopeOf(alert: Alert): Scope | null {
  if (alert.subject.startsWith('monitor:')) return { kind: 'monitor', monitorId: alert.subject.slice('monitor:'.length) };
  if (alert.siteId !== null) return { kind: 'site', siteId: alert.siteId };
  return null;
}

function SilenceDialog({
  alert,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  alert: Alert;
  pending: boolean;
  error: string | null;
  onSubmit: (comment: string, hours: number) => void;
  onCancel: () => void;
}) {
  const [comment, setComment] = useState('');
  const [hours, setHours] = useState<number>(1);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const scope = silenceScopeOf(alert);
  return (
    <KeyboardDialog
      title="Silence"
      testIdPrefix="silence-alert"
      subject={
        <>
          Alerts of <strong>{scope?.kind === 'monitor' ? alert.subjectName : (alert.siteName ?? 'this site')}</strong> stop notifying and
          sounding for the time chosen; they stay in the queue, marked silenced.
        </>
      }
      submitLabel="Silence"
      canSubmit={comment.trim() !== ''}
      pending={pending}
      error={error}
      onSubmit={() => onSubmit(comment.trim(), hours)}
      onCancel={onCancel}
      initialFocus={commentRef}
    >
      {(triedIncomplete) => (
        <>
          <div className="form-row">
            <label className="form-row__label" htmlFor={`${id}-comment`}>
              Why?
            </label>
            <textarea
              ref={commentRef}
              id={`${id}-comment`}
              className="input"
              rows={2}
              maxLength={500}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              placeholder="e.g. Engineer on site replacing the recorder"
              data-testid="silence-alert-comment"
            />
            {triedIncomplete && comment.trim() === '' ? (
              <FieldErrorMessage field="comment" message="Say why: it is shown on every alert it silences." />
            ) : null}
          </div>
          <div className="form-row">
            <label className="form-row__label" htmlFor={`${id}-hours`}>
              For
            </label>
            <select
              id={`${id}-hours`}
              className="input input--short"
              value={hours}
              onChange={(event) => setHours(Number(event.target.value))}
              data-testid="silence-alert-hours"
            >
              {HOURS.map((count) => (
                <option key={count} value={count}>
                  {count} hour{count === 1 ? '' : 's'}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
    </KeyboardDialog>
  );
}

type Step = { kind: 'form'; byStepUp: boolean } | { kind: 'step-up'; input: MethodInput<'silences.create'> } | null;

/**
 * "Silence…" on an alert of the queue: a silence of its monitor (or site) from now for a few hours.
 * A supervisor's command: an operator gets "Ask a supervisor…", which asks the same questions and
 * then the supervisor's credentials.
 */
export function SilenceAlertAction({ alert, now }: { alert: Alert; now: number }) {
  const queryClient = useQueryClient();
  const can = useCan('silences.create', { siteId: alert.siteId });
  const create = useAlertConfigCommand('silences.create');
  const [step, setStep] = useState<Step>(null);
  const scope = silenceScopeOf(alert);
  if (scope === null) return null;
  const inputFor = (comment: string, hours: number): MethodInput<'silences.create'> => ({
    kind: 'silence',
    comment,
    scope,
    schedule: { kind: 'once', startsAt: now, endsAt: now + hours * 3_600_000 },
  });
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          create.reset();
          setStep({ kind: 'form', byStepUp: false });
        }}
        data-testid="alert-action-silence"
        {...can.control}
      >
        Silence…
      </button>
      {can.note}
      <AskSupervisorButton
        can={can}
        label="Ask a supervisor to silence…"
        onClick={() => setStep({ kind: 'form', byStepUp: true })}
        testId="alert-silence-ask-supervisor"
      />
      {step?.kind === 'form' ? (
        <SilenceDialog
          alert={alert}
          pending={create.isPending}
          error={create.error?.message ?? null}
          onSubmit={(comment, hours) => {
            const input = inputFor(comment, hours);
            if (step.byStepUp) setStep({ kind: 'step-up', input });
            else
              void create.mutateAsync(input).then(
                () => setStep(null),
                () => undefined,
              );
          }}
          onCancel={() => setStep(null)}
        />
      ) : null}
      {step?.kind === 'step-up' ? (
        <StepUpDialog
          call={{ method: 'silences.create', input: step.input }}
          what={`Silence ${scope.kind === 'monitor' ? alert.subjectName : (alert.siteName ?? 'the site')}: ${step.input.comment}`}
          onAuthorized={() => {
            void queryClient.invalidateQueries({ queryKey: queryKeys.silences });
            setStep(null);
          }}
          onCancel={() => setStep(null)}
        />
      ) : null}
    </>
  );
}
