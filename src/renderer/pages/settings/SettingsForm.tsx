import { useState, type FormEvent } from 'react';
import { Settings } from '../../../shared/contract';
import { useSaveSettings } from '../../api/queries';
import { formatClock } from '../../format/time';
import { isTransportError } from '../../transport/transport';
import {
  draftFromSettings,
  isSettingsField,
  patchFromDraft,
  validateDraft,
  type FieldErrors,
  type SettingsDraft,
  type SettingsField,
} from './settings-form-model';
import { FormField } from '../../components/FormField';
import { maxLengthOf } from '../../format/field-limits';
import { CommandButton } from '../../components/CommandButton';

const INPUT_ID: Record<SettingsField, string> = {
  consoleName: 'settings-consoleName',
  timeZone: 'settings-timeZone',
  uiScale: 'settings-uiScale',
  healthRefreshSeconds: 'settings-healthRefreshSeconds',
  retentionRawDays: 'settings-retentionRawDays',
  retentionMinuteDays: 'settings-retentionMinuteDays',
  retentionHourDays: 'settings-retentionHourDays',
  retentionDayYears: 'settings-retentionDayYears',
  retentionRecordsDays: 'settings-retentionRecordsDays',
  retentionSecurityDays: 'settings-retentionSecurityDays',
  retentionLogDays: 'settings-retentionLogDays',
};

type RetentionField =
  | 'retentionRawDays'
  | 'retentionMinuteDays'
  | 'retentionHourDays'
  | 'retentionDayYears'
  | 'retentionRecordsDays'
  | 'retentionSecurityDays'
  | 'retentionLogDays';

/** How long probe history is kept at each resolution; the hints say what each one feeds. */
const RETENTION_FIELDS: readonly { field: RetentionField; label: string; hint: string; min: number; max: number }[] = [
  {
    field: 'retentionRawDays',
    label: 'Every single result (days)',
    hint: 'Each probe result as it came in, for looking into a single failure: 2 to 90 days.',
    min: 2,
    max: 90,
  },
  {
    field: 'retentionMinuteDays',
    label: 'Per-minute summaries (days)',
    hint: 'The 1 h and 24 h charts read these: 1 to 365 days.',
    min: 1,
    max: 365,
  },
  {
    field: 'retentionHourDays',
    label: 'Per-hour summaries (days)',
    hint: 'The 7 d and 30 d charts and uptimes read these: 31 to 3,650 days.',
    min: 31,
    max: 3650,
  },
  { field: 'retentionDayYears', label: 'Per-day summaries (years)', hint: 'Long-term uptime: 1 to 20 years.', min: 1, max: 20 },
  {
    field: 'retentionRecordsDays',
    label: 'Alerts, incidents and the audit log (days)',
    hint: 'Resolved ones only; 2,555 days is 7 years: 365 to 7,300 days.',
    min: 365,
    max: 7300,
  },
  {
    field: 'retentionSecurityDays',
    label: 'Security events (days)',
    hint: 'Failed sign-ins, locks and the other events the Security page lists: 30 to 3,650 days.',
    min: 30,
    max: 3650,
  },
  { field: 'retentionLogDays', label: 'Log file (days)', hint: "The console's own log: 1 to 3,650 days.", min: 1, max: 3650 },
];

/**
 * Holds only the fields the operator has edited, on top of core's current settings, so a change
 * made from another console shows up in every field this operator has not touched.
 */
