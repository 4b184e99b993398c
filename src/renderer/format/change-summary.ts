const MAX_VALUE_LENGTH = 40;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as it reads in one table cell: JSON, cut short. */
export function compactValue(value: unknown): string {
  if (value === undefined) return '—';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

/**
 * One line saying what an audited command changed: `consoleName: "Control room" → "Wall 2"` for
 * each field that differs. Empty when there is nothing to compare.
 */
export function summarizeChange(before: unknown, after: unknown): string {
  if (before === undefined && after === undefined) return '';
  if (isPlainObject(before) || isPlainObject(after)) {
    const from = isPlainObject(before) ? before : {};
    const to = isPlainObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys
      .filter((key) => JSON.stringify(from[key]) !== JSON.stringify(to[key]))
      .map((key) => `${key}: ${compactValue(from[key])} → ${compactValue(to[key])}`)
      .join('; ');
  }
  return `${compactValue(before)} → ${compactValue(after)}`;
}
