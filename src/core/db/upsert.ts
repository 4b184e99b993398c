import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';

/**
 * One prepared "insert, or on conflict overwrite every other column" for rows written whole on a hot
 * path (an alert per change, monitor states per flush), skipping drizzle's per-call query building.
 * The column list and each value's encoding (booleans as 0/1, JSON columns stringified) come from
 * the drizzle table, so a column added to the schema is written with no edit here.
 */
export function prepareUpsert<T extends SQLiteTable>(
  sqlite: Database.Database,
  table: T,
  conflictColumn: SQLiteColumn,
): (row: T['$inferSelect']) => void {
  const columns = Object.entries(getTableColumns(table)) as [string, SQLiteColumn][];
  const updated = columns.filter(([, column]) => column.name !== conflictColumn.name);
  const statement = sqlite.prepare(
    `INSERT INTO "${getTableName(table)}" (${columns.map(([, column]) => `"${column.name}"`).join(', ')})
     VALUES (${columns.map(([key]) => `@${key}`).join(', ')})
     ON CONFLICT ("${conflictColumn.name}") DO UPDATE SET ${updated.map(([, column]) => `"${column.name}" = excluded."${column.name}"`).join(', ')}`,
  );
  return (row) => {
    const values = row as Record<string, unknown>;
    const params: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = values[key];
      params[key] = value === null || value === undefined ? null : column.mapToDriverValue(value);
    }
    statement.run(params);
  };
}
