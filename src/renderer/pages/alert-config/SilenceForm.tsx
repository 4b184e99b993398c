import { useState, type FormEvent } from 'react';
import type { Silence, SilenceSpec } from '../../../shared/contract';
import { useAlertConfigCommand, useSilencePreview } from '../../api/alert-config-queries';
import { useEffectiveSettings } from '../../api/queries';
import { FormErrors, FormField, type FieldAttributes } from '../../components/FormField';
import { TimeInput } from '../../forms/TimeInput';
import { timeZoneLabel } from '../../format/time';
import { NumberInput } from '../../forms/NumberInput';
import { ScopeFields } from './ScopeFields';
import {
  draftFromSilence,
  emptySilenceDraft,
  oneOffFromNow,
  silenceFormFields,
  SILENCE_KIND_LABEL,
  validateSilenceDraft,
  type ScheduleKind,
  type SilenceDraft,
  type SilenceKind,
} from './silence-form-model';
import { SilencePreviewResult, type ShownPreview } from './SilencePreviewResult';
import { useDraftForm } from '../../forms/use-draft-form';
import { maxLengthOf } from '../../format/field-limits';
import { SilenceInput } from '../../../shared/contract';
import { FormFooter } from '../../forms/FormFooter';

const SCHEDULE_LABEL: Record<ScheduleKind, string> = {
  once: 'One-off: from a start to an end',
  recurring: 'Recurring: on a cron schedule',
  flexible: 'Flexible: starts on the first failure inside a window',
};

const QUICK_HOURS = [1, 4] as const;

/**
 * Create or edit a silence or maintenance window. Preview asks core which current alerts it would
 * match; a Save that would silence alerts the operator has not seen shows them first and waits for
 * a second Save.
 */
