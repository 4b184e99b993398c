// The on-disk layout of one backup file (described in index.ts). Everything read back from disk is
// parsed with zod before it is trusted; the binary parts have fixed, checked sizes.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { z } from 'zod';

export const ARCHIVE_EXTENSION = '.wrbk';
export const FORMAT_NAME = 'watchroom-backup';
export const FORMAT_VERSION = 1;

const HEADER_MAGIC = Buffer.from('WRBACKUP', 'latin1');
const TRAILER_MAGIC = Buffer.from('WRBKEND1', 'latin1');
const HEADER_LENGTH_BYTES = 4;
const HEADER_CHECKSUM_BYTES = 32;
const MAX_HEADER_JSON_BYTES = 64 * 1024;
/** magic, manifest offset (u64), manifest length (u64). */
export const TRAILER_BYTES = TRAILER_MAGIC.length + 8 + 8;
/** The most a header can take, so a reader knows how much to read before parsing. */
export const MAX_HEADER_BYTES = HEADER_MAGIC.length + HEADER_LENGTH_BYTES + MAX_HEADER_JSON_BYTES + HEADER_CHECKSUM_BYTES;

export const FRAME_LENGTH_BYTES = 4;
export const FRAME_NONCE_BYTES = 12;
export const FRAME_TAG_BYTES = 16;
/** A frame's prefix: the ciphertext length, then the nonce. */
export const FRAME_PREFIX_BYTES = FRAME_LENGTH_BYTES + FRAME_NONCE_BYTES;
export const FRAME_OVERHEAD_BYTES = FRAME_PREFIX_BYTES + FRAME_TAG_BYTES;

export const DEFAULT_CHUNK_SIZE = 1024 * 1024;
export const MIN_CHUNK_SIZE = 64 * 1024;
export const MAX_CHUNK_SIZE = 16 * 1024 * 1024;

