import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CertificateFingerprint, fieldsFromZodError, HubAddress, text } from '../../shared/contract';

export const DEFAULT_PORT = 4780;
export const KEY_FILE_NAME = 'db.key';
const MIN_TOKEN_CHARS = 16;

const HostName = text().regex(
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[?[0-9A-Fa-f:.]+\]?)$/,
  'give a host name or address, without scheme or port',
);

const ServeOptions = z.strictObject({
  dataDir: text().min(1).nullable(),
  port: z.coerce.number().int().min(0).max(65535),
  host: text().min(1),
  accessToken: text().min(MIN_TOKEN_CHARS, `an access token is at least ${MIN_TOKEN_CHARS} characters`).nullable(),
  tokenFile: text().min(1).nullable(),
  allowHosts: z.array(HostName),
  demo: z.boolean(),
  hub: HubAddress.nullable(),
  hubFingerprint: CertificateFingerprint.nullable(),
  seatId: text().min(1).max(100).nullable(),
  seatCredentialFile: text().min(1).nullable(),
});
export type ServeOptions = z.infer<typeof ServeOptions>;

const USAGE = `Usage: serve [--data-dir DIR] [--port N] [--host ADDR] [--allow-host NAME]... [--token-file FILE] [--demo]
  --data-dir DIR     keep the database here (default: $XDG_DATA_HOME/watchroom, else ~/.local/share/watchroom;
                     with --demo, watchroom-demo beside it)
  --port N           listen on port N (default ${DEFAULT_PORT}; 0 picks a free port)
  --host ADDR        bind address (default 127.0.0.1; 0.0.0.0 for every interface)
  --allow-host NAME  also answer to this host name (a DNS name or address browsers use); repeatable
  --token-file FILE  read the access token from FILE (default: WATCHROOM_ACCESS_TOKEN, else a new one each start)
  --token TOKEN      the access token on the command line (other users can see it in the process list)
  --demo             make DIR a demo folder: demo data on first start, the demo site simulator at every start
  --hub URL          work against the hub at URL (https://host:port) for this run, instead of the backend chosen in Settings;
                     needs --hub-fingerprint, --seat-id and --seat-credential-file
  --hub-fingerprint FP          the hub certificate's SHA-256 fingerprint (AB:CD:...), as the hub printed it
  --seat-id ID                  this seat's id on the hub
  --seat-credential-file FILE   the seat's credential (the file readable by its owner only)`;

export class UsageError extends Error {
  constructor(message: string, usage = USAGE) {
    super(`${message}\n\n${usage}`);
    this.name = 'UsageError';
  }
}

/** The flags a command line knows: switches (no value), flags with one value, and flags that may be given again. */
export interface FlagSpec {
  switches: Record<string, string>;
  withValue: Record<string, string>;
  repeatable: Record<string, string>;
}

/**
 * Reads `--flag value`, `--flag=value` and switches into `raw` (keys from the spec); repeatable
 * flags append to an array. Unknown flags, and flags missing their value, are refused.
 */
export function readFlags(argv: readonly string[], spec: FlagSpec, raw: Record<string, unknown>, usage: string, title: string): void {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const switchKey = spec.switches[flag];
    if (switchKey) {
      raw[switchKey] = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') throw new UsageError(title, usage);
    const repeatKey = spec.repeatable[flag];
    const key = repeatKey ?? spec.withValue[flag];
    if (!key) throw new UsageError(`Unknown option ${arg}`, usage);
    const value = inlineValue ?? argv[(i += 1)];
    if (value === undefined) throw new UsageError(`${flag} needs a value`, usage);
    if (repeatKey) (raw[key] as string[]).push(value);
    else raw[key] = value;
  }
}

/** The options as the schema reads them, or a UsageError listing every problem. */
export function parsedOptions<T extends z.ZodType>(schema: T, raw: Record<string, unknown>, usage: string): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      fieldsFromZodError(parsed.error)
        .map((f) => `${f.path}: ${f.message}`)
        .join('\n'),
      usage,
    );
  }
  return parsed.data;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  const raw: Record<string, unknown> = {
    dataDir: null,
    port: DEFAULT_PORT,
    host: '127.0.0.1',
    accessToken: null,
    tokenFile: null,
    allowHosts: [],
    demo: false,
    hub: null,
    hubFingerprint: null,
    seatId: null,
    seatCredentialFile: null,
  };
  const flags: FlagSpec = {
    switches: { '--demo': 'demo' },
    withValue: {
      '--data-dir': 'dataDir',
      '--port': 'port',
      '--host': 'host',
      '--token': 'accessToken',
      '--token-file': 'tokenFile',
      '--hub': 'hub',
      '--hub-fingerprint': 'hubFingerprint',
      '--seat-id': 'seatId',
      '--seat-credential-file': 'seatCredentialFile',
    },
    repeatable: { '--allow-host': 'allowHosts' },
  };
  readFlags(argv, flags, raw, USAGE, 'Watchroom serve mode');
  const hubFlags = [raw.hub, raw.hubFingerprint, raw.seatId, raw.seatCredentialFile].filter((value) => value !== null).length;
  if (hubFlags !== 0 && hubFlags !== 4)
    throw new UsageError('A hub needs all four: --hub, --hub-fingerprint, --seat-id and --seat-credential-file');
  if (hubFlags !== 0 && raw.demo === true) throw new UsageError('--demo makes a console of its own; it cannot be combined with --hub');
  if (raw.accessToken !== null && raw.tokenFile !== null)
    throw new UsageError('Give the access token either with --token or with --token-file, not both');
  if (raw.accessToken === null && raw.tokenFile === null && env.WATCHROOM_ACCESS_TOKEN) raw.accessToken = env.WATCHROOM_ACCESS_TOKEN;
  return parsedOptions(ServeOptions, raw, USAGE);
}