export function SilenceForm({ silence, onDone }: { silence: Silence | null; onDone(): void }) {
  const { timeZone } = useEffectiveSettings();
  const create = useAlertConfigCommand('silences.create');
  const update = useAlertConfigCommand('silences.update');
  const previewCall = useSilencePreview();
  const [preview, setPreview] = useState<ShownPreview | null>(null);
  const form = useDraftForm({
    initial: () => (silence === null ? emptySilenceDraft(Date.now(), timeZone) : draftFromSilence(silence, Date.now(), timeZone)),
    validate: (draft: SilenceDraft) => validateSilenceDraft(draft, timeZone),
    shownFields: silenceFormFields,
    nestedUnder: 'silence',
    idPrefix: 'silence',
  });
  // A preview speaks for the input it was asked with: any edit takes it away.
  const edit = (patch: Partial<SilenceDraft>, field: string) => {
    form.edit(patch, field);
    setPreview(null);
  };
  const fields = { ...form, edit };
  const { draft, fieldProps } = form;
  const pending = create.isPending || update.isPending || previewCall.isPending;
  const title = silence === null ? 'New silence or maintenance window' : `Edit “${silence.comment}”`;
  const zone = timeZoneLabel(timeZone);

  const save = (input: SilenceSpec) => {
    if (silence === null) create.mutate(input, { onSuccess: onDone, onError: form.showServerError });
    else update.mutate({ id: silence.id, silence: input }, { onSuccess: onDone, onError: form.showServerError });
  };

  const askPreview = (input: SilenceSpec, beforeSave: boolean) =>
    previewCall.mutate(input, {
      onSuccess: (result) => {
        if (beforeSave && result.matches.length === 0) save(input);
        else setPreview({ result, askedAt: Date.now(), beforeSave });
      },
      onError: form.showServerError,
    });

  const showPreview = () => {
    const input = form.inputToSend();
    if (input !== null) askPreview(input, false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = form.inputToSend();
    if (input === null) return;
    // A preview on screen is of this very input (edits clear it): the operator has seen what it silences.
    if (preview !== null) save(input);
    else askPreview(input, true);
  };

  const datetime =
    (key: 'startsAt' | 'endsAt' | 'windowStartsAt' | 'windowEndsAt', field: string, testId: string) => (attributes: FieldAttributes) => (
      <TimeInput {...attributes} value={draft[key]} onChange={(value) => edit({ [key]: value }, field)} data-testid={testId} />
    );
  const duration = (
    <FormField {...fieldProps('schedule.durationMinutes')} label="Lasts (min)" hint="Up to 7 days (10,080 minutes).">
      {(a) => (
        <NumberInput
          attributes={a}
          value={draft.durationMinutes}
          onChange={(value) => edit({ durationMinutes: value }, 'schedule.durationMinutes')}
          testId="silence-form-duration"
        />
      )}
    </FormField>
  );
  const saveLabel = (): string => {
    const waiting = preview?.beforeSave ? preview.result.matches.length : 0;
    if (waiting > 0) return `Save and silence ${waiting === 1 ? '1 alert' : `${waiting} alerts`}`;
    return silence === null ? 'Add' : 'Save changes';
  };

  return (
    <form className="panel entity-form alert-config-form" onSubmit={submit} noValidate aria-label={title} data-testid="silence-form">
      <h3 className="panel__title">{title}</h3>
      <FormErrors title="Not saved:" messages={form.formErrors} testId="silence-form-errors" />
      <fieldset className="form-section">
        <legend className="form-section__title">What and why</legend>
        <FormField
          {...fieldProps('kind')}
          label="Kind"
          hint="Both mute the alerts in scope; a maintenance window is planned work, and says so on every alert it covers."
        >
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.kind}
              onChange={(e) => edit({ kind: e.target.value as SilenceKind }, 'kind')}
              data-testid="silence-form-kind"
            >
              {(Object.keys(SILENCE_KIND_LABEL) as SilenceKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {SILENCE_KIND_LABEL[kind]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          {...fieldProps('comment')}
          label="Comment"
          hint="Required: shown on every alert it silences. Say why, and who to ask."
          className="form-row--wide"
        >
          {(a) => (
            <input
              {...a}
              className="input"
              value={draft.comment}
              onChange={(e) => edit({ comment: e.target.value }, 'comment')}
              autoComplete="off"
              autoFocus
              maxLength={maxLengthOf(SilenceInput, 'comment')}
              data-testid="silence-form-comment"
            />
          )}
        </FormField>
        <ScopeFields
          form={fields}
          // "Everything" is kept for a silence made that way elsewhere, never offered for a new one.
          kinds={silence?.scope.kind === 'all' ? ['all', 'site', 'monitor', 'tag'] : ['site', 'monitor', 'tag']}
          testIdPrefix="silence-form"
          hint="A site or monitor includes everything below it: a site's monitors, a monitor's children."
        />
      </fieldset>

      <fieldset className="form-section">
        <legend className="form-section__title">When ({zone})</legend>
        <FormField {...fieldProps('schedule')} label="Schedule" className="form-row--wide">
          {(a) => (
            <select
              {...a}
              className="input"
              value={draft.scheduleKind}
              onChange={(e) => edit({ scheduleKind: e.target.value as ScheduleKind }, 'schedule')}
              data-testid="silence-form-schedule"
            >
              {(Object.keys(SCHEDULE_LABEL) as ScheduleKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {SCHEDULE_LABEL[kind]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {draft.scheduleKind === 'once' ? (
          <>
            <FormField {...fieldProps('schedule.startsAt')} label={`Starts (${zone})`}>
              {datetime('startsAt', 'schedule.startsAt', 'silence-form-starts')}
            </FormField>
            <FormField {...fieldProps('schedule.endsAt')} label={`Ends (${zone})`}>
              {datetime('endsAt', 'schedule.endsAt', 'silence-form-ends')}
            </FormField>
            <div className="form-row">
              <span className="form-row__label">Quick</span>
              <span className="form-actions">
                {QUICK_HOURS.map((hours) => (
                  <button
                    key={hours}
                    type="button"
                    className="button button--small"
                    onClick={() => edit(oneOffFromNow(Date.now(), hours, timeZone), 'schedule.startsAt')}
                    data-testid={`silence-form-now-${hours}h`}
                  >
                    Now for {hours} h
                  </button>
                ))}
              </span>
            </div>
          </>
        ) : null}
        {draft.scheduleKind === 'recurring' ? (
          <>
            <FormField
              {...fieldProps('schedule.cron')}
              label="Cron line"
              hint="minute hour day month weekday, e.g. 0 2 * * 0 = Sundays 02:00."
            >
              {(a) => (
                <input
                  {...a}
                  className="input mono"
                  value={draft.cron}
                  placeholder="0 2 * * 0"
                  onChange={(e) => edit({ cron: e.target.value }, 'schedule.cron')}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={maxLengthOf(SilenceInput, 'schedule.cron')}
                  data-testid="silence-form-cron"
                />
              )}
            </FormField>
            {duration}
          </>
        ) : null}
        {draft.scheduleKind === 'flexible' ? (
          <>
            <p className="form-row__hint form-row--wide">
              Starts when a monitor in scope first fails inside the window, and lasts its duration from then.
            </p>
            <FormField {...fieldProps('schedule.windowStartsAt')} label={`Window opens (${zone})`}>
              {datetime('windowStartsAt', 'schedule.windowStartsAt', 'silence-form-window-starts')}
            </FormField>
            <FormField {...fieldProps('schedule.windowEndsAt')} label={`Window closes (${zone})`}>
              {datetime('windowEndsAt', 'schedule.windowEndsAt', 'silence-form-window-ends')}
            </FormField>
            {duration}
          </>
        ) : null}
      </fieldset>

      {preview ? <SilencePreviewResult preview={preview} timeZone={timeZone} /> : null}

      <FormFooter
        method={silence === null ? 'silences.create' : 'silences.update'}
        saveLabel={saveLabel()}
        pending={pending}
        saving={create.isPending || update.isPending}
        saveTestId="silence-save"
        onCancel={onDone}
        cancelTestId="silence-form-cancel"
      >
        <button type="button" className="button" disabled={pending} onClick={showPreview} data-testid="silence-preview">
          {previewCall.isPending ? 'Asking core…' : 'Preview'}
        </button>
      </FormFooter>
    </form>
  );
}
