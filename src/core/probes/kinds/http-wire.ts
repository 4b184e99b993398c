import { ProbeFailure } from './outcome';

/**
 * The smallest HTTP/1.1 client a probe needs: one request on a fresh connection, the response
 * read with its framing (length, chunked, or until close) and the body capped. node:http's client
 * machinery (agent, ClientRequest, IncomingMessage streams) cost a fifth of a fresh HTTPS probe's
 * CPU, and a probe uses none of what it offers.
 */

const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

export interface RequestLine {
  method: string;
  url: Readonly<URL>;
  headers: Record<string, string | number | string[] | undefined>;
  body: string | undefined;
}

export function serializeRequest({ method, url, headers, body }: RequestLine): Buffer {
  const lines = [`${method} ${url.pathname || '/'}${url.search} HTTP/1.1`];
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  if (!names.has('host')) lines.push(`Host: ${url.host}`);
  const payload = body === undefined ? null : Buffer.from(body, 'utf8');
  if (payload && !names.has('content-length')) lines.push(`Content-Length: ${payload.length}`);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [String(value)]) {
      if (/[\r\n]/.test(name) || /[\r\n]/.test(one))
        throw new ProbeFailure(`the header "${name.trim()}" contains a line break; remove it from the monitor`);
      lines.push(`${name}: ${one}`);
    }
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return payload ? Buffer.concat([head, payload]) : head;
}

export interface ResponseHead {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
}

type Framing = { kind: 'none' } | { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' };

function preview(bytes: Buffer): string {
  return JSON.stringify(
    bytes
      .subarray(0, 40)
      .toString('latin1')
      .replace(/\r?\n.*$/s, ''),
  );
}

/** Feed it the bytes of the connection; it says when the head, and then the needed body, are complete. */
export class ResponseReader {
  private pending: Buffer = Buffer.alloc(0);
  head: ResponseHead | null = null;
  private framing: Framing = { kind: 'close' };
  private readonly chunks: Buffer[] = [];
  bodySize = 0;
  truncated = false;
  complete = false;
  /** For chunked bodies: bytes left in the current chunk, or null while reading a size line. */
  private chunkLeft: number | null = null;
  private chunkNeedsCrlf = false;

  /**
   * `needsBody` false for a head: the answer is complete at the end of its head, whatever follows
   * it. A probe that judges the status alone, or follows a redirect, resolves there, so that body's
   * framing is never parsed (and a broken body that arrived with the head does not fail a probe that
   * one arriving a packet later would not).
   */
  constructor(
    private readonly isHead: boolean,
    private readonly capBytes: number,
    private readonly needsBody: (head: ResponseHead) => boolean = () => true,
  ) {}

  body(): Buffer {
    return Buffer.concat(this.chunks, Math.min(this.bodySize, this.capBytes));
  }

  /** Returns true when a new stage completed (the head, or the body). */
  push(bytes: Buffer): boolean {
    if (this.complete) return false;
    if (this.head === null) {
      this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
      if (this.pending.length >= 5 && this.pending.subarray(0, 5).toString('latin1') !== 'HTTP/') {
        throw new ProbeFailure(`the answer is not valid HTTP (expected a status line, got ${preview(this.pending)})`);
      }
      const end = this.pending.indexOf(HEAD_END);
      if (end === -1) {
        if (this.pending.length > MAX_HEAD_BYTES) throw new ProbeFailure('the answer is not valid HTTP (headers larger than 64 KB)');
        return false;
      }
      this.head = parseHead(this.pending.subarray(0, end).toString('latin1'));
      this.framing = framingOf(this.head, this.isHead);
      const rest = this.pending.subarray(end + HEAD_END.length);
      this.pending = Buffer.alloc(0);
      if (this.framing.kind === 'none' || !this.needsBody(this.head)) this.complete = true;
      else if (rest.length > 0) this.consumeBody(rest);
      return true;
    }
    this.consumeBody(bytes);
    return this.complete;
  }

  /** The connection ended: a close-delimited body is complete; anything else was cut short. */
  end(): void {
    if (this.complete) return;
    if (this.head === null) {
      if (this.pending.length === 0) throw new ProbeFailure('connection closed by the target before it answered');
      throw new ProbeFailure(`the answer is not valid HTTP (it ended inside the headers: ${preview(this.pending)})`);
    }
    if (this.framing.kind === 'close') {
      this.complete = true;
      return;
    }
    throw new ProbeFailure(`connection closed by the target after ${this.bodySize} bytes of the body`);
  }

  private keep(bytes: Buffer): void {
    const room = this.capBytes - Math.min(this.bodySize, this.capBytes);
    if (bytes.length > room) {
      this.chunks.push(bytes.subarray(0, room));
      this.truncated = true;
      this.complete = true;
    } else this.chunks.push(bytes);
    this.bodySize += bytes.length;
  }

  private consumeBody(bytes: Buffer): void {
    const framing = this.framing;
    if (framing.kind === 'length') {
      const take = bytes.subarray(0, framing.remaining);
      framing.remaining -= take.length;
      this.keep(take);
      if (framing.remaining === 0) this.complete = true;
      return;
    }
    if (framing.kind === 'close') {
      this.keep(bytes);
      return;
    }
    if (framing.kind === 'chunked') this.consumeChunked(bytes);
  }

  private consumeChunked(input: Buffer): void {
    let bytes = this.pending.length > 0 ? Buffer.concat([this.pending, input]) : input;
    this.pending = Buffer.alloc(0);
    while (bytes.length > 0 && !this.complete) {
      if (this.chunkNeedsCrlf) {
        if (bytes.length < 2) break;
        if (!bytes.subarray(0, 2).equals(CRLF)) throw new ProbeFailure('the answer is not valid HTTP (a chunk does not end with CRLF)');
        bytes = bytes.subarray(2);
        this.chunkNeedsCrlf = false;
        continue;
      }
      if (this.chunkLeft === null) {
        const lineEnd = bytes.indexOf(CRLF);
        if (lineEnd === -1) {
          if (bytes.length > 1024) throw new ProbeFailure('the answer is not valid HTTP (a chunk size line is too long)');
          break;
        }
        const sizeText = bytes.subarray(0, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
        if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText))
          throw new ProbeFailure(`the answer is not valid HTTP (bad chunk size ${JSON.stringify(sizeText)})`);
        bytes = bytes.subarray(lineEnd + 2);
        this.chunkLeft = Number.parseInt(sizeText, 16);
        // The last chunk: the body is complete (trailers are not needed).
        if (this.chunkLeft === 0) this.complete = true;
        continue;
      }
      const take = bytes.subarray(0, this.chunkLeft);
      this.chunkLeft -= take.length;
      this.keep(take);
      bytes = bytes.subarray(take.length);
      if (this.chunkLeft === 0) {
        this.chunkLeft = null;
        this.chunkNeedsCrlf = true;
      }
    }
    if (!this.complete && bytes.length > 0) this.pending = Buffer.from(bytes);
  }
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: |$)/;

