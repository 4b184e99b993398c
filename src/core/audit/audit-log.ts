import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import type { AuditEntry, AuditListInput, AuditPage, AuditProblem, AuditVerifyResult } from '../../shared/contract';
import { AUDIT_PROBLEMS_SHOWN, AuditListInput as AuditListInputSchema } from '../../shared/contract';
import type { Clock } from '../../shared/domain/clock';
import { redactSecrets } from '../../shared/domain/redact';
import type { Repositories, StoredAuditRow } from '../db';
import { legacyArchiveKey, listAuditArchives, writeAuditArchive, type ArchiveKeys } from './archive';
import type { ArchivedStretch } from './export';
import { NO_ANCHORS, type AnchorSet, type ChainAnchor, type ChainHead } from './anchors';
import {
  GENESIS_HASH,
  ISSUED_CHAIN,
  KEYED_CHAIN,
  TOMBSTONE_ACTION,
  TOMBSTONE_CHAIN,
  hasUncoveredPeople,
  hashStoredEntry,
  isBareTombstone,
  isKeyedChain,
  tombstoneMark,
  storedInteger,
  storedText,
} from './chain';

export interface AuditAppend {
  /** The user id (or core's own actor id). */
  actor: string;
  /** The person's display name and seat at the time; absent for core's own entries (system). */
  actorName?: string | null;
  seat?: string | null;
  /** The supervisor who authorized this one command at the seat (step-up). */
  authorizedBy?: { id: string; displayName: string } | null;
  /** When the person gave the command at their seat, for a command a seat forwarded to the hub. */
  issuedAt?: number | null;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  result: 'ok' | 'error';
  detail?: string | null;
}

export interface AuditLog {
  /** Appends one entry (in a savepoint of its own): inside the transaction of the change it records, or alone for a refusal. */
  append(entry: AuditAppend): AuditEntry;
  list(query: AuditListInput): AuditPage;
  /** Walks the whole chain in pages and compares it with the anchors; reports every problem. */
  verify(anchors?: AnchorSet): Promise<AuditVerifyResult>;
  /** The newest entry's seq and hash (seq 0 and the genesis hash when there is none). */
  head(): ChainHead;
  /**
   * Puts a chain written before keying under the key: one keyed entry that chains from the old
   * head, so that the plain SHA-256 entries before it can no longer be rewritten unnoticed.
   */
  sealUnkeyedChain(): void;
  /**
   * After a restore: a chain keyed on another console (another database key) is taken over with
   * one entry keyed here. Entries before it can then be checked for order and links only.
   */
  adoptChainKeyedElsewhere(restoredFrom: string): void;
  /** The stretch from the chain's start that is past its retention (what the next prune removes), or null. */
  prunable(policy: AuditRetention): { firstSeq: number; lastSeq: number } | null;
  /**
   * Writes that stretch (up to 50,000 entries of it: call again until null) to an archive (fsynced), then deletes
   * its rows in one transaction with an `audit.pruned` entry. A failure between the two leaves the rows; the next
   * prune rewrites the archive.
   */
  prune(policy: AuditRetention): { firstSeq: number; lastSeq: number; archive: string } | null;
  /** How many security events are past their retention, wherever they sit in the chain (what the next prune turns into tombstones). */
  prunableSecurityEvents(policy: AuditRetention): number;
  /**
   * Turns up to 50,000 of those security events into tombstones, in one transaction with an
   * `audit.security-pruned` entry: content cleared, seq, time and hashes kept, a mark under the chain key.
   * Their content is not archived: past its retention a security event (who signed in from where) is gone.
   * Call again until null.
   */
  pruneSecurityEvents(policy: AuditRetention): { firstSeq: number; lastSeq: number; entries: number } | null;
  /** The keys the archives are sealed with (the database's own archive key; the chain-derived key of older archives). */
  archiveKeys(): ArchiveKeys;
  /** The archives of stretches pruned from the chain's start, oldest first, each read when asked (for the export). */
  archivedStretches(): ArchivedStretch[];
}

