import type { AuditExportCheck, AuditExportFile, AuditExportFormat } from '../../shared/contract';
import { AUDIT_EXPORT_MAX_ENTRIES } from '../../shared/contract';
import { WatchroomError } from '../../shared/contract/errors';
import type { Repositories, StoredAuditRow } from '../db';
import type { ArchiveRead } from './archive';
import { GENESIS_HASH, TOMBSTONE_CHAIN, storedInteger, storedText } from './chain';
import {
  EXPORT_FORMAT,
  EXPORT_PROBLEMS_SHOWN,
  EXPORT_VERSION,
  ExportReadError,
  checkExport,
  entryDigest,
  readExportEntries,
  writeExport,
  type ExportedEntry,
} from './export-format';

const PAGE = 5000;

function exportedEntry(row: StoredAuditRow): ExportedEntry {
  const optionalText = (value: StoredAuditRow[keyof StoredAuditRow]) => (value === null ? null : storedText(value));
  const at = storedInteger(row.at);
  return {
    seq: storedInteger(row.seq),
    time: new Date(at).toISOString(),
    at,
    actor: storedText(row.actor),
    actor_name: optionalText(row.actorName),
    seat: optionalText(row.seat),
    authorized_by_id: optionalText(row.authorizedById),
    authorized_by_name: optionalText(row.authorizedByName),
    issued_at: row.issuedAt === null ? null : storedInteger(row.issuedAt),
    action: storedText(row.action),
    target: storedText(row.target),
    before: optionalText(row.beforeJson),
    after: optionalText(row.afterJson),
    result: storedText(row.result),
    detail: optionalText(row.detail),
    chain: storedText(row.chain),
    prev_hash: storedText(row.prevHash),
    hash: storedText(row.hash),
  };
}

const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** An archive of pruned entries from the chain's start, read only when the export needs its rows. */
export interface ArchivedStretch {
  firstSeq: number;
  lastSeq: number;
  read: () => ArchiveRead;
}

type Located = { seq: number; at: number };
const earlier = (a: Located, b: Located) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * Every entry written in a period, as one file: all seqs from the first entry at or after `from`
 * to the last at or before `to`, with no gap (an entry whose clock stepped back stays in its place),
 * and the entry before the first as the anchor the first must chain from. Entries pruned into
 * archives are read back from them (one archive in memory at a time), so the file verifies from its
 * first row whatever was pruned since; a damaged or missing archive leaves a gap the verifier names.
 */
