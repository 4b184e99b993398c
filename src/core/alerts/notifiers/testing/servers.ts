import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedRequest {
  method: string;
  /** The path and query asked for. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Resolves once `n` requests have arrived in full. */
  received(n: number): Promise<ReceivedRequest[]>;
  /** Resolves once every connection the receiver accepted has closed. */
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1; `answer` decides what the n-th request (from 0) gets, or leaves it hanging. */
export async function startWebhookReceiver(answer: (response: http.ServerResponse, index: number) => void): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const counted = countdown(requests);
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = requests.length;
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      counted.changed();
      answer(response, index);
    });
  });
  trackSockets(server, sockets);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/hooks/watchroom`,
    requests,
    received: (n) => counted.atLeast(n),
    allConnectionsClosed: () => closedAll(sockets),
    close: () => closeServer(server, sockets),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
}

export interface SmtpReceiver {
  port: number;
  messages: ReceivedMail[];
  received(n: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 without STARTTLS; `options` adds auth checks or refusals. */
export async function startSmtpReceiver(options: SMTPServerOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const counted = countdown(messages);
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        messages.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((recipient) => recipient.address),
          ...parseMail(Buffer.concat(chunks).toString('utf8')),
        });
        counted.changed();
        callback();
      });
    },
    ...options,
  });
  const sockets = new Set<net.Socket>();
  trackSockets(server.server, sockets);
  const port = await listen(server.server);
  return {
    port,
    messages,
    received: (n) => counted.atLeast(n),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (it was free a moment ago): connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Headers (encoded words decoded) and the text body (quoted-printable or base64 decoded) of a single-part mail. */
function parseMail(raw: string): { headers: Map<string, string>; subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(body)
        : body;
  return { headers, subject: headers.get('subject') ?? '', text: text.replace(/\r\n/g, '\n') };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_word, encoding: string, data: string) =>
      encoding.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(value: string): string {
  const joined = value.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Lets a test wait until a list the server fills holds at least n items. */
function countdown<T>(items: T[]): { changed(): void; atLeast(n: number): Promise<T[]> } {
  let waiters: { n: number; resolve: (all: T[]) => void }[] = [];
  return {
    changed() {
      for (const waiter of waiters.filter((w) => items.length >= w.n)) waiter.resolve(items);
      waiters = waiters.filter((w) => items.length < w.n);
    },
    atLeast(n) {
      if (items.length >= n) return Promise.resolve(items);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

function trackSockets(server: net.Server, sockets: Set<net.Socket>): void {
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined); // a client aborting mid-request resets our end
    socket.on('close', () => sockets.delete(socket));
  });
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closedAll(sockets: Set<net.Socket>): Promise<void> {
  return Promise.all([...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)))).then(() => undefined);
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface SilentServer {
  port: number;
  /** Resolves once a client has connected. */
  connected(): Promise<void>;
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

/** Accepts connections and never says a word: an SMTP server that hangs before its greeting. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => socket.resume());
  trackSockets(server, sockets);
  const port = await listen(server);
  return {
    port,
    connected: () => (sockets.size > 0 ? Promise.resolve() : new Promise((resolve) => server.once('connection', () => resolve()))),
    allConnectionsClosed: () => closedAll(sockets),
    close: () => closeServer(server, sockets),
  };
}
