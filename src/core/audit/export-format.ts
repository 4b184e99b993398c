// The audit export's file format and its check. Imports nothing but node:crypto: the standalone
// verifier (scripts/audit-verify.ts) runs this very module, so the console and anyone holding the
// file compute the same digests.
import { createHash } from 'node:crypto';

export const EXPORT_FORMAT = 'watchroom-audit-export';
export const EXPORT_VERSION = 1;
/** Labels every digest, so that a digest of another format can never match one of these. */
const DIGEST_LABEL = 'watchroom audit export v1';

/**
 * The columns of an entry, in file order. `prev_hash` and `hash` are the console's chain as
 * stored (keyed: only the console can recompute them); `digest` is SHA-256 of every other column,
 * which anyone can recompute, so an edited row is named without the console's key.
 */
export const ENTRY_COLUMNS = [
  'seq',
  'time',
  'at',
  'actor',
  'actor_name',
  'seat',
  'authorized_by_id',
  'authorized_by_name',
  'issued_at',
  'action',
  'target',
  'before',
  'after',
  'result',
  'detail',
  'chain',
  'prev_hash',
  'hash',
] as const;
export type EntryColumn = (typeof ENTRY_COLUMNS)[number];
/** Columns holding whole numbers: numbers in JSON Lines, digits in CSV. */
const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['seq', 'at', 'issued_at']);
/** Every column of the file: which record a line is, the entry's columns, and its digest. */
export const FILE_COLUMNS = ['record', ...ENTRY_COLUMNS, 'digest'] as const;

export type ExportValue = string | number | null;
export type ExportedEntry = Record<EntryColumn, ExportValue>;

/**
 * A file is an anchor record, the entries oldest first, and an end record. The anchor is the
 * chain's entry just before the first exported one (seq 0 and 64 zeros for the chain's start):
 * the first entry must chain from it. The end record repeats the last entry's seq and hash, so
 * that entries cut off the end are missed too. The anchor's `detail` says what was exported.
 */
export interface ExportAnchor {
  seq: number;
  hash: string;
  detail: ExportMeta;
}
export interface ExportMeta {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  from: number;
  to: number;
  exportedAt: number;
  exportedBy: string;
}

export type ExportFileFormat = 'csv' | 'jsonl';

/** SHA-256 of an entry's columns (everything but the digest itself), as hex. */
export function entryDigest(entry: Readonly<Record<string, ExportValue | undefined>>): string {
  return createHash('sha256')
    .update(JSON.stringify([DIGEST_LABEL, ...ENTRY_COLUMNS.map((column) => entry[column] ?? null)]))
    .digest('hex');
}

function fileRecords(anchor: ExportAnchor, entries: readonly ExportedEntry[]): Record<string, ExportValue>[] {
  const last = entries.at(-1);
  return [
    { record: 'anchor', seq: anchor.seq, hash: anchor.hash, detail: JSON.stringify(anchor.detail) },
    ...entries.map((entry) => ({ record: 'entry', ...entry, digest: entryDigest(entry) })),
    { record: 'end', seq: last ? (last.seq as number) : anchor.seq, hash: last ? (last.hash as string) : anchor.hash },
  ];
}