/** The seat credential for --hub, from a file only its owner can read (it signs this seat in to the hub). */
export function readSeatCredential(file: string): string {
  let credential: string;
  let mode: number;
  try {
    credential = readFileSync(file, 'utf8').trim();
    mode = statSync(file).mode & 0o777;
  } catch (error) {
    throw new UsageError(`Cannot read the seat credential file ${file}: ${(error as Error).message}`);
  }
  if ((mode & 0o077) !== 0) throw new UsageError(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  if (credential === '') throw new UsageError(`${file} is empty: it should hold the seat credential the hub showed`);
  return credential;
}

/**
 * Where the data lives when --data-dir is not given: a persistent folder under the user's data
 * directory, so what the operator set up is still there at the next start. The demo has its own
 * folder, so trying the demo never mixes demo monitors into a real console.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv, home: string, demo: boolean, name = 'watchroom'): string {
  const dataHome = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(dataHome, demo ? `${name}-demo` : name);
}

/**
 * Every start has an access token, loopback included: any web page the operator opens can reach
 * a loopback port. The configured one (file, environment, command line), else a new one.
 */
export function accessTokenFor(options: ServeOptions): string {
  if (options.tokenFile !== null) {
    const file = options.tokenFile;
    let text: string;
    let mode: number;
    try {
      text = readFileSync(file, 'utf8').trim();
      mode = statSync(file).mode & 0o777;
    } catch (error) {
      throw new UsageError(`Cannot read the access token file ${file}: ${(error as Error).message}`);
    }
    if ((mode & 0o077) !== 0) throw new UsageError(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
    if (text.length < MIN_TOKEN_CHARS) throw new UsageError(`The access token in ${file} is shorter than ${MIN_TOKEN_CHARS} characters`);
    return text;
  }
  return options.accessToken ?? randomBytes(24).toString('base64url');
}

/**
 * The host names the console answers to (Host header and Origin): the bound address, the loopback
 * names for a loopback bind, every interface address for a bind to all of them, and the names the
 * operator allowed. Anything else is refused, which is what stops DNS rebinding.
 */
export function consoleHostNames(bindHost: string, allowHosts: readonly string[], interfaceAddresses: readonly string[]): string[] {
  const bracketed = (name: string) => (name.includes(':') && !name.startsWith('[') ? `[${name}]` : name).toLowerCase();
  const loopbackNames = ['localhost', '127.0.0.1', '::1'];
  const wildcard = bindHost === '0.0.0.0' || bindHost === '::';
  const names = [
    ...(wildcard ? [...interfaceAddresses, ...loopbackNames] : [bindHost]),
    ...(isLoopback(bindHost) ? loopbackNames : []),
    ...allowHosts,
  ];
  return [...new Set(names.map(bracketed))];
}

/**
 * The database key in serve mode: WATCHROOM_DB_KEY (64 hex digits), else a key file in the data
 * folder readable only by its owner, created on first start.
 */
export function resolveServeKey(env: NodeJS.ProcessEnv, dataDir: string): { key: Buffer; source: 'env' | 'key-file' | 'new-key-file' } {
  const fromEnv = env.WATCHROOM_DB_KEY;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('WATCHROOM_DB_KEY must be 64 hexadecimal digits (a 32-byte key)');
    return { key: Buffer.from(fromEnv, 'hex'), source: 'env' };
  }
  const file = join(dataDir, KEY_FILE_NAME);
  if (!existsSync(file)) {
    const key = randomBytes(32);
    try {
      writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // A full disk leaves an empty or cut-off key file that would be refused at every later start
      // (never remove one that was there already: EEXIST).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(file, { force: true });
      throw error;
    }
    return { key, source: 'new-key-file' };
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  }
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`${file} does not hold a 32-byte key in hex; restore it from where you keep a copy`);
  return { key: Buffer.from(text, 'hex'), source: 'key-file' };
}
