import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';

/** Column kinds whose stored value is already the row's value (drizzle's decoding of them is the identity). */
const STORED_AS_IS = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal']);

/**
 * One prepared "every row of the table" for the reads on the board's and core start's hot paths
 * (every monitor, every monitor state, every site), skipping drizzle's per-row result mapping,
 * which costs more than the read itself there. The column list and each column's decoding
 * (booleans from 0/1, JSON columns parsed and checked as their `jsonColumn` says) come from the
 * drizzle table once, so the rows are the same typed rows `db.select()` gives, from one schema.
 */
export function prepareSelectAll<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
  ...orderBy: SQLiteColumn[]
): () => T['$inferSelect'][] {
  return prepareSelectWhere(sqlite, table, '', ...orderBy);
}

/** The same, for the rows `where` (an SQL condition with `?` parameters, given at each call) picks. */
export function prepareSelectWhere<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
  where: string,
  ...orderBy: SQLiteColumn[]
): (...params: unknown[]) => T['$inferSelect'][] {
  const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  const keys = columns.map(([key]) => key);
  const decoders = columns.map(([, column]) =>
    STORED_AS_IS.has(column.columnType) ? null : (stored: unknown) => (stored === null ? null : column.mapFromDriverValue(stored)),
  );
  const statement = sqlite
    .prepare(
      `SELECT ${columns.map(([, column]) => `"${column.name}"`).join(', ')} FROM "${getTableName(table)}"` +
        (where ? ` WHERE ${where}` : '') +
        (orderBy.length > 0 ? ` ORDER BY ${orderBy.map((column) => `"${column.name}"`).join(', ')}` : ''),
    )
    .raw(true);
  return (...params) =>
    (statement.all(...params) as unknown[][]).map((stored) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const decode = decoders[i];
        row[keys[i]!] = decode ? decode(stored[i]) : stored[i];
      }
      return row as T['$inferSelect'];
    });
}
