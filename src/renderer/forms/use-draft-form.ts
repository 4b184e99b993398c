import { useState } from 'react';
import { fieldInputId } from '../components/FormField';
import { isTransportError } from '../transport/transport';
import { errorsAsFieldList, placeErrors, type DraftValidation, type FieldErrors } from './form-model';

interface DraftFormOptions<D, T> {
  /** The first draft, or how to make it (once, as useState does: a draft may start from the clock). */
  initial: D | (() => D);
  validate: (draft: D) => DraftValidation<T>;
  /** The contract paths the form shows for this draft (some depend on a choice, such as the condition kind). */
  shownFields: (draft: D) => readonly string[];
  /** The key an update command nests the entity under ("rule" in rules.update): dropped from core's paths. */
  nestedUnder: string;
  /** Keeps input ids apart between forms that share field names (scope, name). */
  idPrefix: string;
}

/**
 * The state every draft form shares (alert configuration, backups, SOPs), as the monitor form does it: a field's error shows once
 * it was touched (every error after a Save), core's invalid_input fields land beside the same
 * fields, and whatever no field covers is listed on top.
 */
export function useDraftForm<D, T>({ initial, validate, shownFields, nestedUnder, idPrefix }: DraftFormOptions<D, T>) {
  const [draft, setDraft] = useState<D>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);

  const validation = validate(draft);
  const shown = shownFields(draft);
  const client = placeErrors(validation.ok ? [] : errorsAsFieldList(validation.errors), shown, nestedUnder);
  const errorFor = (field: string): string | undefined =>
    serverErrors[field] ?? (showAll || touched.has(field) ? client.byField[field] : undefined);
  const fieldId = (field: string): string => fieldInputId(`${idPrefix}-${field}`);

  const focusFirst = (byField: FieldErrors) => {
    const first = shown.find((field) => field in byField);
    if (first !== undefined) document.getElementById(fieldId(first))?.focus();
  };

  const edit = (patch: Partial<D>, field: string) => {
    setDraft((previous) => ({ ...previous, ...patch }));
    setTouched((previous) => new Set(previous).add(field));
    setServerErrors((previous) => {
      const { [field]: _cleared, ...rest } = previous;
      return rest;
    });
    setFormErrors([]);
  };

  /** The input to send; null after showing every error and moving focus to the first one. */
  const inputToSend = (): T | null => {
    if (validation.ok) return validation.input;
    setShowAll(true);
    setFormErrors(client.unplaced);
    focusFirst(client.byField);
    return null;
  };

  const showServerError = (error: Error) => {
    const fields = isTransportError(error) ? error.fields : [];
    const placed = placeErrors(fields, shown, nestedUnder);
    setServerErrors(placed.byField);
    setFormErrors(fields.length === 0 ? [error.message] : placed.unplaced);
    focusFirst(placed.byField);
  };

  /** What a FormField needs for one field: its path, its input id and its error. */
  const fieldProps = (field: string) => ({ field, id: fieldId(field), error: errorFor(field) });

  return { draft, edit, errorFor, fieldId, fieldProps, formErrors, inputToSend, showServerError };
}

/** The part of a draft form that field groups (scope, schedule, channel kinds) are given. */
export interface DraftFields<D> {
  draft: D;
  edit: (patch: Partial<D>, field: string) => void;
  errorFor: (field: string) => string | undefined;
  fieldId: (field: string) => string;
  fieldProps: (field: string) => { field: string; id: string; error: string | undefined };
}
