import { createHash, createHmac, hkdfSync } from 'node:crypto';
import type { StoredAuditRow, StoredValue } from '../db';

/** The hash of the (absent) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * How an entry's hash was made. Entries written before the chain was keyed used plain SHA-256
 * (anyone holding the rows could recompute them); every entry since is HMAC-SHA-256 under a key
 * derived from the database key. `hmac-sha256` entries were written before entries named people
 * and cover the columns they had; `hmac-sha256-v2` entries also cover the actor's name, the seat
 * and the step-up authorizer; `hmac-sha256-v3` entries (commands a seat forwarded to a hub) also
 * cover when the person issued the command. Each entry keeps the algorithm it was written with, so
 * entries of every kind verify in one chain.
 */
export type ChainAlgorithm = 'sha256' | 'hmac-sha256' | 'hmac-sha256-v2' | 'hmac-sha256-v3';
/** What new entries are hashed with; an entry that carries an issue time needs v3, which covers it. */
export const KEYED_CHAIN: ChainAlgorithm = 'hmac-sha256-v2';
export const ISSUED_CHAIN: ChainAlgorithm = 'hmac-sha256-v3';

type KeyedAlgorithm = 'hmac-sha256' | 'hmac-sha256-v2' | 'hmac-sha256-v3';

/**
 * A security event pruned past its retention behind entries still kept: its content columns are
 * cleared, its seq, time and hashes stay (the next entry still chains from it), and `detail` holds
 * its tombstone mark, an HMAC under the chain key over those, so only the console can blank an entry.
 */
export const TOMBSTONE_CHAIN = 'tombstone';
/** The action a tombstone carries in place of the pruned entry's. */
export const TOMBSTONE_ACTION = 'audit.pruned-security-event';
const TOMBSTONE_LABEL = 'watchroom audit tombstone v1';

/** The mark that makes a tombstone authentic: HMAC-SHA-256 under the chain key over seq, time and both hashes. */
export function tombstoneMark(
  chainKey: Buffer,
  entry: { seq: StoredValue; at: StoredValue; prevHash: StoredValue; hash: StoredValue },
): string {
  const material = JSON.stringify([TOMBSTONE_LABEL, typed(entry.seq), typed(entry.at), typed(entry.prevHash), typed(entry.hash)]);
  return createHmac('sha256', chainKey).update(material).digest('hex');
}

/** True when a tombstone holds nothing but what it keeps: content written into it afterwards is not covered by any hash. */
export function isBareTombstone(row: StoredAuditRow): boolean {
  return (
    row.actor === '' &&
    row.action === TOMBSTONE_ACTION &&
    row.target === '' &&
    row.result === 'ok' &&
    [row.beforeJson, row.afterJson, row.actorName, row.seat, row.authorizedById, row.authorizedByName, row.issuedAt].every(
      (value) => value === null,
    )
  );
}

/** True for an entry hashed under the chain key (by either keyed algorithm). */
export function isKeyedChain(chain: unknown): boolean {
  return chain === 'hmac-sha256' || chain === 'hmac-sha256-v2' || chain === 'hmac-sha256-v3';
}

/** HKDF info: a new label (v2) would give a new, unrelated chain key from the same database key. */
const CHAIN_KEY_LABEL = 'watchroom audit chain v1';

/** The chain key: HKDF-SHA-256 of the database key, so a copy of the rows alone cannot be re-chained. */
export function deriveChainKey(databaseKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), CHAIN_KEY_LABEL, 32));
}

/** The columns an entry's hash covers, in this order, after the previous entry's hash. */
const HASHED_COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'beforeJson', 'afterJson', 'result', 'detail'] as const;
/** The people columns `hmac-sha256-v2` covers after those; older entries hold NULL in them. */
export const PEOPLE_COLUMNS = ['actorName', 'seat', 'authorizedById', 'authorizedByName'] as const;
/** What `hmac-sha256-v3` covers after the people columns. */
const ISSUED_COLUMNS = ['issuedAt'] as const;

function coveredColumns(algorithm: KeyedAlgorithm): readonly (keyof StoredAuditRow)[] {
  if (algorithm === 'hmac-sha256') return HASHED_COLUMNS;
  if (algorithm === 'hmac-sha256-v2') return [...HASHED_COLUMNS, ...PEOPLE_COLUMNS];
  return [...HASHED_COLUMNS, ...PEOPLE_COLUMNS, ...ISSUED_COLUMNS];
}

/**
 * Plain SHA-256 entries hashed the values as JavaScript read them (numbers, strings, nulls), as
 * JSON: kept unchanged so that their stored hashes still verify.
 */
function legacyMaterial(row: StoredAuditRow): string {
  const plain = (value: StoredValue) => (typeof value === 'bigint' ? Number(value) : value);
  return JSON.stringify([plain(row.prevHash), ...HASHED_COLUMNS.map((column) => plain(row[column]))]);
}

/**
 * Each stored value with its SQLite storage class, so that no two different stored rows share a
 * material: integer 1 and text "1", a REAL and an INTEGER, NULL and "null" all differ, and
 * integers keep every digit (they are read as bigint). Text read from SQLite is always
 * well-formed, so its JSON string is exact.
 */
function typed(value: StoredValue): string | null {
  if (value === null) return null;
  if (typeof value === 'bigint') return `i:${value.toString()}`;
  if (typeof value === 'number') return `r:${Object.is(value, -0) ? '-0' : String(value)}`;
  if (typeof value === 'string') return `t:${value}`;
  return `b:${value.toString('hex')}`;
}

function keyedMaterial(row: StoredAuditRow, algorithm: KeyedAlgorithm): string {
  return JSON.stringify([algorithm, typed(row.prevHash), ...coveredColumns(algorithm).map((column) => typed(row[column]))]);
}

/** The hash of an entry as stored, by the algorithm it names; null for an algorithm we do not know. */
export function hashStoredEntry(row: StoredAuditRow, chainKey: Buffer): string | null {
  if (row.chain === 'sha256') return createHash('sha256').update(legacyMaterial(row)).digest('hex');
  if (row.chain === 'hmac-sha256' || row.chain === 'hmac-sha256-v2' || row.chain === 'hmac-sha256-v3')
    return createHmac('sha256', chainKey).update(keyedMaterial(row, row.chain)).digest('hex');
  return null;
}

/** True when an entry holds people columns (or an issue time) its algorithm does not cover: they were filled in after it was written. */
export function hasUncoveredPeople(row: StoredAuditRow): boolean {
  const people = row.chain !== 'hmac-sha256-v2' && row.chain !== 'hmac-sha256-v3' && PEOPLE_COLUMNS.some((column) => row[column] !== null);
  return people || (row.chain !== 'hmac-sha256-v3' && row.issuedAt !== null);
}

/** A stored integer column as a whole number, for showing it (a fraction or a text someone wrote there shows as 0 or rounded down). */
export function storedInteger(value: StoredValue): number {
  if (typeof value === 'bigint') return Number(value);
  return typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : 0;
}

/** A stored text column as text; a value of any other storage class shown as its JSON. */
export function storedText(value: StoredValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return `x'${value.toString('hex')}'`;
  return JSON.stringify(value);
}