export function SettingsForm({ current }: { current: Settings }) {
  const save = useSaveSettings();
  const [edits, setEdits] = useState<Partial<SettingsDraft>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [showAllErrors, setShowAllErrors] = useState(false);

  const saved = draftFromSettings(current);
  const draft: SettingsDraft = { ...saved, ...edits };
  const changed = (Object.keys(edits) as SettingsField[]).some((field) => edits[field] !== saved[field]);
  const clientErrors = validateDraft(draft);
  const errorFor = (field: SettingsField): string | undefined =>
    serverErrors[field] ?? (showAllErrors || field in edits ? clientErrors[field] : undefined);

  const edit = (field: SettingsField, value: string) => {
    setEdits((previous) => ({ ...previous, [field]: value }));
    setServerErrors((previous) => ({ ...previous, [field]: undefined }));
    setFormError(null);
    setSavedAt(null);
  };

  const discard = () => {
    setEdits({});
    setServerErrors({});
    setFormError(null);
    setShowAllErrors(false);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const firstInvalid = (Object.keys(clientErrors) as SettingsField[])[0];
    if (firstInvalid) {
      setShowAllErrors(true);
      document.getElementById(INPUT_ID[firstInvalid])?.focus();
      return;
    }
    const patch = patchFromDraft(draft, current);
    if (Object.keys(patch).length === 0) {
      setEdits({});
      return;
    }
    save.mutate(patch, {
      onSuccess: () => {
        setEdits({});
        setShowAllErrors(false);
        setSavedAt(Date.now());
      },
      onError: (error) => {
        const fields = isTransportError(error) ? error.fields : [];
        const byField: FieldErrors = {};
        const unplaced: string[] = [];
        for (const { path, message } of fields) {
          if (isSettingsField(path)) byField[path] = message;
          else unplaced.push(message);
        }
        setServerErrors(byField);
        setFormError(fields.length === 0 || unplaced.length > 0 ? `Not saved: ${unplaced.join('; ') || error.message}` : null);
      },
    });
  };

  const consoleNameLength = draft.consoleName.trim().length;

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="settings-form" aria-label="Console settings">
      <FormField
        field="consoleName"
        id={INPUT_ID.consoleName}
        label="Console name"
        hint={`Shown in the header, the status bar and the window title (${consoleNameLength}/60).`}
        error={errorFor('consoleName')}
      >
        {(attributes) => (
          <input
            {...attributes}
            className="input"
            type="text"
            value={draft.consoleName}
            onChange={(e) => edit('consoleName', e.target.value)}
            maxLength={maxLengthOf(Settings, 'consoleName')}
            autoComplete="off"
            data-testid="settings-consoleName"
          />
        )}
      </FormField>
      <FormField
        field="timeZone"
        id={INPUT_ID.timeZone}
        label="Show times in"
        hint="Applies to every time on every page."
        error={errorFor('timeZone')}
      >
        {(attributes) => (
          <select {...attributes} className="input" value={draft.timeZone} onChange={(e) => edit('timeZone', e.target.value)}>
            <option value="local">Local time of this workstation</option>
            <option value="utc">UTC</option>
          </select>
        )}
      </FormField>
      <FormField
        field="uiScale"
        id={INPUT_ID.uiScale}
        label="Text size"
        hint="Large and wall display sizes are for screens read from a distance."
        error={errorFor('uiScale')}
      >
        {(attributes) => (
          <select {...attributes} className="input" value={draft.uiScale} onChange={(e) => edit('uiScale', e.target.value)}>
            <option value="normal">Normal</option>
            <option value="large">Large</option>
            <option value="wall">Wall display</option>
          </select>
        )}
      </FormField>
      <FormField
        field="healthRefreshSeconds"
        id={INPUT_ID.healthRefreshSeconds}
        label="Health refresh (seconds)"
        hint="How often the Overview page reads the console's health: 1 to 300."
        error={errorFor('healthRefreshSeconds')}
      >
        {(attributes) => (
          <input
            {...attributes}
            className="input input--short"
            type="number"
            inputMode="numeric"
            min={1}
            max={300}
            step={1}
            value={draft.healthRefreshSeconds}
            onChange={(e) => edit('healthRefreshSeconds', e.target.value)}
          />
        )}
      </FormField>
      <fieldset className="settings-form__group">
        <legend className="settings-form__legend">Probe history kept</legend>
        {RETENTION_FIELDS.map(({ field, label, hint, min, max }) => (
          <FormField key={field} field={field} id={INPUT_ID[field]} label={label} hint={hint} error={errorFor(field)}>
            {(attributes) => (
              <input
                {...attributes}
                className="input input--short"
                type="number"
                inputMode="numeric"
                min={min}
                max={max}
                step={1}
                value={draft[field]}
                onChange={(e) => edit(field, e.target.value)}
                data-testid={INPUT_ID[field]}
              />
            )}
          </FormField>
        ))}
      </fieldset>
      <div className="settings-form__actions">
        <CommandButton
          method="settings.set"
          type="submit"
          className="button button--primary"
          disabled={!changed || save.isPending}
          data-testid="settings-save"
        >
          {save.isPending ? 'Saving…' : 'Save'}
        </CommandButton>
        {changed && !save.isPending ? (
          <button type="button" className="button" onClick={discard} data-testid="settings-discard">
            Discard changes
          </button>
        ) : null}
        {savedAt !== null ? (
          <p className="saved" role="status" data-testid="settings-saved">
            <span aria-hidden="true">✓ </span>Saved at {formatClock(savedAt, current.timeZone)}
          </p>
        ) : null}
      </div>
      {formError ? (
        <p className="field__error" role="alert" data-testid="settings-form-error">
          {formError}
        </p>
      ) : null}
    </form>
  );
}