/** What is past retention in the audit log: entries before `cutoff`, security events before `securityCutoff`. */
export interface AuditRetention {
  cutoff: number;
  securityActions: readonly string[];
  securityCutoff: number;
  /** The last entry a prune from the chain's start may take: the dry run's, so the prune's own entries never extend it. */
  throughSeq?: number;
}

/** The entry that starts this console's key on a chain restored from another console. */
const ADOPTED_ACTION = 'audit.chain-adopted';
/** The entry a prune writes: the range it archived, so that a missing archive is told from deleted entries. */
const PRUNED_ACTION = 'audit.pruned';
/** The entry that records security events turned into tombstones, and the archive their content went to. */
const SECURITY_PRUNED_ACTION = 'audit.security-pruned';
/**
 * The key archives are sealed with, kept in the (encrypted) database rather than derived from its
 * key: a database restored on another console (another database key) still opens its archives.
 */
const ARCHIVE_KEY_META = 'audit.archive-key';

const VERIFY_PAGE = 2000;
/** The most entries one archive holds. */
const ARCHIVE_MAX_ENTRIES = 50_000;

function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(redactSecrets(value), (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner)) ?? null;
  } catch (error) {
    // A refusal must be recorded even when its input cannot be written out (a cycle).
    return JSON.stringify({ unreadable: error instanceof Error ? error.message : String(error) });
  }
}

/** What SQLite will most likely hand back for these values (integers as bigint); checked after the insert. */
function asStored(row: Omit<StoredAuditRow, 'hash'>): StoredAuditRow {
  const integer = (value: StoredAuditRow['seq']) => (typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value);
  return { ...row, seq: integer(row.seq), at: integer(row.at), issuedAt: integer(row.issuedAt), hash: null };
}

function parseJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function toEntry(row: StoredAuditRow): AuditEntry {
  const text = (value: StoredAuditRow[keyof StoredAuditRow]) => (value === null ? null : storedText(value));
  return {
    seq: storedInteger(row.seq),
    at: storedInteger(row.at),
    actor: storedText(row.actor),
    action: storedText(row.action),
    target: storedText(row.target),
    before: parseJson(text(row.beforeJson)),
    after: parseJson(text(row.afterJson)),
    result: row.result === 'ok' ? 'ok' : 'error',
    detail: text(row.detail),
    actorName: text(row.actorName),
    seat: text(row.seat),
    authorizedBy:
      row.authorizedById === null ? null : { id: storedText(row.authorizedById), displayName: text(row.authorizedByName) ?? '' },
    ...(row.issuedAt === null ? {} : { issuedAt: storedInteger(row.issuedAt) }),
    hash: storedText(row.hash),
  };
}

/** Counts every problem, keeps the first few: one false alarm never hides the next. */
class ProblemList {
  count = 0;
  readonly shown: AuditProblem[] = [];
  add(problem: AuditProblem, weight = 1): void {
    this.count += weight;
    if (this.shown.length < AUDIT_PROBLEMS_SHOWN) this.shown.push(problem);
  }
}

const timeOf = (at: number) => new Date(at).toISOString().replace('.000Z', 'Z');

function anchorSays(anchor: ChainAnchor): string {
  const where = anchor.source === 'log' ? `The log at ${timeOf(anchor.at)}` : `The backup ${anchor.where} (made ${timeOf(anchor.at)})`;
  return `${where} recorded entry ${anchor.seq} with hash ${anchor.hash.slice(0, 16)}…`;
}

/** The same head is logged every hour: compare each distinct (seq, hash) once, keeping the newest record of it. */
function anchorsBySeq(anchors: readonly ChainAnchor[]): Map<number, ChainAnchor[]> {
  const bySeq = new Map<number, ChainAnchor[]>();
  for (const anchor of anchors) {
    const same = bySeq.get(anchor.seq) ?? [];
    const twin = same.findIndex((other) => other.hash === anchor.hash);
    if (twin === -1) same.push(anchor);
    else if (same[twin]!.at < anchor.at) same[twin] = anchor;
    bySeq.set(anchor.seq, same);
  }
  return bySeq;
}

