import type { ProbeConfigOf } from '../../../shared/contract/monitors';

export type JsonCondition = NonNullable<ProbeConfigOf<'http'>['jsonPath']>;

type Lookup = { found: true; value: unknown } | { found: false };

/** Follows "$.a.b[0].c" (the only syntax the contract accepts) into a parsed JSON value. */
export function lookupJsonPath(root: unknown, path: string): Lookup {
  let current: unknown = root;
  for (const [, key, index] of path.slice(1).matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)) {
    if (key !== undefined) {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, key))
        return { found: false };
      current = (current as Record<string, unknown>)[key];
    } else {
      const position = Number(index);
      if (!Array.isArray(current) || position >= current.length) return { found: false };
      current = current[position];
    }
  }
  return { found: true, value: current };
}

/** Strings compare as themselves; numbers, booleans, null and objects as their JSON text ("3", "true"). */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  if (text.length <= 80) return text;
  // Cut before a pair that would be split: half of one is a broken character in the alert text.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(76)) ? 76 : 77;
  return `${text.slice(0, end)}...`;
}

function contains(value: unknown, wanted: string): boolean {
  if (Array.isArray(value)) return value.some((item) => asText(item) === wanted);
  return asText(value).includes(wanted);
}

/** Null when the body meets the condition, otherwise what is wrong, in words. */
export function jsonConditionProblem(condition: JsonCondition, bodyText: string): string | null {
  let root: unknown;
  try {
    root = JSON.parse(bodyText);
  } catch (error) {
    return `the answer is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const lookup = lookupJsonPath(root, condition.path);
  // A missing path fails every operator, notEquals too: a health document without its field is not healthy.
  if (!lookup.found) return `JSON path ${condition.path} not found in the answer`;
  const { value } = lookup;
  switch (condition.op) {
    case 'exists':
      return null;
    case 'equals':
      return asText(value) === condition.value ? null : `${condition.path} is ${shown(value)}, expected ${JSON.stringify(condition.value)}`;
    case 'notEquals':
      return asText(value) !== condition.value ? null : `${condition.path} is ${shown(value)}, expected anything else`;
    case 'contains':
      return contains(value, condition.value)
        ? null
        : `${condition.path} is ${shown(value)}, expected it to contain ${JSON.stringify(condition.value)}`;
  }
}
