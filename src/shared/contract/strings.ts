import { z } from 'zod';
import type { ContractError } from './errors';

const BROKEN_CHARACTER = 'contains a broken character (a lone UTF-16 surrogate); retype or paste it again';

/**
 * The one well-formed check every contract string carries. It is a single shared instance so a
 * test can tell a checked string schema from an unchecked one (test/support/schema-walk.ts). zod's
 * string formats (z.url, z.email) take it with `.check(wellFormed)`: `new URL` alone accepts a lone
 * surrogate.
 */
export const wellFormed = z.refine<string>((value) => value.isWellFormed(), { message: BROKEN_CHARACTER });

/**
 * A string at the contract: well-formed Unicode only. A lone UTF-16 surrogate cannot be stored
 * as text (SQLite replaces it with U+FFFD), so a value that hashed one way would read back
 * another; it is refused at the boundary instead. Chain limits as usual: `text().max(200)`.
 */
export function text() {
  return z.string().check(wellFormed);
}

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * Where the first string that is not well-formed Unicode sits in a value (object keys included):
 * its path, the broken key itself last when the key is the culprit; null when there is none.
 * Walks with its own stack and parent links, so a deeply nested input can neither overflow the
 * call stack nor cost a copy of its path per element.
 */
export function findBrokenString(value: unknown): (string | number)[] | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const visit = next;
    const current = visit.value;
    if (typeof current === 'string') {
      if (!current.isWellFormed()) return pathOf(visit);
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, key: index, parent: visit }));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        if (!key.isWellFormed()) return [...pathOf(visit), key];
        pending.push({ value: item, key, parent: visit });
      }
    }
  }
  return null;
}

/**
 * The refusal of an input with a broken string anywhere in it (keys and z.unknown() payloads
 * included), checked before any schema; null when the input is sound. Main's call gate and core's
 * dispatcher give the same answer.
 */
export function refuseBrokenString(method: string, input: unknown): ContractError | null {
  const path = findBrokenString(input);
  if (path === null) return null;
  // A broken key is named with U+FFFD in its place: the refusal itself must be well-formed.
  const where = path.map((part) => (typeof part === 'string' ? part.toWellFormed() : part)).join('.');
  return {
    code: 'invalid_input',
    message: `The input of ${method} ${where ? `has a broken character in "${where}"` : 'is a broken character'} (a lone UTF-16 surrogate); retype or paste it again`,
    fields: [{ path: where, message: BROKEN_CHARACTER }],
  };
}