/**
 * `archiveFolder` holds the archives of pruned entries (the data folder's); null for a log that is
 * never pruned (a seat's replica).
 */
export function createAuditLog(repos: Repositories, clock: Clock, chainKey: Buffer, archiveFolder: string | null = null): AuditLog {
  function head(): ChainHead {
    const last = repos.audit.last();
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  function append(entry: AuditAppend): AuditEntry {
    // Its own savepoint: a refusal is recorded outside the command's (rolled back) transaction.
    return repos.transaction(() => {
      const previous = head();
      const seq = previous.seq + 1;
      const row = {
        seq,
        at: clock.now(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        beforeJson: toJson(entry.before),
        afterJson: toJson(entry.after),
        result: entry.result,
        detail: entry.detail ?? null,
        prevHash: previous.hash,
        chain: (entry.issuedAt ?? null) === null ? KEYED_CHAIN : ISSUED_CHAIN,
        actorName: entry.actorName ?? null,
        seat: entry.seat ?? null,
        authorizedById: entry.authorizedBy?.id ?? null,
        authorizedByName: entry.authorizedBy?.displayName ?? null,
        issuedAt: entry.issuedAt ?? null,
      };
      const expected = hashStoredEntry(asStored(row), chainKey)!;
      repos.audit.insert({ ...row, hash: expected });
      // The hash is of what SQLite hands back, not of what was handed to it: whatever it changed
      // on the way (a lone surrogate, a number in a text column, a fraction of a millisecond) is
      // then part of the hashed value, and the row always verifies.
      const stored = repos.audit.stored(seq)!;
      const hash = hashStoredEntry(stored, chainKey)!;
      if (hash !== expected) repos.audit.setHash(seq, hash);
      return toEntry({ ...stored, hash });
    });
  }

  function archiveKeys(create = false): ArchiveKeys {
    let stored = repos.audit.meta(ARCHIVE_KEY_META);
    if (stored === null && create) {
      stored = randomBytes(32).toString('hex');
      repos.audit.setMeta(ARCHIVE_KEY_META, stored);
    }
    const legacy = legacyArchiveKey(chainKey);
    return { current: stored === null ? legacy : Buffer.from(stored, 'hex'), legacy };
  }

  /** The ranges earlier prunes archived, as their `audit.pruned` entries record them. */
  function prunedRanges(): { firstSeq: number; lastSeq: number; archive: string }[] {
    const PrunedRange = z.object({ firstSeq: z.number().int(), lastSeq: z.number().int(), archive: z.string() });
    return repos.audit.list({ action: PRUNED_ACTION, limit: 10_000 }).flatMap((row) => {
      const parsed = PrunedRange.safeParse(parseJson(row.afterJson));
      return parsed.success ? [parsed.data] : [];
    });
  }

  function prunable(policy: AuditRetention): { firstSeq: number; lastSeq: number } | null {
    const first = repos.audit.firstSeq();
    const head = repos.audit.last();
    const through = repos.audit.pastRetentionThrough(policy.cutoff, policy.securityActions, policy.securityCutoff);
    if (first === null || head === undefined || through === null) return null;
    // The newest entry always stays: the next entry chains from it, and its seq continues the count.
    const lastSeq = Math.min(through, head.seq - 1, policy.throughSeq ?? Infinity);
    return lastSeq >= first ? { firstSeq: first, lastSeq } : null;
  }

  function prune(policy: AuditRetention): { firstSeq: number; lastSeq: number; archive: string } | null {
    if (archiveFolder === null) return null;
    const whole = prunable(policy);
    if (whole === null) return null;
    // A long stretch (the first prune of an old install) goes in several archives: none is held in memory whole.
    const range = { firstSeq: whole.firstSeq, lastSeq: Math.min(whole.lastSeq, whole.firstSeq + ARCHIVE_MAX_ENTRIES - 1) };
    const rows: StoredAuditRow[] = [];
    for (let after = range.firstSeq - 1; after < range.lastSeq;) {
      const page = repos.audit.storedPageFrom(after, VERIFY_PAGE).filter((row) => storedInteger(row.seq) <= range.lastSeq);
      if (page.length === 0) break;
      rows.push(...page);
      after = storedInteger(page.at(-1)!.seq);
    }
    const { file } = writeAuditArchive(archiveFolder, archiveKeys(true).current, rows, { ...head(), at: clock.now() });
    const archive = basename(file);
    return repos.transaction(() => {
      repos.audit.deleteThrough(range.lastSeq);
      append({
        actor: 'system',
        action: PRUNED_ACTION,
        target: 'audit',
        after: { ...range, archive, lastHash: storedText(rows.at(-1)!.hash), entries: rows.length },
        result: 'ok',
      });
      return { ...range, archive };
    });
  }

  function pruneSecurityEvents(policy: AuditRetention) {
    const rows = repos.audit.storedOfActionsBefore(policy.securityActions, policy.securityCutoff, ARCHIVE_MAX_ENTRIES);
    if (rows.length === 0) return null;
    // Unlike a prune from the chain's start, nothing is archived: the tombstones keep the chain whole on their own.
    const pruned = { firstSeq: storedInteger(rows[0]!.seq), lastSeq: storedInteger(rows.at(-1)!.seq), entries: rows.length };
    return repos.transaction(() => {
      for (const row of rows)
        repos.audit.tombstone(storedInteger(row.seq), TOMBSTONE_CHAIN, TOMBSTONE_ACTION, tombstoneMark(chainKey, row));
      append({ actor: 'system', action: SECURITY_PRUNED_ACTION, target: 'audit', after: pruned, result: 'ok' });
      return pruned;
    });
  }

  function adoptionKeyedHere(): number | null {
    const seq = repos.audit.lastSeqOf(ADOPTED_ACTION);
    const stored = seq === null ? undefined : repos.audit.stored(seq);
    return stored && hashStoredEntry(stored, chainKey) === stored.hash && !hasUncoveredPeople(stored) ? seq : null;
  }

  async function verify(anchorSet: AnchorSet = NO_ANCHORS): Promise<AuditVerifyResult> {
    const problems = new ProblemList();
    const anchors = anchorsBySeq(anchorSet.anchors);
    let previous: { seq: number; hash: string } | null = null;
    const prunes = prunedRanges();
    /** Why a gap at the chain's start is a missing archive (a prune recorded it), or null: the entries were simply deleted. */
    const prunedWithoutArchive = (from: number, to: number): string | null => {
      const prune = prunes.find((range) => range.firstSeq <= to && range.lastSeq >= from);
      if (!prune) return null;
      return `they were pruned into the archive ${prune.archive}, which is missing from ${archiveFolder ?? 'the data folder'}; they cannot be checked.`;
    };
    let firstKeyedSeq: number | null = null;
    let checked = 0;
    // Keyed entries before an adoption were keyed with another console's key: not checkable here.
    // Only an adoption keyed here counts, or a forged one would hide every entry before it.
    const adoptedAt = adoptionKeyedHere();
    let keyedElsewhere = 0;
    let prunedSecurityEvents = 0;
    const anchoredSeqsFound = new Set<number>();
    const checkAnchorsAt = (seq: number, hash: string) => {
      const recorded = anchors.get(seq);
      if (!recorded) return;
      anchoredSeqsFound.add(seq);
      for (const anchor of recorded) {
        if (hash !== anchor.hash)
          problems.add({
            seq,
            kind: 'anchor',
            reason: `${anchorSays(anchor)}; the database's entry ${seq} has hash ${hash.slice(0, 16)}… (the entries up to it were replaced).`,
          });
      }
    };
    // Archived stretches that cannot be read: already reported once, their anchors are not reported again.
    const unverifiable: { from: number; to: number }[] = [];
    // After a damaged archive, the hash the next entry chains from is not known: its link is not checked.
    let linkUnknown = false;
    const checkRow = (row: StoredAuditRow) => {
      const seq = storedInteger(row.seq);
      const hash = storedText(row.hash);
      const expectedSeq = (previous?.seq ?? 0) + 1;
      if (seq > expectedSeq) {
        const gap = seq - expectedSeq;
        const reason = gap === 1 ? `Entry ${expectedSeq} is missing` : `Entries ${expectedSeq} to ${seq - 1} are missing (${gap} entries)`;
        const pruned = prunedWithoutArchive(expectedSeq, seq - 1);
        if (pruned) {
          problems.add({ seq: expectedSeq, kind: 'archive', reason: `${reason} from the database: ${pruned}` }, gap);
          unverifiable.push({ from: expectedSeq, to: seq - 1 });
        } else problems.add({ seq: expectedSeq, kind: 'missing', reason: `${reason}: they were deleted.` }, gap);
      } else if (!linkUnknown && row.prevHash !== (previous?.hash ?? GENESIS_HASH)) {
        problems.add({
          seq,
          kind: 'unchained',
          reason: `Entry ${seq} does not chain from the entry before it: one of the two was replaced.`,
        });
      }
      linkUnknown = false;
      const expectedHash = hashStoredEntry(row, chainKey);
      const keyedBeforeAdoption = adoptedAt !== null && seq < adoptedAt;
      if (row.chain === TOMBSTONE_CHAIN) {
        // Its content is gone, so its hash cannot be recomputed: the mark says this console blanked it, and nobody else.
        const marked = row.detail === tombstoneMark(chainKey, row);
        if (marked && isBareTombstone(row)) prunedSecurityEvents += 1;
        else if (!marked && keyedBeforeAdoption) keyedElsewhere += 1;
        else
          problems.add({
            seq,
            kind: 'changed',
            reason: marked
              ? `Entry ${seq} is a pruned security event that holds content again: it was written into it after it was pruned.`
              : `Entry ${seq} was blanked out as a pruned security event, but its tombstone mark is not this console's: it was removed by someone without the key.`,
          });
      } else if (keyedBeforeAdoption && isKeyedChain(row.chain)) {
        keyedElsewhere += 1;
      } else if (expectedHash === null) {
        problems.add({
          seq,
          kind: 'changed',
          reason: `Entry ${seq} names an unknown hash algorithm (${storedText(row.chain)}): it was changed after it was written.`,
        });
      } else if (expectedHash !== hash) {
        problems.add({
          seq,
          kind: 'changed',
          reason: `Entry ${seq} was changed after it was written (its hash does not match its content).`,
        });
      } else if (hasUncoveredPeople(row)) {
        problems.add({
          seq,
          kind: 'changed',
          reason: `Entry ${seq} names people its hash does not cover (it was written before entries named them): they were added after it was written.`,
        });
      } else if (!isKeyedChain(row.chain) && firstKeyedSeq !== null) {
        problems.add({
          seq,
          kind: 'unkeyed',
          reason: `Entry ${seq} was hashed without the chain key although the chain is keyed since entry ${firstKeyedSeq}: it was rewritten by someone without the key.`,
        });
      }
      if (isKeyedChain(row.chain)) firstKeyedSeq ??= seq;
      checkAnchorsAt(seq, hash);
      previous = { seq, hash };
      checked += 1;
    };
    // The archives of pruned entries come first: the chain is walked across them into the database's rows.
    const archives = archiveFolder === null ? [] : listAuditArchives(archiveFolder, archiveKeys());
    for (const listed of archives) {
      if (previous !== null && listed.lastSeq <= previous.seq) continue;
      const archive = listed.read();
      if (archive.ok) {
        for (const row of archive.rows) if (storedInteger(row.seq) > (previous?.seq ?? 0)) checkRow(row);
      } else {
        problems.add(
          {
            seq: archive.firstSeq,
            kind: 'archive',
            reason: `The archive of pruned entries ${archive.firstSeq} to ${archive.lastSeq} (${archive.file}) cannot be trusted: ${archive.reason}. Those entries cannot be checked.`,
          },
          archive.lastSeq - archive.firstSeq + 1,
        );
        unverifiable.push({ from: archive.firstSeq, to: archive.lastSeq });
        previous = { seq: archive.lastSeq, hash: GENESIS_HASH };
        linkUnknown = true;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (;;) {
      const page = repos.audit.storedPageFrom(previous?.seq ?? 0, VERIFY_PAGE);
      for (const row of page) checkRow(row);
      if (page.length < VERIFY_PAGE) break;
      // A long chain is checked without holding core's event loop the whole time.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const last = previous ?? { seq: 0, hash: GENESIS_HASH };
    if (checked > 0 && firstKeyedSeq === null) {
      problems.add({
        seq: last.seq,
        kind: 'unkeyed',
        reason: 'No entry is keyed, yet core keys the chain at every start: the entries were rewritten by someone without the key.',
      });
    }
    for (const [seq, recorded] of anchors) {
      // seq 0 is the empty chain: nothing to find.
      if (seq === 0 || anchoredSeqsFound.has(seq)) continue;
      if (unverifiable.some((range) => seq >= range.from && seq <= range.to)) continue;
      const found =
        seq <= last.seq
          ? `the database has no entry ${seq}.`
          : `the database ends at entry ${last.seq}: the entries after it were deleted.`;
      for (const anchor of recorded) problems.add({ seq, kind: 'anchor', reason: `${anchorSays(anchor)}; ${found}` });
    }
    const notes = [...anchorSet.notes];
    if (prunedSecurityEvents > 0) {
      notes.push(
        `${prunedSecurityEvents} security event${prunedSecurityEvents === 1 ? ' was' : 's were'} pruned past ${prunedSecurityEvents === 1 ? 'its' : 'their'} retention: each keeps only its place in the chain (seq, time, hash) and a mark only this console can make.`,
      );
    }
    if (keyedElsewhere > 0) {
      notes.push(
        `${keyedElsewhere} entries before entry ${adoptedAt} were keyed by the console this database was restored from: their order and links are checked, their content cannot be without that console's key.`,
      );
    }
    const newest = anchorSet.anchors.reduce<ChainAnchor | null>(
      (best, anchor) => (best === null || anchor.at > best.at ? anchor : best),
      null,
    );
    return {
      ok: problems.count === 0,
      checked,
      head: checked > 0 ? last : null,
      problemCount: problems.count,
      problems: problems.shown,
      newestAnchor: newest,
      anchorsChecked: anchorSet.anchors.length,
      notes,
    };
  }

  return {
    append,
    list(input) {
      const query = AuditListInputSchema.parse(input);
      const rows = repos.audit.list(query);
      const lastRow = rows.at(-1);
      return {
        entries: rows.map((row) => toEntry({ ...row })),
        nextBeforeSeq: rows.length === query.limit && lastRow ? lastRow.seq : null,
      };
    },
    verify,
    head,
    prunable,
    prune,
    prunableSecurityEvents: (policy) => repos.audit.countOfActionsBefore(policy.securityActions, policy.securityCutoff),
    pruneSecurityEvents,
    archiveKeys: () => archiveKeys(),
    archivedStretches: () => (archiveFolder === null ? [] : listAuditArchives(archiveFolder, archiveKeys())),
    sealUnkeyedChain() {
      const last = repos.audit.last();
      if (!last || isKeyedChain(last.chain)) return;
      append({
        actor: 'system',
        action: 'audit.chain-keyed',
        target: 'audit',
        after: { unkeyedEntries: last.seq, keyedFrom: last.seq + 1, algorithm: 'HMAC-SHA-256' },
        result: 'ok',
      });
    },
    adoptChainKeyedElsewhere(restoredFrom) {
      const last = repos.audit.last();
      if (!last || !isKeyedChain(last.chain)) return;
      const stored = repos.audit.stored(last.seq)!;
      if (hashStoredEntry(stored, chainKey) === last.hash) return;
      append({
        actor: 'system',
        action: ADOPTED_ACTION,
        target: 'audit',
        after: { restoredFrom, keyedElsewhereUpTo: last.seq, keyedHereFrom: last.seq + 1 },
        result: 'ok',
      });
    },
  };
}
