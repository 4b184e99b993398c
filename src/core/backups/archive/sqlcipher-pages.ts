// The page format of SQLCipher 4 as SQLite3 Multiple Ciphers writes it (cipher 'sqlcipher',
// legacy=4, raw 32-byte key), so the backup can read the pages of an encrypted snapshot and write
// the pages of an encrypted restore without a plaintext database ever touching the disk.
//
// Each 4096-byte page: [AES-256-CBC ciphertext of bytes 0..4016][IV 16][HMAC-SHA512 64]. Page 1
// keeps the file's 16-byte salt in its first 16 bytes and encrypts from byte 16 on; decrypted, those
// bytes read "SQLite format 3\0". The HMAC covers ciphertext and IV, then the page number as u32 LE,
// keyed with PBKDF2-HMAC-SHA512(key, salt XOR 0x3a, 2 iterations). (cipher_sqlcipher.c in sqlite3mc.)
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const SQLCIPHER_PAGE_SIZE = 4096;
const IV_BYTES = 16;
const HMAC_BYTES = 64;
export const SQLCIPHER_RESERVE_BYTES = IV_BYTES + HMAC_BYTES;
const DATA_BYTES = SQLCIPHER_PAGE_SIZE - SQLCIPHER_RESERVE_BYTES;
/** Page 1's first bytes: the file's salt, which the HMAC key is derived with. */
export const SQLCIPHER_SALT_BYTES = 16;
const SALT_BYTES = SQLCIPHER_SALT_BYTES;
const HMAC_SALT_MASK = 0x3a;
const FAST_KDF_ITERATIONS = 2;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Offsets in the SQLite file header (page 1). */
const HEADER_PAGE_SIZE = 16;
const HEADER_WRITE_VERSION = 18;
const HEADER_READ_VERSION = 19;
const HEADER_RESERVE = 20;
/** File format 1 (rollback journal): the restored file opens anywhere; openDatabase turns WAL on. */
const LEGACY_FILE_FORMAT = 1;

export class PageError extends Error {
  constructor(
    message: string,
    readonly pageNumber: number,
  ) {
    super(message);
    this.name = 'PageError';
  }
}

function hmacKeyFor(key: Buffer, salt: Buffer): Buffer {
  const masked = Buffer.from(salt);
  for (let i = 0; i < masked.length; i += 1) masked[i] = (masked[i] ?? 0) ^ HMAC_SALT_MASK;
  return pbkdf2Sync(key, masked, FAST_KDF_ITERATIONS, 32, 'sha512');
}

function pageHmac(hmacKey: Buffer, page: Buffer, dataStart: number, pageNumber: number): Buffer {
  const number = Buffer.alloc(4);
  number.writeUInt32LE(pageNumber);
  return createHmac('sha512', hmacKey)
    .update(page.subarray(dataStart, DATA_BYTES + IV_BYTES))
    .update(number)
    .digest();
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error(`A database key is 32 bytes, got ${key.length}`);
}

/** The page size and reserve recorded in a decrypted page 1. */
export function describeFirstPage(page: Buffer): { pageSize: number; reserve: number } {
  const raw = page.readUInt16BE(HEADER_PAGE_SIZE);
  return { pageSize: raw === 1 ? 65536 : raw, reserve: page.readUInt8(HEADER_RESERVE) };
}

function checkFirstPage(page: Buffer): void {
  if (!page.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) throw new PageError('page 1 is not a SQLite header', 1);
  const { pageSize, reserve } = describeFirstPage(page);
  if (pageSize !== SQLCIPHER_PAGE_SIZE || reserve !== SQLCIPHER_RESERVE_BYTES) {
    throw new PageError(
      `unsupported page layout (page size ${pageSize}, reserve ${reserve}; expected ${SQLCIPHER_PAGE_SIZE} and ${SQLCIPHER_RESERVE_BYTES})`,
      1,
    );
  }
}

/**
 * Decrypts pages of an encrypted database file. Output pages have their reserve (IV and HMAC)
 * zeroed: it means nothing without the key it was made with, and zeros compress.
 */
export class SqlcipherPageReader {
  private readonly hmacKey: Buffer;
  private readonly zeroIv = Buffer.alloc(IV_BYTES);

  /** `salt` is the first 16 bytes of the file. */
  constructor(
    private readonly key: Buffer,
    salt: Buffer,
  ) {
    checkKey(key);
    this.hmacKey = hmacKeyFor(key, salt);
  }

  /** Checks every page's HMAC; throws a PageError naming the first page that fails. */
  authenticate(encrypted: Buffer, firstPageNumber: number): void {
    if (encrypted.length % SQLCIPHER_PAGE_SIZE !== 0) throw new PageError('the file is not a whole number of pages', firstPageNumber);
    for (let offset = 0; offset < encrypted.length; offset += SQLCIPHER_PAGE_SIZE) {
      const pageNumber = firstPageNumber + offset / SQLCIPHER_PAGE_SIZE;
      const page = encrypted.subarray(offset, offset + SQLCIPHER_PAGE_SIZE);
      const expected = page.subarray(DATA_BYTES + IV_BYTES);
      if (!timingSafeEqual(pageHmac(this.hmacKey, page, pageNumber === 1 ? SALT_BYTES : 0, pageNumber), expected)) {
        throw new PageError(`page ${pageNumber} fails its HMAC (wrong key, or the page is damaged)`, pageNumber);
      }
    }
  }