export function exportAuditPeriod(
  repos: Repositories,
  input: { from: number; to: number; format: AuditExportFormat },
  exported: { at: number; by: string },
  archived: readonly ArchivedStretch[] = [],
): AuditExportFile {
  const heldFrom = repos.audit.firstSeq() ?? Infinity;
  // Archives a later prune rewrote overlap the database's rows: the database's copy is the one exported.
  const stretches = archived.filter((stretch) => stretch.firstSeq < heldFrom);
  const rowsOf = (stretch: ArchivedStretch): StoredAuditRow[] => {
    const read = stretch.read();
    return read.ok ? read.rows.filter((row) => storedInteger(row.seq) < heldFrom) : [];
  };
  let first: Located | null = null;
  let last: Located | null = null;
  const consider = (seq: number, at: number) => {
    if (at >= input.from && (first === null || earlier({ seq, at }, first))) first = { seq, at };
    if (at <= input.to && (last === null || earlier(last, { seq, at }))) last = { seq, at };
  };
  for (const stretch of stretches) for (const row of rowsOf(stretch)) consider(storedInteger(row.seq), storedInteger(row.at));
  const held = repos.audit.seqRangeOf(input.from, input.to);
  if (held) {
    consider(held.first, storedInteger(repos.audit.stored(held.first)!.at));
    consider(held.last, storedInteger(repos.audit.stored(held.last)!.at));
  }
  const range =
    first !== null && last !== null && (first as Located).seq <= (last as Located).seq
      ? { first: (first as Located).seq, last: (last as Located).seq }
      : null;
  const count = range ? range.last - range.first + 1 : 0;
  if (count > AUDIT_EXPORT_MAX_ENTRIES) {
    throw new WatchroomError(
      'invalid_input',
      `The period holds ${count} entries; one export holds at most ${AUDIT_EXPORT_MAX_ENTRIES}: export it in shorter periods`,
    );
  }
  const entries: ExportedEntry[] = [];
  let anchorHash = range ? GENESIS_HASH : (repos.audit.last()?.hash ?? GENESIS_HASH);
  const anchorSeq = range ? range.first - 1 : (repos.audit.last()?.seq ?? 0);
  if (range) {
    for (const stretch of stretches) {
      if (stretch.lastSeq < range.first - 1 || stretch.firstSeq > range.last) continue;
      for (const row of rowsOf(stretch)) {
        const seq = storedInteger(row.seq);
        if (seq === range.first - 1) anchorHash = storedText(row.hash);
        if (seq >= range.first && seq <= range.last) entries.push(exportedEntry(row));
      }
    }
    const before = range.first > 1 ? repos.audit.stored(range.first - 1) : undefined;
    if (before) anchorHash = storedText(before.hash);
    for (let after = Math.max(range.first - 1, (entries.at(-1)?.seq as number | undefined) ?? 0); after < range.last;) {
      const page = repos.audit.storedPageFrom(after, Math.min(PAGE, range.last - after));
      if (page.length === 0) break;
      entries.push(...page.map(exportedEntry));
      after = entries.at(-1)!.seq as number;
    }
  }
  const text = writeExport(
    input.format,
    {
      seq: anchorSeq,
      hash: anchorHash,
      detail: {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        from: input.from,
        to: input.to,
        exportedAt: exported.at,
        exportedBy: exported.by,
      },
    },
    entries,
  );
  return {
    fileName: `watchroom-audit-${isoDay(input.from)}-to-${isoDay(input.to)}.${input.format}`,
    format: input.format,
    text,
    entries: entries.length,
    firstSeq: entries.length > 0 ? (entries[0]!.seq as number) : null,
    lastSeq: entries.length > 0 ? (entries.at(-1)!.seq as number) : null,
  };
}

/**
 * The standalone check, then each entry against this console's own: a file whose digests were
 * recomputed after an edit passes the standalone check, not this one.
 */
export function checkAuditExport(repos: Repositories, text: string): AuditExportCheck {
  const check = checkExport(text);
  const problems = [...check.problems];
  let problemCount = check.problemCount;
  let compared = 0;
  let entries: ReturnType<typeof readExportEntries> = [];
  try {
    entries = readExportEntries(text);
  } catch (error) {
    if (!(error instanceof ExportReadError)) throw error;
  }
  const named = new Set(problems.map((p) => p.seq));
  for (const { line, entry } of entries) {
    if (typeof entry.seq !== 'number') continue;
    const own = repos.audit.stored(entry.seq);
    // Pruned here since the file was made (a tombstone now): its content is gone, its keyed hash still names the entry.
    if (!own || (own.chain === TOMBSTONE_CHAIN && entry.chain !== TOMBSTONE_CHAIN && entry.hash === storedText(own.hash))) continue;
    compared += 1;
    if (entryDigest(exportedEntry(own)) === entryDigest(entry)) continue;
    problemCount += named.has(entry.seq) ? 0 : 1;
    if (!named.has(entry.seq) && problems.length < EXPORT_PROBLEMS_SHOWN) {
      problems.push({
        seq: entry.seq,
        line,
        kind: 'changed',
        reason: `Entry ${entry.seq} (line ${line}) differs from this console's entry ${entry.seq}.`,
      });
    }
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    ok: problemCount === 0,
    format: check.format,
    from: check.meta?.from ?? null,
    to: check.meta?.to ?? null,
    entries: check.entries,
    firstSeq: check.firstSeq,
    lastSeq: check.lastSeq,
    comparedWithConsole: compared,
    problemCount,
    problems,
  };
}
