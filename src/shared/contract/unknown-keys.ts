import type { z } from 'zod';

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  for (let def = defOf(node); ; def = defOf(node)) {
    if (WRAPPERS.has(def.type)) node = def.innerType as z.ZodType;
    else if (def.type === 'pipe') node = def.in as z.ZodType;
    else return node;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The union member a value was meant for: the object whose literal fields (its `kind`, say) the value carries. */
function memberFor(options: readonly z.ZodType[], value: unknown): z.ZodType | null {
  if (!isRecord(value)) return null;
  for (const option of options) {
    const def = defOf(unwrap(option));
    if (def.type !== 'object') continue;
    const literals = Object.entries(def.shape as Record<string, z.ZodType>).filter(([, field]) => defOf(field).type === 'literal');
    const matches = literals.every(([key, field]) => (defOf(field).values as unknown[]).includes(value[key]));
    if (literals.length > 0 && matches) return option;
  }
  return null;
}

/** The keys the object at `path` of `input` may have, following the schema the way parsing did; null when it cannot tell. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown): string[] | null {
  let node = unwrap(schema);
  let value = input;
  for (let step = 0; ; step += 1) {
    let def = defOf(node);
    if (def.type === 'union') {
      const member = memberFor(def.options as z.ZodType[], value);
      if (member === null) return null;
      node = unwrap(member);
      def = defOf(node);
    }
    if (step === path.length) return def.type === 'object' ? Object.keys(def.shape as object) : null;
    const segment = path[step];
    if (def.type === 'object' && typeof segment === 'string') {
      const field = (def.shape as Record<string, z.ZodType>)[segment];
      if (field === undefined) return null;
      node = unwrap(field);
      value = isRecord(value) ? value[segment] : undefined;
    } else if (def.type === 'array' && typeof segment === 'number') {
      node = unwrap(def.element as z.ZodType);
      value = Array.isArray(value) ? (value as unknown[])[segment] : undefined;
    } else {
      return null;
    }
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known key an unknown one is most likely a typo of (case, or up to two letters off); null when none is close. */
export function closestKey(unknown: string, known: readonly string[]): string | null {
  const lower = unknown.toLowerCase();
  const sameLetters = known.find((key) => key.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  // Long keys only: "id" is two letters from almost anything.
  if (unknown.length < 4 || unknown.length > 64) return null;
  let best: { key: string; distance: number } | null = null;
  for (const key of known) {
    const distance = editDistance(lower, key.toLowerCase());
    if (distance <= 2 && (best === null || distance < best.distance)) best = { key, distance };
  }
  return best?.key ?? null;
}