  /** Decrypts whole pages; `firstPageNumber` is the number (from 1) of the first page in `encrypted`. */
  decrypt(encrypted: Buffer, firstPageNumber: number): Buffer {
    this.authenticate(encrypted, firstPageNumber);
    // One CBC pass over the whole buffer (fast: decryption runs blocks in parallel). Every block
    // comes out XORed with the ciphertext block before it, which is right except for the first block
    // of each page, whose IV is in its reserve: swap that in below.
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.zeroIv).setAutoPadding(false);
    const plain = decipher.update(encrypted);
    decipher.final();
    for (let offset = 0; offset < encrypted.length; offset += SQLCIPHER_PAGE_SIZE) {
      const pageNumber = firstPageNumber + offset / SQLCIPHER_PAGE_SIZE;
      const start = offset + (pageNumber === 1 ? SALT_BYTES : 0);
      const iv = offset + DATA_BYTES;
      for (let i = 0; i < IV_BYTES; i += 1) {
        const chained = start === 0 ? 0 : (encrypted[start - IV_BYTES + i] ?? 0);
        plain[start + i] = (plain[start + i] ?? 0) ^ chained ^ (encrypted[iv + i] ?? 0);
      }
      plain.fill(0, offset + DATA_BYTES, offset + SQLCIPHER_PAGE_SIZE);
      if (pageNumber === 1) {
        SQLITE_HEADER.copy(plain, offset);
        checkFirstPage(plain.subarray(offset, offset + SQLCIPHER_PAGE_SIZE));
      }
    }
    return plain;
  }
}

/**
 * Encrypts plaintext pages for a new database file keyed with `key` and a fresh salt.
 *
 * CBC encryption is sequential, and one cipher call per 4 KiB page costs more than the AES itself.
 * So a whole chunk is encrypted as one CBC stream from a random IV, reserves included: each page's
 * IV is then the ciphertext block just before its data in that stream, exactly the chaining value
 * CBC used, so every page decrypts on its own with the IV stored in its reserve. The pages are a
 * standard CBC encryption of one long message, which is what CBC's security is stated for.
 */
export class SqlcipherPageWriter {
  private readonly hmacKey: Buffer;
  readonly salt = randomBytes(SALT_BYTES);

  constructor(private readonly key: Buffer) {
    checkKey(key);
    this.hmacKey = hmacKeyFor(key, this.salt);
  }

  encrypt(plain: Buffer, firstPageNumber: number): Buffer {
    if (plain.length % SQLCIPHER_PAGE_SIZE !== 0) throw new PageError('the database image is not a whole number of pages', firstPageNumber);
    let source = plain;
    if (firstPageNumber === 1) {
      checkFirstPage(plain);
      source = Buffer.from(plain);
      source[HEADER_WRITE_VERSION] = LEGACY_FILE_FORMAT;
      source[HEADER_READ_VERSION] = LEGACY_FILE_FORMAT;
    }
    const streamIv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-cbc', this.key, streamIv).setAutoPadding(false);
    const out = cipher.update(source);
    cipher.final();
    // Each page's IV is the block before its data; take them all before any reserve is overwritten.
    const ivs = Buffer.allocUnsafe(IV_BYTES * (plain.length / SQLCIPHER_PAGE_SIZE));
    for (let offset = 0; offset < plain.length; offset += SQLCIPHER_PAGE_SIZE) {
      const dataStart = offset + (firstPageNumber + offset / SQLCIPHER_PAGE_SIZE === 1 ? SALT_BYTES : 0);
      const iv = ivs.subarray((offset / SQLCIPHER_PAGE_SIZE) * IV_BYTES, (offset / SQLCIPHER_PAGE_SIZE + 1) * IV_BYTES);
      if (dataStart === 0) streamIv.copy(iv);
      else out.copy(iv, 0, dataStart - IV_BYTES, dataStart);
    }
    for (let offset = 0; offset < plain.length; offset += SQLCIPHER_PAGE_SIZE) {
      const pageNumber = firstPageNumber + offset / SQLCIPHER_PAGE_SIZE;
      const page = out.subarray(offset, offset + SQLCIPHER_PAGE_SIZE);
      ivs.copy(page, DATA_BYTES, (offset / SQLCIPHER_PAGE_SIZE) * IV_BYTES, (offset / SQLCIPHER_PAGE_SIZE + 1) * IV_BYTES);
      if (pageNumber === 1) this.salt.copy(page, 0);
      pageHmac(this.hmacKey, page, pageNumber === 1 ? SALT_BYTES : 0, pageNumber).copy(page, DATA_BYTES + IV_BYTES);
    }
    return out;
  }
}
