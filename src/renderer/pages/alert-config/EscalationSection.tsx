import { useState, type FormEvent } from 'react';
import type { EscalationPolicy, Severity } from '../../../shared/contract';
import { useAlertConfigCommand, useEscalationPolicies } from '../../api/alert-config-queries';
import { FieldErrorMessage } from '../../components/FormField';
import { Problem } from '../../components/Problem';
import { draftFromPolicy, ESCALATION_FIELDS, validateEscalationDraft, type EscalationDraft } from './escalation-model';
import { NumberInput } from '../../forms/NumberInput';
import { SeverityBadge } from '../../components/SeverityBadge';
import { SEVERITY_PRESENTATION } from '../../format/severity';
import { useDraftForm } from '../../forms/use-draft-form';
import { CommandButton } from '../../components/CommandButton';

interface MinutesCellProps {
  severity: Severity;
  label: string;
  field: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  inputId: string;
  formId: string;
  testId: string;
  /** The "never" box beside the minutes, for the settings that may be switched off. */
  off?: { label: string; checked: boolean; onChange(checked: boolean): void; testId: string };
}

/** One number in a severity's row, labelled for screen readers by severity and column, with its error below it. */
function MinutesCell({ severity, label, field, value, onChange, error, inputId, formId, testId, off }: MinutesCellProps) {
  const errorId = `${inputId}-error`;
  return (
    <td>
      <span className="input-group">
        <NumberInput
          attributes={{ id: inputId, ...(error ? { 'aria-invalid': true, 'aria-describedby': errorId } : {}) }}
          value={value}
          onChange={onChange}
          testId={testId}
          disabled={off?.checked ?? false}
          ariaLabel={`${SEVERITY_PRESENTATION[severity].label}: ${label}`}
          // The inputs sit in table cells: the form attribute ties them to their row's form, so Enter saves the row.
          form={formId}
        />
        {off ? (
          <label className="check">
            <input
              type="checkbox"
              form={formId}
              aria-label={`${SEVERITY_PRESENTATION[severity].label}: ${off.label.toLowerCase()}`}
              checked={off.checked}
              onChange={(e) => off.onChange(e.target.checked)}
              data-testid={off.testId}
            />
            {off.label}
          </label>
        ) : null}
      </span>
      {error ? <FieldErrorMessage field={field} id={errorId} message={error} /> : null}
    </td>
  );
}

interface EscalationRowProps {
  policy: EscalationPolicy;
  justSaved: boolean;
  onSaved(severity: Severity | null): void;
}

function EscalationRow({ policy, justSaved, onSaved }: EscalationRowProps) {
  const { severity } = policy;
  const save = useAlertConfigCommand('escalation.set');
  const form = useDraftForm({
    initial: draftFromPolicy(policy),
    validate: (draft: EscalationDraft) => validateEscalationDraft(severity, draft),
    shownFields: () => ESCALATION_FIELDS,
    nestedUnder: 'escalation',
    idPrefix: `escalation-${severity}`,
  });
  const { draft } = form;
  const changed = JSON.stringify(draft) !== JSON.stringify(draftFromPolicy(policy));
  const formId = `escalation-form-${severity}`;
  const edit = (patch: Partial<EscalationDraft>, field: string) => {
    form.edit(patch, field);
    if (justSaved) onSaved(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.inputToSend();
    if (input === null) return;
    save.mutate(input, { onSuccess: () => onSaved(severity), onError: form.showServerError });
  };

  const cell = (
    field: (typeof ESCALATION_FIELDS)[number],
    label: string,
    key: 'escalateAfter' | 'repeatEvery' | 'maxLevel' | 'ackTimeout',
    testId: string,
  ) => ({
    severity,
    label,
    field,
    value: draft[key],
    onChange: (value: string) => edit({ [key]: value }, field),
    error: form.errorFor(field),
    inputId: form.fieldId(field),
    formId,
    testId,
  });

  return (
    <tr data-testid="escalation-row" data-severity={severity}>
      <th scope="row">
        <SeverityBadge severity={severity} />
      </th>
      <MinutesCell
        {...cell('escalateAfterMinutes', 'escalate after (minutes)', 'escalateAfter', 'escalation-after')}
        off={{
          label: 'Never',
          checked: draft.neverEscalate,
          onChange: (neverEscalate) => edit({ neverEscalate }, 'escalateAfterMinutes'),
          testId: 'escalation-never',
        }}
      />
      <MinutesCell {...cell('repeatEveryMinutes', 'repeat every (minutes)', 'repeatEvery', 'escalation-repeat')} />
      <MinutesCell {...cell('maxLevel', 'highest level', 'maxLevel', 'escalation-max-level')} />
      <MinutesCell
        {...cell('ackTimeoutMinutes', 'acknowledgement timeout (minutes)', 'ackTimeout', 'escalation-ack-timeout')}
        off={{
          label: 'None',
          checked: draft.noAckTimeout,
          onChange: (noAckTimeout) => edit({ noAckTimeout }, 'ackTimeoutMinutes'),
          testId: 'escalation-no-ack-timeout',
        }}
      />
      <td className="alert-config-row__actions">
        <form id={formId} onSubmit={submit} noValidate aria-label={`${SEVERITY_PRESENTATION[severity].label} escalation`}>
          <CommandButton
            method="escalation.set"
            type="submit"
            className="button button--small button--primary"
            disabled={!changed || save.isPending}
            data-testid="escalation-save"
          >
            {save.isPending ? 'Saving…' : 'Save'}
          </CommandButton>
          {justSaved && !changed ? (
            <span className="saved" role="status" data-testid="escalation-saved">
              {' '}
              Saved
            </span>
          ) : null}
        </form>
        {form.formErrors.length > 0 ? <Problem title={`Not saved: ${form.formErrors.join('; ')}`} testId="escalation-error" /> : null}
      </td>
    </tr>
  );
}

/** Escalation per severity: how long an unacknowledged alert waits before it goes up a level and notifies again. */
export function EscalationSection() {
  const policies = useEscalationPolicies();
  const [justSaved, setJustSaved] = useState<Severity | null>(null);
  if (policies.isError) return <Problem title={`Could not read the escalation policies: ${policies.error.message}`} />;
  if (!policies.data) {
    return (
      <p className="loading" role="status">
        Reading the escalation policies…
      </p>
    );
  }
  return (
    <>
      <p className="muted alert-config-section__intro">
        An alert nobody acknowledges goes up a level after the delay, notifies again, and repeats until acknowledged or at its highest
        level. An acknowledged alert not resolved within its acknowledgement timeout fires again.
      </p>
      <div className="table-wrap">
        <table className="table alert-config-table" data-testid="escalation-table">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Escalate after (min)</th>
              <th scope="col">Repeat every (min)</th>
              <th scope="col">Highest level</th>
              <th scope="col">Ack timeout (min)</th>
              <th scope="col">
                <span className="visually-hidden">Save</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {policies.data.map((policy) => (
              // Keyed by content: a change saved here or elsewhere starts the row again from core's values.
              <EscalationRow
                key={JSON.stringify(policy)}
                policy={policy}
                justSaved={justSaved === policy.severity}
                onSaved={setJustSaved}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
