import { z } from 'zod';
import { closestKey, knownKeysAt } from './unknown-keys';

/** Every error a caller can see. The code is for programs, the message for people. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'payload_too_large',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** One problem with one field; `line` is set when the input was a file (an import). */
export const FieldProblem = z.object({ path: z.string(), message: z.string(), line: z.number().int().optional() });
export type FieldProblem = z.infer<typeof FieldProblem>;

/** One side of a stale configuration edit as a person reads it: its version and label -> shown value (secrets masked). */
export const ConfigVersion = z.object({ version: z.number().int().min(0), fields: z.record(z.string(), z.string()) });
export type ConfigVersion = z.infer<typeof ConfigVersion>;

/**
 * A configuration edit refused because it was based on an older version: `basedOn` is the refused
 * edit (what the person made of the version they loaded, which `version` names), `current` what is
 * stored now. Shown side by side, so the person keeps theirs or takes the current one.
 */
export const VersionConflict = z.object({ basedOn: ConfigVersion, current: ConfigVersion });
export type VersionConflict = z.infer<typeof VersionConflict>;

export const ContractError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** For invalid_input: the offending field paths and what is wrong with each. */
  fields: z.array(FieldProblem).optional(),
  /** For a conflict of a configuration edit: the refused edit and what is stored now. */
  versions: VersionConflict.optional(),
});
export type ContractError = z.infer<typeof ContractError>;

export const Envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ContractError }),
]);
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Thrown by core code to fail a call with a specific code; the dispatcher turns it into an envelope. */
export class WatchroomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
    readonly versions?: VersionConflict,
  ) {
    super(message);
    this.name = 'WatchroomError';
  }

  toContractError(): ContractError {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.versions ? { versions: this.versions } : {}),
    };
  }
}

/** What was parsed and against which schema: lets a refusal of an unknown key suggest the key that was meant. */
export interface ParseContext {
  schema: z.ZodType;
  input: unknown;
}

/**
 * Renders zod issues as field paths a form can attach messages to ("" is the whole input). An
 * unknown key becomes one problem per key, at the key's own path, so an import can name its line;
 * with the parse context it also names the key that was probably meant.
 */
export function fieldsFromZodError(error: z.ZodError, context?: ParseContext): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    // A key in the path may itself be a broken string (an import's JSON can spell one as \ud800): the refusal stays well-formed.
    const path = issue.path.map((part) => String(part).toWellFormed());
    if (issue.code !== 'unrecognized_keys') return [{ path: path.join('.'), message: issue.message }];
    const known = context ? knownKeysAt(context.schema, issue.path, context.input) : null;
    return issue.keys.map((key) => {
      const named = key.toWellFormed();
      const meant = known ? closestKey(key, known) : null;
      const hint = meant === null ? 'check its spelling' : `did you mean "${meant}"?`;
      return { path: [...path, named].join('.'), message: `"${named}" is not a known field; ${hint}` };
    });
  });
}

export function invalidInput(error: z.ZodError, context?: ParseContext): WatchroomError {
  const fields = fieldsFromZodError(error, context);
  const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ');
  return new WatchroomError('invalid_input', `Invalid input: ${summary}`, fields);
}

/** Largest serialized input core accepts on any transport. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
