import { useState, type FormEvent } from 'react';
import { useEffectiveSettings } from '../../api/queries';
import { TimeInput } from '../../forms/TimeInput';
import { timeZoneLabel } from '../../format/time';
import { EMPTY_AUDIT_FILTERS, useViewStore, type AuditFilters } from '../../state/view-store';
import { auditQueryFromFilters } from './audit-query';
import { maxLengthOf } from '../../format/field-limits';
import { AuditListInput } from '../../../shared/contract';

const TEXT_FILTERS = [
  { key: 'actor', label: 'Actor', placeholder: 'e.g. local-operator' },
  { key: 'action', label: 'Action', placeholder: 'e.g. settings.set' },
  { key: 'target', label: 'Target', placeholder: 'exact target' },
] as const;

/** Filters apply on submit (Enter or the button), not per keystroke: an exact-match query of half a word finds nothing. */
export function AuditFilterForm() {
  const applied = useViewStore((state) => state.auditFilters);
  const applyAuditFilters = useViewStore((state) => state.applyAuditFilters);
  const { timeZone } = useEffectiveSettings();
  const [draft, setDraft] = useState<AuditFilters>(applied);
  const [rangeError, setRangeError] = useState<{ field: 'from' | 'to'; message: string } | null>(null);

  const update = (key: keyof AuditFilters, value: string) => {
    setDraft((previous) => ({ ...previous, [key]: value }));
    setRangeError(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = auditQueryFromFilters(draft, timeZone);
    if (!result.ok) {
      setRangeError({ field: result.field, message: result.message });
      return;
    }
    applyAuditFilters(draft);
  };

  const clear = () => {
    setDraft(EMPTY_AUDIT_FILTERS);
    setRangeError(null);
    applyAuditFilters(EMPTY_AUDIT_FILTERS);
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Audit filters" data-testid="audit-filters">
      {TEXT_FILTERS.map(({ key, label, placeholder }) => (
        <label key={key} className="field">
          <span className="field__label">{label}</span>
          <input
            className="input"
            type="text"
            value={draft[key]}
            placeholder={placeholder}
            onChange={(e) => update(key, e.target.value)}
            maxLength={maxLengthOf(AuditListInput, key)}
            data-testid={`audit-filter-${key}`}
          />
        </label>
      ))}
      {(['from', 'to'] as const).map((key) => (
        <label key={key} className="field">
          <span className="field__label">
            {key === 'from' ? 'From' : 'To'} ({timeZoneLabel(timeZone)})
          </span>
          <TimeInput
            value={draft[key]}
            onChange={(value) => update(key, value)}
            aria-invalid={rangeError?.field === key ? true : undefined}
            aria-describedby={rangeError?.field === key ? 'audit-range-error' : undefined}
            data-testid={`audit-filter-${key}`}
          />
        </label>
      ))}
      <div className="filters__actions">
        <button type="submit" className="button button--primary" data-testid="audit-apply">
          Apply filters
        </button>
        <button type="button" className="button" onClick={clear} data-testid="audit-clear">
          Clear
        </button>
      </div>
      {rangeError ? (
        <p className="field__error filters__error" id="audit-range-error" role="alert">
          {rangeError.message}
        </p>
      ) : null}
    </form>
  );
}
