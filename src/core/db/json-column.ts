import { customType } from 'drizzle-orm/sqlite-core';
import type { z } from 'zod';

/**
 * A stored JSON value that is not JSON or does not match its schema: a row an older or newer
 * version wrote, or an edit by hand. Thrown while rows are read, so the query that met it fails
 * (the dispatcher answers `internal` and logs this message) and nothing malformed reaches a console.
 * The message names the table and column but never the value, which may hold a secret.
 */
export class StoredValueError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
    problem: string,
  ) {
    super(`${table}.${column} holds a value that ${problem}`);
    this.name = 'StoredValueError';
  }
}

/**
 * A TEXT column holding the JSON of a contract value: stringified on write, parsed and checked with
 * `schema` on read, so rows carry the contract's types and no read site parses by hand. SQL NULL
 * stays null (drizzle calls neither direction for it).
 *
 * `validate: false` is for the few columns read on the hot paths (every board snapshot reads every
 * monitor's probe and tags; a restart reads every monitor state): their values were checked by the
 * contract on the way in, and a schema check per row there costs more than the rest of the read
 * (see notes), so they are only parsed as JSON. Text that is not JSON still fails the same way.
 */
export function jsonColumn<S extends z.ZodType>(
  table: string,
  column: string,
  schema: S,
  options: { validate: boolean } = { validate: true },
) {
  return customType<{ data: z.output<S>; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (stored) => {
      let json: unknown;
      try {
        json = JSON.parse(stored);
      } catch {
        throw new StoredValueError(table, column, 'is not JSON');
      }
      if (!options.validate) return json as z.output<S>;
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
        throw new StoredValueError(table, column, `does not match its schema${at}: ${issue?.message ?? 'invalid'}`);
      }
      return parsed.data;
    },
  })(column);
}
