import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ReplicatedTableSpec } from './tables';

/** A row as it travels: SQL column name to value; blobs as base64 strings. */
export type WireRow = Record<string, unknown>;

export function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The columns a feed or snapshot reads, plus the key as the trigger encodes it. */
export function selectList(spec: ReplicatedTableSpec): string {
  return `${spec.columns.map(quoted).join(', ')}, json_array(${spec.keyColumns.map(quoted).join(', ')}) AS "__key"`;
}

export function keyMatch(spec: ReplicatedTableSpec): string {
  return spec.keyColumns.map((column) => `${quoted(column)} = ?`).join(' AND ');
}

/** `(k1, k2) > (?, ?)`: the rows after a snapshot cursor, in key order. */
export function keyAfter(spec: ReplicatedTableSpec): string {
  return `(${spec.keyColumns.map(quoted).join(', ')}) > (${spec.keyColumns.map(() => '?').join(', ')})`;
}

export function keyOrder(spec: ReplicatedTableSpec): string {
  return spec.keyColumns.map(quoted).join(', ');
}

/** The oldest value of the window column a replica holds at `now`; -Infinity for tables without a window. */
export function windowStart(spec: ReplicatedTableSpec, now: number): number {
  return spec.window ? now - spec.window.ms : Number.NEGATIVE_INFINITY;
}

/** A key as the trigger wrote it (`json_array(...)`), back to the values to bind; null when it is not one. */
export function parseKey(spec: ReplicatedTableSpec, key: string): (string | number)[] | null {
  let values: unknown;
  try {
    values = JSON.parse(key);
  } catch {
    return null;
  }
  if (!Array.isArray(values) || values.length !== spec.keyColumns.length) return null;
  return values.every((value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
    ? (values as (string | number)[])
    : null;
}

/**
 * A stored row as it travels. On the hub `redact` masks secrets on the way out; a replica holds
 * them already masked, so its own rows are read as stored and the two sides compare equal.
 */
export function toWire(spec: ReplicatedTableSpec, stored: Record<string, unknown>, redact: boolean): WireRow {
  const row: WireRow = {};
  for (const column of spec.columns) {
    const redactor = redact ? spec.redact[column] : undefined;
    // A redactor's answer is final, null included: falling back to the stored value would send the secret.
    const value = redactor ? redactor(stored[column]) : stored[column];
    row[column] = Buffer.isBuffer(value) ? value.toString('base64') : value;
  }
  return row;
}

export class ReplicationRowError extends Error {
  constructor(table: string, problem: string) {
    super(`A replicated ${table} row ${problem}`);
    this.name = 'ReplicationRowError';
  }
}

/** A row from the wire as the values of `INSERT OR REPLACE` (its columns, then the withheld ones), refusing anything else. */
export function fromWire(spec: ReplicatedTableSpec, row: WireRow): unknown[] {
  const names = Object.keys(row);
  if (names.length !== spec.columns.length)
    throw new ReplicationRowError(spec.table, `has ${names.length} columns, expected ${spec.columns.length}`);
  const values = spec.columns.map((column) => {
    if (!Object.hasOwn(row, column)) throw new ReplicationRowError(spec.table, `lacks ${column}`);
    const value = row[column];
    if (spec.blobColumns.includes(column)) {
      if (value === null) return null;
      if (typeof value !== 'string') throw new ReplicationRowError(spec.table, `has a ${column} that is not base64`);
      return Buffer.from(value, 'base64');
    }
    if (value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw new ReplicationRowError(spec.table, `has a ${column} of type ${typeof value}`);
  });
  return [...values, ...Object.values(spec.withheld)];
}

export function upsertSql(spec: ReplicatedTableSpec): string {
  const columns = [...spec.columns, ...Object.keys(spec.withheld)];
  return `INSERT OR REPLACE INTO ${quoted(spec.table)} (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

/**
 * A digest of the rows of one table a replica holds, as they travel, in key order: equal on the hub
 * and a replica that has applied everything. `count:sha256` so a mismatch says at once whether rows are missing.
 */
export function tableChecksum(sqlite: Database.Database, spec: ReplicatedTableSpec, now: number, redact: boolean): string {
  const window = spec.window ? ` WHERE ${quoted(spec.window.column)} >= ?` : '';
  const statement = sqlite.prepare(
    `SELECT ${spec.columns.map(quoted).join(', ')} FROM ${quoted(spec.table)}${window} ORDER BY ${keyOrder(spec)}`,
  );
  const hash = createHash('sha256');
  let count = 0;
  for (const stored of (spec.window ? statement.iterate(windowStart(spec, now)) : statement.iterate()) as Iterable<
    Record<string, unknown>
  >) {
    // toWire keeps the spec's column order, so equal rows stringify alike.
    hash.update(`${JSON.stringify(toWire(spec, stored, redact))}\n`);
    count += 1;
  }
  return `${count}:${hash.digest('hex')}`;
}

export function tableChecksums(
  sqlite: Database.Database,
  specs: readonly ReplicatedTableSpec[],
  now: number,
  redact: boolean,
): Record<string, string> {
  return sqlite.transaction(() => Object.fromEntries(specs.map((spec) => [spec.table, tableChecksum(sqlite, spec, now, redact)])))();
}
