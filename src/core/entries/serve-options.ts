import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fieldsFromZodError } from '../../shared/contract';

export const DEFAULT_PORT = 4780;
export const KEY_FILE_NAME = 'db.key';

const ServeOptions = z.object({
  dataDir: z.string().min(1).nullable(),
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  accessToken: z.string().min(16, 'an access token is at least 16 characters').nullable(),
  demo: z.boolean(),
});
export type ServeOptions = z.infer<typeof ServeOptions>;

const USAGE = `Usage: serve [--data-dir DIR] [--port N] [--host ADDR] [--token TOKEN] [--demo]
  --data-dir DIR  keep the database here (default: a fresh demo folder under the system temp folder)
  --port N        listen on port N (default ${DEFAULT_PORT}; 0 picks a free port)
  --host ADDR     bind address (default 127.0.0.1); any other address requires an access token
  --token TOKEN   access token for non-loopback clients (default: WATCHROOM_ACCESS_TOKEN, else generated)
  --demo          seed demo data into a new data folder (implied when --data-dir is not given)`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'UsageError';
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  const raw: Record<string, unknown> = { dataDir: null, port: DEFAULT_PORT, host: '127.0.0.1', accessToken: env.WATCHROOM_ACCESS_TOKEN || null, demo: false };
  const withValue: Record<string, string> = { '--data-dir': 'dataDir', '--port': 'port', '--host': 'host', '--token': 'accessToken' };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--demo') {
      raw.demo = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') throw new UsageError('Watchroom serve mode');
    const key = withValue[flag];
    if (!key) throw new UsageError(`Unknown option ${arg}`);
    const value = inlineValue ?? argv[(i += 1)];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    raw[key] = value;
  }
  const parsed = ServeOptions.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(fieldsFromZodError(parsed.error).map((f) => `${f.path}: ${f.message}`).join('\n'));
  }
  const options = parsed.data;
  return { ...options, demo: options.demo || options.dataDir === null };
}

/** A non-loopback bind serves other machines, so it always has a token: the given one or a new one. */
export function accessTokenFor(options: ServeOptions): string | null {
  if (isLoopback(options.host)) return options.accessToken;
  return options.accessToken ?? randomBytes(24).toString('base64url');
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
