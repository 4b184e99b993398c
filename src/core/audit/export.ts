import type { AuditExportCheck, AuditExportFile, AuditExportFormat } from '../../shared/contract';
import { AUDIT_EXPORT_MAX_ENTRIES } from '../../shared/contract';
import { WatchroomError } from '../../shared/contract/errors';
import type { Repositories, StoredAuditRow } from '../db';
import { GENESIS_HASH, storedInteger, storedText } from './chain';
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

/**
 * Every entry written in a period, as one file: all seqs from the first entry at or after `from`
 * to the last at or before `to`, with no gap (an entry whose clock stepped back stays in its place),
 * and the entry before the first as the anchor the first must chain from.
 */
export function exportAuditPeriod(
  repos: Repositories,
  input: { from: number; to: number; format: AuditExportFormat },
  exported: { at: number; by: string },
): AuditExportFile {
  const range = repos.audit.seqRangeOf(input.from, input.to);
  const count = range ? range.last - range.first + 1 : 0;
  if (count > AUDIT_EXPORT_MAX_ENTRIES) {
    throw new WatchroomError(
      'invalid_input',
      `The period holds ${count} entries; one export holds at most ${AUDIT_EXPORT_MAX_ENTRIES}: export it in shorter periods`,
    );
  }
  const before = range && range.first > 1 ? repos.audit.stored(range.first - 1) : undefined;
  const anchorSeq = range ? range.first - 1 : (repos.audit.last()?.seq ?? 0);
  const anchorHash = range ? (before ? storedText(before.hash) : GENESIS_HASH) : (repos.audit.last()?.hash ?? GENESIS_HASH);
  const entries: ExportedEntry[] = [];
  if (range) {
    for (let after = range.first - 1; after < range.last;) {
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
    if (!own) continue;
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