/**
 * One pass over the head, line by line, with no array of lines: run once per probe between two TLS
 * handshakes, on cold caches, the split-based parse took about 10 µs of the probe thread.
 */
function parseHead(text: string): ResponseHead {
  const statusEnd = lineEndOf(text, 0);
  const statusLine = text.slice(0, statusEnd);
  const match = STATUS_LINE.exec(statusLine);
  if (!match) throw new ProbeFailure(`the answer is not valid HTTP (bad status line ${JSON.stringify(statusLine.slice(0, 60))})`);
  const headers: Record<string, string> = {};
  for (let start = statusEnd + 2; start < text.length + 2;) {
    const end = lineEndOf(text, start);
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end) {
      throw new ProbeFailure(`the answer is not valid HTTP (bad header line ${JSON.stringify(text.slice(start, end).slice(0, 60))})`);
    }
    const name = text.slice(start, colon).trim().toLowerCase();
    const value = text.slice(colon + 1, end).trim();
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : `${earlier}, ${value}`;
    start = end + 2;
  }
  return { status: Number(match[1]), headers };
}

/** Where the line starting at `start` ends: its CRLF, or the end of the head. */
function lineEndOf(text: string, start: number): number {
  const end = text.indexOf('\r\n', start);
  return end === -1 ? text.length : end;
}

function framingOf(head: ResponseHead, isHead: boolean): Framing {
  if (isHead || head.status === 204 || head.status === 304 || (head.status >= 100 && head.status < 200)) return { kind: 'none' };
  if (/(^|,)\s*chunked\s*$/i.test(head.headers['transfer-encoding'] ?? '')) return { kind: 'chunked' };
  const length = head.headers['content-length'];
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) throw new ProbeFailure(`the answer is not valid HTTP (Content-Length ${JSON.stringify(length)})`);
    const remaining = Number(length);
    return remaining === 0 ? { kind: 'none' } : { kind: 'length', remaining };
  }
  return { kind: 'close' };
}
