import type { z } from 'zod';

/**
 * How many characters a text field takes: the contract's own limit, read from its schema, so a
 * pasted 5 MB name is cut by the browser at once instead of being checked keystroke by keystroke.
 */

/** For text no contract limits (search boxes, filters): far beyond anything typed, far below a freeze. */
export const FREE_TEXT_MAX = 500;
/** The same for lines typed one per item (headers) where the contract limits neither. */
export const FREE_LINES_MAX = 20_000;

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: readonly z.ZodType[];
  checks?: readonly { _zod: { def: { check: string; maximum?: number } } }[];
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

/** Through optional, nullable, default and pipes to the schema that holds the shape or the checks. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return current;
    current = inner;
  }
}

function child(schema: z.ZodType, key: string): z.ZodType | undefined {
  const def = defOf(unwrap(schema));
  if (def.shape) return def.shape[key];
  // A list of objects (a job's folders): the field of its items.
  if (def.element) return child(def.element, key);
  // A union of kinds (probe configs, channel configs): the first kind that has the field.
  for (const option of def.options ?? []) {
    const found = child(option, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

function maximumOf(schema: z.ZodType): number | undefined {
  return defOf(schema).checks?.find((check) => check._zod.def.check === 'max_length')?._zod.def.maximum;
}

function schemaAt(schema: z.ZodType, path: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const key of path.split('.')) {
    current = current === undefined ? undefined : child(current, key);
    if (current === undefined) return undefined;
  }
  return current === undefined ? undefined : unwrap(current);
}

/** The most characters the contract's string at `path` ("name", "probe.url") takes; FREE_TEXT_MAX where it sets none. */
export function maxLengthOf(schema: z.ZodType, path: string): number {
  const field = schemaAt(schema, path);
  return (field && maximumOf(field)) ?? FREE_TEXT_MAX;
}

/**
 * The most characters of a list typed as text ("video, gate" or one per line): every item at its
 * longest, with a separator each. `path` names the list.
 */
export function listTextMaxLengthOf(schema: z.ZodType, path: string): number {
  const list = schemaAt(schema, path);
  if (list === undefined) return FREE_TEXT_MAX;
  const element = defOf(list).element;
  const items = maximumOf(list);
  if (element === undefined || items === undefined) return FREE_TEXT_MAX;
  return items * ((maximumOf(unwrap(element)) ?? FREE_TEXT_MAX) + 2);
}