/** What a frame holds; part of its associated data, so a data frame cannot pose as the manifest. */
export const FrameKind = { data: 0, manifest: 1, manifestEnd: 2 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** The first byte of every frame's plaintext says how the rest is compressed. */
export const Codec = { stored: 0, zstd: 1, gzip: 2 } as const;
export type Codec = (typeof Codec)[keyof typeof Codec];

/** scrypt costs 128·N·r bytes; refuse headers that would make a reader allocate more than this. */
export const MAX_SCRYPT_MEMORY_BYTES = 64 * 1024 * 1024;

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const isPowerOfTwo = (n: number) => Number.isInteger(Math.log2(n));

export const KdfParams = z
  .object({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(2 ** 20)
      .refine(isPowerOfTwo, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    keyLength: z.literal(32),
    /** base64 of 16 random bytes. */
    salt: z.base64().refine((value) => Buffer.from(value, 'base64').length === 16, 'salt must be 16 bytes'),
  })
  .refine((params) => 128 * params.N * params.r <= MAX_SCRYPT_MEMORY_BYTES, 'scrypt parameters need too much memory');
export type KdfParams = z.infer<typeof KdfParams>;

export const ArchiveHeader = z.object({
  format: z.literal(FORMAT_NAME),
  version: z.literal(FORMAT_VERSION),
  backupId: hex(32),
  createdAt: z.iso.datetime(),
  chunkSize: z
    .number()
    .int()
    .refine((size) => isValidChunkSize(size), 'chunk size must be a power of two from 64 KiB to 16 MiB'),
  cipher: z.literal('aes-256-gcm'),
  kdf: KdfParams,
  keyId: hex(16),
});
export type ArchiveHeader = z.infer<typeof ArchiveHeader>;

/** A relative POSIX path that cannot escape the folder it is restored into. */
const EntryPath = z
  .string()
  .min(1)
  .max(4096)
  .refine(
    (path) =>
      !path.startsWith('/') &&
      !path.includes('\\') &&
      !path.includes('\0') &&
      posix.normalize(path) === path &&
      path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'),
    'not a safe relative path',
  );

export const EntryKind = z.enum(['database', 'file']);
export type EntryKind = z.infer<typeof EntryKind>;

const count = z.number().int().min(0);

export const ManifestEntry = z.object({
  path: EntryPath,
  kind: EntryKind,
  /** Plaintext bytes. For the database: its page image, every page's cipher reserve zeroed. */
  size: count,
  mtimeMs: z.number(),
  /** File entries: permission bits (rwx for owner, group, others). Absent in backups made before they were kept. */
  mode: z.number().int().min(0).max(0o777).optional(),
  sha256: hex(64),
  firstFrame: count,
  frameCount: count,
  /** Byte offset of its first frame in the backup file, and the bytes its frames take. */
  offset: count,
  storedBytes: count,
  /** Database entries only: the page size of the image. */
  pageSize: z.number().int().optional(),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const SkippedPath = z.object({ path: z.string(), reason: z.string() });
export type SkippedPath = z.infer<typeof SkippedPath>;

export const CompressionSettings = z.object({ algorithm: z.enum(['zstd', 'gzip']), level: z.number().int() });
export type CompressionSettings = z.infer<typeof CompressionSettings>;

export const AuditHead = z.object({ seq: count, hash: hex(64), at: z.number().int() });
export type AuditHead = z.infer<typeof AuditHead>;

/**
 * The source database passed SQLite's quick_check on the snapshot this backup holds. A backup of a
 * database that fails it is never kept, so only a pass is recorded; older backups lack the field.
 * Read loosely, unlike the rest of the manifest: a later version may record another check or more
 * about it, and this version must still open (and verify) such a backup; a restore relies on the
 * record only when it says quick_check passed (`sourceCheckPassed`).
 */
export const DatabaseCheck = z.object({ check: z.string(), ok: z.boolean() });
export type DatabaseCheck = z.infer<typeof DatabaseCheck>;

/** Whether the backup recorded that its source database passed quick_check when it was taken. */
export function sourceCheckPassed(check: DatabaseCheck | undefined): boolean {
  return check?.check === 'quick_check' && check.ok;
}

export const Manifest = z.object({
  format: z.literal(FORMAT_NAME),
  version: z.literal(FORMAT_VERSION),
  backupId: hex(32),
  keyId: hex(16),
  createdAt: z.iso.datetime(),
  compression: CompressionSettings,
  entries: z.array(ManifestEntry),
  skipped: z.array(SkippedPath),
  totals: z.object({ entries: count, bytes: count, storedBytes: count, dataFrames: count }),
  /** The console's audit chain head when the backup was made: an anchor that outlives the database. */
  auditHead: AuditHead.optional(),
  databaseCheck: DatabaseCheck.optional(),
});
export type Manifest = z.infer<typeof Manifest>;

/** magic | u32 JSON length | header JSON | SHA-256 of the JSON (catches accidental damage early). */
export function encodeHeader(header: ArchiveHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(HEADER_LENGTH_BYTES);
  length.writeUInt32BE(json.length);
  return Buffer.concat([HEADER_MAGIC, length, json, createHash('sha256').update(json).digest()]);
}

export type HeaderProblem = 'not_a_backup' | 'damaged' | 'unsupported';

export type DecodedHeader = { ok: true; header: ArchiveHeader; bytes: Buffer } | { ok: false; problem: HeaderProblem; reason: string };

/** Parses the header from the first bytes of a file (at least the header, at most MAX_HEADER_BYTES). */
export function decodeHeader(start: Buffer): DecodedHeader {
  const jsonStart = HEADER_MAGIC.length + HEADER_LENGTH_BYTES;
  if (start.length < jsonStart || !start.subarray(0, HEADER_MAGIC.length).equals(HEADER_MAGIC)) {
    return { ok: false, problem: 'not_a_backup', reason: 'it does not start like a Watchroom backup' };
  }
  const jsonLength = start.readUInt32BE(HEADER_MAGIC.length);
  const end = jsonStart + jsonLength + HEADER_CHECKSUM_BYTES;
  if (jsonLength > MAX_HEADER_JSON_BYTES || start.length < end)
    return { ok: false, problem: 'damaged', reason: 'its header is cut short or has an impossible length' };
  const json = start.subarray(jsonStart, jsonStart + jsonLength);
  if (
    !createHash('sha256')
      .update(json)
      .digest()
      .equals(start.subarray(jsonStart + jsonLength, end))
  ) {
    return { ok: false, problem: 'damaged', reason: 'its header does not match its checksum' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    return { ok: false, problem: 'damaged', reason: 'its header is not readable' };
  }
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    return {
      ok: false,
      problem: 'unsupported',
      reason: `it was written in format version ${version}; this Watchroom reads version ${FORMAT_VERSION}`,
    };
  }
  const parsed = ArchiveHeader.safeParse(value);
  if (!parsed.success)
    return { ok: false, problem: 'damaged', reason: `its header is invalid (${parsed.error.issues[0]?.message ?? 'unknown'})` };
  return { ok: true, header: parsed.data, bytes: Buffer.from(start.subarray(0, end)) };
}

export function headerDigest(headerBytes: Buffer): Buffer {
  return createHash('sha256').update(headerBytes).digest();
}

export function encodeTrailer(manifestOffset: number, manifestLength: number): Buffer {
  const trailer = Buffer.alloc(TRAILER_BYTES);
  TRAILER_MAGIC.copy(trailer, 0);
  trailer.writeBigUInt64BE(BigInt(manifestOffset), TRAILER_MAGIC.length);
  trailer.writeBigUInt64BE(BigInt(manifestLength), TRAILER_MAGIC.length + 8);
  return trailer;
}

/** The trailer is not authenticated; what it points at is, so a forged one only makes reading fail. */
export function decodeTrailer(trailer: Buffer): { manifestOffset: number; manifestLength: number } | null {
  if (trailer.length !== TRAILER_BYTES || !trailer.subarray(0, TRAILER_MAGIC.length).equals(TRAILER_MAGIC)) return null;
  const manifestOffset = trailer.readBigUInt64BE(TRAILER_MAGIC.length);
  const manifestLength = trailer.readBigUInt64BE(TRAILER_MAGIC.length + 8);
  if (manifestOffset > BigInt(Number.MAX_SAFE_INTEGER) || manifestLength > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { manifestOffset: Number(manifestOffset), manifestLength: Number(manifestLength) };
}

/**
 * A frame's associated data: the digest of the header bytes (which hold the backup id, the KDF
 * salt and the key id), the frame's kind and its index. A frame therefore fails authentication if
 * the header is altered, or if it is moved to another position, another role or another backup.
 */
export function frameAad(digest: Buffer, kind: FrameKind, index: number): Buffer {
  const aad = Buffer.alloc(digest.length + 1 + 4);
  digest.copy(aad, 0);
  aad.writeUInt8(kind, digest.length);
  aad.writeUInt32BE(index, digest.length + 1);
  return aad;
}

/** Chunks hold whole database pages, so their size is a power of two (pages are too). */
export function isValidChunkSize(chunkSize: number): boolean {
  return Number.isInteger(chunkSize) && isPowerOfTwo(chunkSize) && chunkSize >= MIN_CHUNK_SIZE && chunkSize <= MAX_CHUNK_SIZE;
}
