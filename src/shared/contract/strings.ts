import { z } from 'zod';

/**
 * A string at the contract: well-formed Unicode only. A lone UTF-16 surrogate cannot be stored
 * as text (SQLite replaces it with U+FFFD), so a value that hashed one way would read back
 * another; it is refused at the boundary instead. Chain limits as usual: `text().max(200)`.
 */
export function text() {
  return z.string().refine((value) => value.isWellFormed(), {
    message: 'contains a broken character (a lone UTF-16 surrogate); retype or paste it again',
  });
}

/** True when every string anywhere in the value (object keys included) is well-formed Unicode. */
export function isWellFormedDeep(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (value === null || typeof value !== 'object' || depth > 64) return true;
  if (Array.isArray(value)) return value.every((item) => isWellFormedDeep(item, depth + 1));
  return Object.entries(value).every(([key, item]) => key.isWellFormed() && isWellFormedDeep(item, depth + 1));
}
