import type { z } from 'zod';
import { issueInWords, messageInWords } from '../format/validation';
import type { FieldError } from '../transport/transport';

/** Field path -> message, with the contract's paths ("scope.siteId", "config.url"). */
export type FieldErrors = Record<string, string>;

export type DraftValidation<T> = { ok: true; input: T } | { ok: false; errors: FieldErrors };

/** A whole number, or an error in words: zod's "expected number, received NaN" means nothing to an operator. */
export function readWholeNumber(path: string, raw: string, errors: FieldErrors): number | undefined {
  if (raw.trim() === '') {
    errors[path] = 'Enter a number';
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    errors[path] = 'Use a whole number';
    return undefined;
  }
  return value;
}

/** Non-empty lines, trimmed: how lists (recipients, headers) are typed. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * Checks a candidate with the contract's own schema, after the draft's own checks (numbers, choices
 * the form requires) put their errors in `errors`; the first message per path is the one kept.
 */
export function checkWithContract<S extends z.ZodType>(schema: S, candidate: unknown, errors: FieldErrors): DraftValidation<z.output<S>> {
  const parsed = schema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      errors[path] ??= issueInWords(issue);
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** The shown field an error path belongs to ("scope.siteId" -> "scope.siteId", "channelIds.0" -> "channelIds"), or null. */
function fieldForPath(path: string, shownFields: readonly string[]): string | null {
  let best: string | null = null;
  for (const field of shownFields) {
    if ((path === field || path.startsWith(`${field}.`)) && (best === null || field.length > best.length)) best = field;
  }
  return best;
}

/**
 * Errors placed beside the fields on screen. An update command nests the entity ("rule.name"), so
 * that prefix is dropped; a path no shown field covers comes back in `unplaced`, to be said on top.
 */
export function placeErrors(
  fields: readonly FieldError[],
  shownFields: readonly string[],
  nestedUnder: string,
): { byField: FieldErrors; unplaced: string[] } {
  const byField: FieldErrors = {};
  const unplaced: string[] = [];
  for (const { path, message } of fields) {
    const contractPath = path.startsWith(`${nestedUnder}.`) ? path.slice(nestedUnder.length + 1) : path;
    const field = fieldForPath(contractPath, shownFields);
    if (field === null) unplaced.push(contractPath ? `${contractPath}: ${messageInWords(message)}` : messageInWords(message));
    else byField[field] ??= messageInWords(message);
  }
  return { byField, unplaced };
}

export function errorsAsFieldList(errors: FieldErrors): FieldError[] {
  return Object.entries(errors).map(([path, message]) => ({ path, message }));
}
