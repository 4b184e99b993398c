import { useState, type FormEvent } from 'react';
import {
  SEVERITIES,
  type Channel,
  type ConditionKind,
  type Recovery,
  type Rule,
  type RuleSpec,
  type Severity,
  type VersionConflict as Versions,
} from '../../../shared/contract';
import { useAlertConfigCommand } from '../../api/alert-config-queries';
import { FieldErrorMessage, FormErrors, FormField, type FieldAttributes } from '../../components/FormField';
import { NumberInput } from '../../forms/NumberInput';
import { CONDITION_KINDS, CONDITION_LABEL, draftFromRule, emptyRuleDraft, ruleFormFields, validateRuleDraft } from './rule-form-model';
import { ScopeFields } from './ScopeFields';
import { SEVERITY_PRESENTATION } from '../../format/severity';
import { useDraftForm } from '../../forms/use-draft-form';
import { maxLengthOf } from '../../format/field-limits';
import { RuleInput } from '../../../shared/contract';
import { FormFooter } from '../../forms/FormFooter';
import { VersionConflict } from '../../components/VersionConflict';
import { isTransportError } from '../../transport/transport';

interface RuleFormProps {
  /** null: a new rule. */
  rule: Rule | null;
  channels: readonly Channel[];
  onDone(): void;
}

type NumberKey = 'certDays' | 'latencyAboveMs' | 'pendingMinutes' | 'recoveryCount' | 'recoveryBelowMs' | 'maxOpenAlerts';

