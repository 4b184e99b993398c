// Archives of pruned audit entries: a stretch from the chain's start, written (encrypted and
// authenticated) before its rows are deleted, so that verification can still walk across it.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StoredAuditRow, StoredValue } from '../db';
import type { ChainHead } from './anchors';

/** The folder of the data folder that holds the archives. */
export const AUDIT_ARCHIVE_FOLDER = 'audit-archive';

/** Version 1 is sealed under a key derived from the chain key, which a database restored on another console no longer has. */
const MAGIC_V1 = 'WRAUDITARCHIVE1\n';
/** Version 2 is sealed under the archive key kept in the database itself, so the archives restore with it anywhere. */
const MAGIC = 'WRAUDITARCHIVE2\n';
const ARCHIVE_KEY_LABEL = 'watchroom audit archive v1';
const NAME = /^audit-(\d{12})-(\d{12})\.wra$/;

/** The keys archives are sealed with: the database's own archive key (v2), and the chain-derived key of v1 archives. */
export interface ArchiveKeys {
  current: Buffer;
  legacy: Buffer;
}

/** What an archive says of itself, in clear text but authenticated with its rows. */
const ArchiveHeader = z
  .object({
    firstSeq: z.number().int().positive(),
    lastSeq: z.number().int().positive(),
    /** The hash the first archived entry chains from (the genesis hash for entry 1). */
    firstPrevHash: z.string().regex(/^[0-9a-f]{64}$/),
    firstHash: z.string().regex(/^[0-9a-f]{64}$/),
    lastHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** The chain's head when the archive was written. */
    anchor: z.object({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/), at: z.number().int() }).strict(),
    rows: z.number().int().positive(),
  })
  .strict();
export type ArchiveHeader = z.infer<typeof ArchiveHeader>;

export type ArchiveRead =
  | { ok: true; file: string; firstSeq: number; lastSeq: number; header: ArchiveHeader; rows: StoredAuditRow[] }
  /** The range comes from the file's name: the only thing a damaged archive still tells. */
  | { ok: false; file: string; firstSeq: number; lastSeq: number; reason: string };

/** The key of v1 archives, derived from the chain key. */
export function legacyArchiveKey(chainKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', chainKey, Buffer.alloc(0), ARCHIVE_KEY_LABEL, 32));
}

export function archiveFileName(firstSeq: number, lastSeq: number): string {
  return `audit-${String(firstSeq).padStart(12, '0')}-${String(lastSeq).padStart(12, '0')}.wra`;
}

/** Every column with its storage class, so a row reads back exactly as SQLite held it (bigints included). */
type EncodedValue = null | ['i' | 'r' | 't' | 'b', string | number];
function encode(value: StoredValue): EncodedValue {
  if (value === null) return null;
  if (typeof value === 'bigint') return ['i', value.toString()];
  if (typeof value === 'number') return ['r', value];
  if (typeof value === 'string') return ['t', value];
  return ['b', value.toString('hex')];
}
function decode(value: EncodedValue): StoredValue {
  if (value === null) return null;
  const [kind, inner] = value;
  if (kind === 'i') return BigInt(inner);
  if (kind === 'r') return Number(inner);
  if (kind === 't') return String(inner);
  return Buffer.from(String(inner), 'hex');
}

const COLUMNS: readonly (keyof StoredAuditRow)[] = [
  'seq',
  'at',
  'actor',
  'action',
  'target',
  'beforeJson',
  'afterJson',
  'result',
  'detail',
  'prevHash',
  'hash',
  'chain',
  'actorName',
  'seat',
  'authorizedById',
  'authorizedByName',
  'issuedAt',
];

/**
 * Writes the stretch as one file (AES-256-GCM under a key derived from the chain key; the header is
 * authenticated data), fsynced, renamed into place and the folder fsynced: once this returns, the
 * archive survives a crash. The same stretch written again replaces the file (a prune retried after a crash).
 */
export function writeAuditArchive(
  folder: string,
  archiveKey: Buffer,
  rows: readonly StoredAuditRow[],
  anchor: ChainHead & { at: number },
): { file: string; header: ArchiveHeader } {
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const header: ArchiveHeader = {
    firstSeq: Number(first.seq),
    lastSeq: Number(last.seq),
    firstPrevHash: String(first.prevHash),
    firstHash: String(first.hash),
    lastHash: String(last.hash),
    anchor,
    rows: rows.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(ArchiveHeader.parse(header)), 'utf8');
  const body = Buffer.from(rows.map((row) => JSON.stringify(COLUMNS.map((column) => encode(row[column])))).join('\n'), 'utf8');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', archiveKey, iv);
  cipher.setAAD(Buffer.concat([Buffer.from(MAGIC), headerBytes]));
  const sealed = Buffer.concat([cipher.update(body), cipher.final()]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, archiveFileName(header.firstSeq, header.lastSeq));
  const temporary = `${file}.partial`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, Buffer.concat([Buffer.from(MAGIC), length, headerBytes, iv, cipher.getAuthTag(), sealed]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  const dir = openSync(folder, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return { file, header };
}

function readOne(file: string, firstSeq: number, lastSeq: number, keys: ArchiveKeys): ArchiveRead {
  const damaged = (reason: string): ArchiveRead => ({ ok: false, file, firstSeq, lastSeq, reason });
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return damaged(`it could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const magic = [Buffer.from(MAGIC), Buffer.from(MAGIC_V1)].find((known) => bytes.subarray(0, known.length).equals(known));
  if (!magic || bytes.length < magic.length + 4) return damaged('it is not an audit archive');
  const key = magic.toString() === MAGIC ? keys.current : keys.legacy;
  const headerLength = bytes.readUInt32BE(magic.length);
  const headerStart = magic.length + 4;
  const ivStart = headerStart + headerLength;
  if (bytes.length < ivStart + 28) return damaged('it is cut short');
  const headerBytes = bytes.subarray(headerStart, ivStart);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(ivStart, ivStart + 12));
    decipher.setAAD(Buffer.concat([magic, headerBytes]));
    decipher.setAuthTag(bytes.subarray(ivStart + 12, ivStart + 28));
    const body = Buffer.concat([decipher.update(bytes.subarray(ivStart + 28)), decipher.final()]).toString('utf8');
    const header = ArchiveHeader.parse(JSON.parse(headerBytes.toString('utf8')));
    const rows = body.split('\n').map((line) => {
      const values = JSON.parse(line) as EncodedValue[];
      return Object.fromEntries(COLUMNS.map((column, index) => [column, decode(values[index] ?? null)])) as unknown as StoredAuditRow;
    });
    if (header.firstSeq !== firstSeq || header.lastSeq !== lastSeq || rows.length !== header.rows)
      return damaged('its name or its row count does not match what it holds');
    return { ok: true, file, firstSeq, lastSeq, header, rows };
  } catch {
    return damaged('it failed authentication: it was altered, damaged, or written with another key');
  }
}

/** The chain's archives in the folder by name, oldest stretch first, each read only when asked (one at a time in memory); a missing folder holds none. */
export function listAuditArchives(folder: string, keys: ArchiveKeys): { firstSeq: number; lastSeq: number; read: () => ArchiveRead }[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const match = NAME.exec(name);
      return match ? [{ name, firstSeq: Number(match[1]), lastSeq: Number(match[2]) }] : [];
    })
    .sort((a, b) => a.firstSeq - b.firstSeq)
    .map(({ name, firstSeq, lastSeq }) => ({ firstSeq, lastSeq, read: () => readOne(join(folder, name), firstSeq, lastSeq, keys) }));
}
