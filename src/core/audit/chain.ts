import { createHash } from 'node:crypto';
import type { AuditRow } from '../db';

/** The hash of the (absent) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** Covers the previous hash and every column of the entry, in a fixed order. */
export function hashAuditEntry(entry: Omit<AuditRow, 'hash'>): string {
  const material = JSON.stringify([
    entry.prevHash,
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.beforeJson,
    entry.afterJson,
    entry.result,
    entry.detail,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** brokenSeq is the entry to name: the changed one, or the first missing one. */
export type ChainCheck = { ok: true } | { ok: false; brokenSeq: number; reason: string };

/** Checks one entry against the one before it (null for the first entry). */
export function checkLink(entry: AuditRow, previous: AuditRow | null): ChainCheck {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (entry.seq !== expectedSeq) {
    return { ok: false, brokenSeq: expectedSeq, reason: `Entry ${expectedSeq} is missing (entry ${entry.seq} follows entry ${previous?.seq ?? 'none'})` };
  }
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (entry.prevHash !== expectedPrev) return { ok: false, brokenSeq: entry.seq, reason: `Entry ${entry.seq} does not chain from the entry before it` };
  if (hashAuditEntry(entry) !== entry.hash) return { ok: false, brokenSeq: entry.seq, reason: `Entry ${entry.seq} was changed after it was written` };
  return { ok: true };
}