/** Create or edit an alert rule. A built-in rule is edited like any other; only its deletion is refused. */
export function RuleForm({ rule, channels, onDone }: RuleFormProps) {
  const create = useAlertConfigCommand('rules.create');
  const update = useAlertConfigCommand('rules.update');
  const form = useDraftForm({
    initial: rule === null ? emptyRuleDraft() : draftFromRule(rule),
    validate: validateRuleDraft,
    shownFields: ruleFormFields,
    nestedUnder: 'rule',
    idPrefix: 'rule',
  });
  const { draft, edit, fieldProps } = form;
  const pending = create.isPending || update.isPending;
  const title = rule === null ? 'New rule' : `Edit ${rule.name}`;
  // The version this edit is based on: the one the form opened with, until "Keep mine" moves it on.
  const [basedOnVersion, setBasedOnVersion] = useState(rule?.version ?? null);
  const [staleSave, setStaleSave] = useState<{ input: RuleSpec; versions: Versions; message: string } | null>(null);

  const save = (input: RuleSpec, base = basedOnVersion) => {
    const onError = (error: Error) => {
      if (isTransportError(error) && error.versions !== null) setStaleSave({ input, versions: error.versions, message: error.message });
      else form.showServerError(error);
    };
    setStaleSave(null);
    if (rule === null || base === null) create.mutate(input, { onSuccess: onDone, onError });
    else update.mutate({ id: rule.id, rule: input, basedOnVersion: base }, { onSuccess: onDone, onError });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.inputToSend();
    if (input !== null) save(input);
  };

  const toggleChannel = (channelId: string, on: boolean) =>
    edit({ channelIds: on ? [...draft.channelIds, channelId] : draft.channelIds.filter((id) => id !== channelId) }, 'channelIds');
  const numberInput = (key: NumberKey, field: string, testId: string) => (attributes: FieldAttributes) => (
    <NumberInput attributes={attributes} value={draft[key]} onChange={(value) => edit({ [key]: value }, field)} testId={testId} />
  );
  const channelsError = form.errorFor('channelIds');
  const channelsErrorId = `${form.fieldId('channelIds')}-error`;

  return (
    <form className="panel entity-form alert-config-form" onSubmit={submit} noValidate aria-label={title} data-testid="rule-form">
      <h3 className="panel__title">{title}</h3>
      {staleSave ? (
        <VersionConflict
          versions={staleSave.versions}
          message={staleSave.message}
          onKeepMine={() => {
            setBasedOnVersion(staleSave.versions.current.version);
            save(staleSave.input, staleSave.versions.current.version);
          }}
          // The list behind the form shows the rule as it is now.
          onTakeTheirs={onDone}
          pending={pending}
        />
      ) : null}
      <FormErrors title="Not saved:" messages={form.formErrors} testId="rule-form-errors" />
      <fieldset className="form-section">
        <legend className="form-section__title">What to watch</legend>
        <FormField
          {...fieldProps('name')}
          label="Name"
          hint="What the alert queue shows as the rule: Camera offline, Certificate soon expired…"
        >
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.name}
              onChange={(e) => edit({ name: e.target.value }, 'name')}
              autoComplete="off"
              autoFocus
              maxLength={maxLengthOf(RuleInput, 'name')}
              data-testid="rule-form-name"
            />
          )}
        </FormField>
        <ScopeFields
          form={form}
          kinds={['all', 'site', 'monitor', 'tag']}
          testIdPrefix="rule-form"
          hint="A site or monitor includes the monitors below it."
        />
        <FormField {...fieldProps('condition')} label="Condition">
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.conditionKind}
              onChange={(e) => edit({ conditionKind: e.target.value as ConditionKind }, 'condition')}
              data-testid="rule-form-condition"
            >
              {CONDITION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {CONDITION_LABEL[kind]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {draft.conditionKind === 'cert-expiring' ? (
          <FormField {...fieldProps('condition.days')} label="Days before expiry" hint="1 to 365 days.">
            {numberInput('certDays', 'condition.days', 'rule-form-days')}
          </FormField>
        ) : null}
        {draft.conditionKind === 'latency-above' ? (
          <FormField {...fieldProps('condition.thresholdMs')} label="Latency above (ms)">
            {numberInput('latencyAboveMs', 'condition.thresholdMs', 'rule-form-threshold')}
          </FormField>
        ) : null}
      </fieldset>

      <fieldset className="form-section form-section--numbers">
        <legend className="form-section__title">When it fires and clears</legend>
        <FormField
          {...fieldProps('pendingMinutes')}
          label="Must hold for (min)"
          hint="The condition must last this long before the alert fires; 0 fires at once."
        >
          {numberInput('pendingMinutes', 'pendingMinutes', 'rule-form-pending')}
        </FormField>
        {draft.conditionKind === 'latency-above' ? (
          <FormField {...fieldProps('recovery')} label="Recovers">
            {(a) => (
              <select
                {...a}
                className="input"
                value={draft.recoveryKind}
                onChange={(e) => edit({ recoveryKind: e.target.value as Recovery['kind'] }, 'recovery')}
                data-testid="rule-form-recovery"
              >
                <option value="good-results">After good results in a row</option>
                <option value="latency-below">When latency drops below a lower threshold</option>
              </select>
            )}
          </FormField>
        ) : null}
        {draft.conditionKind === 'latency-above' && draft.recoveryKind === 'latency-below' ? (
          <FormField
            {...fieldProps('recovery.thresholdMs')}
            label="Recover below (ms)"
            hint="Lower than the threshold that raises it, so it does not flip on every result."
          >
            {numberInput('recoveryBelowMs', 'recovery.thresholdMs', 'rule-form-recovery-threshold')}
          </FormField>
        ) : (
          <FormField {...fieldProps('recovery.count')} label="Good results to clear" hint="In a row: 1 to 100.">
            {numberInput('recoveryCount', 'recovery.count', 'rule-form-recovery-count')}
          </FormField>
        )}
        <FormField
          {...fieldProps('maxOpenAlerts')}
          label="Max open alerts"
          hint="Storm cap: more open alerts than this from this rule become one “alert storm” alert."
        >
          {numberInput('maxOpenAlerts', 'maxOpenAlerts', 'rule-form-max-open')}
        </FormField>
      </fieldset>

      <fieldset className="form-section">
        <legend className="form-section__title">Who hears of it</legend>
        <FormField {...fieldProps('severity')} label="Severity" hint="Sets the escalation policy it follows.">
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.severity}
              onChange={(e) => edit({ severity: e.target.value as Severity }, 'severity')}
              data-testid="rule-form-severity"
            >
              {SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {SEVERITY_PRESENTATION[severity].label}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <fieldset className="form-row form-row--wide alert-config-form__choices" data-testid="rule-form-routing">
          <legend className="form-row__label">Who hears of it</legend>
          <div className="form-row--checks">
            <label className="check">
              <input
                type="radio"
                name="rule-form-routing"
                id={form.fieldId('routing')}
                checked={draft.routing === 'table'}
                onChange={() => edit({ routing: 'table' }, 'routing')}
                data-testid="rule-form-routing-table"
              />
              The routing table for its severity
            </label>
            <label className="check">
              <input
                type="radio"
                name="rule-form-routing"
                checked={draft.routing === 'channels'}
                onChange={() => edit({ routing: 'channels' }, 'routing')}
                data-testid="rule-form-routing-channels"
              />
              Only the channels I pick
            </label>
          </div>
        </fieldset>
        <fieldset
          className="form-row form-row--wide alert-config-form__choices"
          aria-describedby={channelsError ? channelsErrorId : undefined}
          hidden={draft.routing !== 'channels'}
          data-testid="rule-form-channels"
        >
          <legend className="form-row__label">Notify through</legend>
          {channels.length === 0 ? (
            <p className="form-row__hint">No channels yet: add one under Channels. The alert still shows in the queue.</p>
          ) : null}
          <div className="form-row--checks">
            {channels.map((channel, index) => (
              <label key={channel.id} className="check">
                <input
                  type="checkbox"
                  // The first box carries the field's id, so a channel error can move focus here.
                  id={index === 0 ? form.fieldId('channelIds') : undefined}
                  checked={draft.channelIds.includes(channel.id)}
                  onChange={(e) => toggleChannel(channel.id, e.target.checked)}
                  data-testid="rule-form-channel"
                  data-channel-id={channel.id}
                />
                {channel.name}
                {channel.enabled ? null : <span className="muted"> (off)</span>}
              </label>
            ))}
          </div>
          {channelsError ? <FieldErrorMessage field="channelIds" id={channelsErrorId} message={channelsError} /> : null}
        </fieldset>
        <div className="form-row">
          <label className="check">
            <input
              type="checkbox"
              id={form.fieldId('enabled')}
              checked={draft.enabled}
              onChange={(e) => edit({ enabled: e.target.checked }, 'enabled')}
              data-testid="rule-form-enabled"
            />
            Enabled: raises alerts
          </label>
        </div>
      </fieldset>

      <FormFooter
        method={rule === null ? 'rules.create' : 'rules.update'}
        saveLabel={rule === null ? 'Add rule' : 'Save changes'}
        pending={pending}
        saveTestId="rule-save"
        onCancel={onDone}
        cancelTestId="rule-form-cancel"
      />
    </form>
  );
}