/** A CSV field: null is an empty field, an empty text is "" (so the two stay apart); anything with a comma, quote or line break is quoted. */
function csvField(value: ExportValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file in one format: CSV (RFC 4180, a header row) or JSON Lines (one object a line). */
export function writeExport(format: ExportFileFormat, anchor: ExportAnchor, entries: readonly ExportedEntry[]): string {
  const records = fileRecords(anchor, entries);
  if (format === 'jsonl') {
    return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
  }
  const lines = [FILE_COLUMNS.join(','), ...records.map((record) => FILE_COLUMNS.map((column) => csvField(record[column])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

/** One record as read back, with the line of the file it starts on. */
interface ReadRecord {
  line: number;
  values: Record<string, ExportValue>;
}

export class ExportReadError extends Error {}

/** Splits CSV text into rows of fields (quoted fields may hold commas, quotes and line breaks); a quoted field is marked so "" stays an empty text. */
function parseCsv(text: string): { line: number; fields: { text: string; quoted: boolean }[] }[] {
  const rows: { line: number; fields: { text: string; quoted: boolean }[] }[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const rowLine = line;
    const fields: { text: string; quoted: boolean }[] = [];
    for (;;) {
      let value = '';
      let quoted = false;
      if (text[i] === '"') {
        quoted = true;
        i += 1;
        for (;;) {
          if (i >= text.length) throw new ExportReadError(`Line ${rowLine}: a quoted field is not closed.`);
          const char = text[i]!;
          if (char === '"' && text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else if (char === '"') {
            i += 1;
            break;
          } else {
            if (char === '\n') line += 1;
            value += char;
            i += 1;
          }
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
      }
      fields.push({ text: value, quoted });
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === '\r') i += 1;
      if (text[i] === '\n') i += 1;
      line += 1;
      break;
    }
    rows.push({ line: rowLine, fields });
  }
  return rows;
}

function csvValue(column: string, field: { text: string; quoted: boolean } | undefined): ExportValue {
  if (!field || (field.text === '' && !field.quoted)) return null;
  return INTEGER_COLUMNS.has(column) && /^-?\d+$/.test(field.text) ? Number(field.text) : field.text;
}

function readCsv(text: string): ReadRecord[] {
  const [header, ...rows] = parseCsv(text);
  const names = header?.fields.map((field) => field.text) ?? [];
  if (names.join(',') !== FILE_COLUMNS.join(',')) throw new ExportReadError('Line 1 is not the header of a Watchroom audit export.');
  return rows
    .filter((row) => !(row.fields.length === 1 && row.fields[0]!.text === '' && !row.fields[0]!.quoted))
    .map((row) => ({ line: row.line, values: Object.fromEntries(names.map((name, index) => [name, csvValue(name, row.fields[index])])) }));
}

function readJsonLines(text: string): ReadRecord[] {
  const records: ReadRecord[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ExportReadError(`Line ${index + 1} is not JSON.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new ExportReadError(`Line ${index + 1} is not a JSON object.`);
    const values: Record<string, ExportValue> = {};
    for (const [key, value] of Object.entries(parsed)) {
      values[key] = typeof value === 'string' || typeof value === 'number' || value === null ? value : JSON.stringify(value);
    }
    records.push({ line: index + 1, values });
  });
  return records;
}

/** A file's format by its first character: a JSON Lines file starts with an object. */
export function detectFormat(text: string): ExportFileFormat {
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export type ExportProblemKind = 'changed' | 'missing' | 'unchained' | 'unreadable';
export interface ExportProblem {
  /** The entry it concerns (the first missing one for a run of missing entries); null when the file itself is unreadable. */
  seq: number | null;
  /** The line of the file, when there is one. */
  line: number | null;
  kind: ExportProblemKind;
  reason: string;
}

export interface ExportCheck {
  ok: boolean;
  format: ExportFileFormat;
  /** What the anchor says was exported; null when there is no readable anchor. */
  meta: ExportMeta | null;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Every break found (a run of missing entries counts each one). */
  problemCount: number;
  /** The first breaks, in file order. */
  problems: ExportProblem[];
  /**
   * Entries that are tombstones of security events pruned past their retention (content cleared, seq, time and
   * hashes kept): they chain like any entry; only the console can tell a real one from a forged one (its mark is keyed).
   */
  prunedSecurityEvents: number[];
}

/** The `chain` of a pruned security event's tombstone (core/audit/chain.ts's TOMBSTONE_CHAIN; this module imports nothing of core). */
const TOMBSTONE_CHAIN = 'tombstone';

export const EXPORT_PROBLEMS_SHOWN = 20;

function readMeta(detail: ExportValue): ExportMeta | null {
  if (typeof detail !== 'string') return null;
  try {
    const meta = JSON.parse(detail) as Partial<ExportMeta>;
    return meta.format === EXPORT_FORMAT && meta.version === EXPORT_VERSION ? (meta as ExportMeta) : null;
  } catch {
    return null;
  }
}

const isHash = (value: ExportValue): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
/** An entry number as the log writes them: a whole number from 0, so a count of missing entries between two stays finite. */
const isSeq = (value: ExportValue | undefined): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The entries of a file as read (for the console, which compares them with its own); throws ExportReadError. */
export function readExportEntries(text: string): { line: number; entry: Record<string, ExportValue> }[] {
  const records = detectFormat(text) === 'jsonl' ? readJsonLines(text) : readCsv(text);
  return records.filter((r) => r.values.record === 'entry').map((r) => ({ line: r.line, entry: r.values }));
}

/**
 * Checks a file without the console: every entry's digest matches its columns, entries follow
 * one another by seq with no gap, each chains from the one before (its prev_hash is that one's
 * hash), the first from the anchor and the last to the end record. Names the first breaks.
 */
export function checkExport(text: string): ExportCheck {
  const format = detectFormat(text);
  const problems: ExportProblem[] = [];
  let problemCount = 0;
  const add = (problem: ExportProblem, weight = 1) => {
    problemCount += weight;
    if (problems.length < EXPORT_PROBLEMS_SHOWN) problems.push(problem);
  };
  const result = (meta: ExportMeta | null, entries: number, firstSeq: number | null, lastSeq: number | null): ExportCheck => ({
    ok: problemCount === 0,
    format,
    meta,
    entries,
    firstSeq,
    lastSeq,
    problemCount,
    problems,
    prunedSecurityEvents,
  });
  const prunedSecurityEvents: number[] = [];
  let records: ReadRecord[];
  try {
    records = format === 'jsonl' ? readJsonLines(text) : readCsv(text);
  } catch (error) {
    add({ seq: null, line: null, kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) });
    return result(null, 0, null, null);
  }
  const [first, ...rest] = records;
  const meta = first?.values.record === 'anchor' ? readMeta(first.values.detail ?? null) : null;
  if (!first || first.values.record !== 'anchor' || meta === null || !isSeq(first.values.seq) || !isHash(first.values.hash ?? null)) {
    add({
      seq: null,
      line: first?.line ?? null,
      kind: 'unreadable',
      reason: 'The file does not start with the anchor record of a Watchroom audit export.',
    });
    return result(meta, 0, null, null);
  }
  let previous = { seq: first.values.seq, hash: first.values.hash as string };
  let entries = 0;
  let firstSeq: number | null = null;
  let end: ReadRecord | null = null;
  const missing = (from: number, to: number, line: number | null, why: string) => {
    const gap = to - from + 1;
    const which = gap === 1 ? `Entry ${from} is missing` : `Entries ${from} to ${to} are missing (${gap} entries)`;
    add({ seq: from, line, kind: 'missing', reason: `${which}: ${why}` }, gap);
  };
  for (const record of rest) {
    if (end) {
      add({
        seq: null,
        line: record.line,
        kind: 'changed',
        reason: `Line ${record.line} comes after the end record: it was added to the file.`,
      });
      continue;
    }
    if (record.values.record === 'end') {
      end = record;
      continue;
    }
    const { seq, hash } = record.values;
    if (record.values.record !== 'entry' || typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
      add({
        seq: null,
        line: record.line,
        kind: 'changed',
        reason: `Line ${record.line} is not an entry of the export (its record or seq was changed).`,
      });
      continue;
    }
    entries += 1;
    firstSeq ??= seq;
    if (record.values.chain === TOMBSTONE_CHAIN) prunedSecurityEvents.push(seq);
    if (record.values.digest !== entryDigest(record.values)) {
      add({
        seq,
        line: record.line,
        kind: 'changed',
        reason: `Entry ${seq} (line ${record.line}) was changed: its digest does not match its columns.`,
      });
    }
    if (seq > previous.seq + 1) {
      missing(previous.seq + 1, seq - 1, record.line, `entry ${seq} (line ${record.line}) follows entry ${previous.seq}.`);
    } else if (seq <= previous.seq) {
      add({
        seq,
        line: record.line,
        kind: 'unchained',
        reason: `Entry ${seq} (line ${record.line}) is out of order: it comes after entry ${previous.seq}.`,
      });
    } else if (record.values.prev_hash !== previous.hash) {
      add({
        seq,
        line: record.line,
        kind: 'unchained',
        reason: `Entry ${seq} (line ${record.line}) does not chain from ${previous.seq === first.values.seq && entries === 1 ? 'the anchor' : `entry ${previous.seq}`}: one of the two was replaced.`,
      });
    }
    if (seq > previous.seq) previous = { seq, hash: typeof hash === 'string' ? hash : '' };
  }
  if (!end) {
    add({
      seq: previous.seq + 1,
      line: null,
      kind: 'missing',
      reason: `The file ends after entry ${previous.seq} without its end record: the entries after it may have been cut off.`,
    });
  } else if (!isSeq(end.values.seq) || !isHash(end.values.hash ?? null)) {
    add({ seq: null, line: end.line, kind: 'changed', reason: `The end record (line ${end.line}) was changed.` });
  } else if (end.values.seq > previous.seq) {
    missing(
      previous.seq + 1,
      end.values.seq,
      end.line,
      `the end record says the export ends at entry ${end.values.seq}, the file at entry ${previous.seq}.`,
    );
  } else if (end.values.seq !== previous.seq || end.values.hash !== previous.hash) {
    add({
      seq: previous.seq,
      line: end.line,
      kind: 'unchained',
      reason: `The end record (line ${end.line}) does not name the file's last entry ${previous.seq}.`,
    });
  }
  return result(meta, entries, firstSeq, entries > 0 ? previous.seq : null);
}
