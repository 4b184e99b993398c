import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEMO_MARKER_FILE } from '../../src/core/entries/demo-folder';
import type { Envelope } from '../../src/shared/contract';
import { authPathOf, type HttpAuthMethod } from '../../src/shared/domain/serve-access';

export interface Credentials {
  username: string;
  password: string;
}

/** The first admin the fixture makes on an empty data folder (a demo folder has the demo users instead). */
export const E2E_ADMIN = { username: 'e2e-admin', displayName: 'Erin Admin', password: 'harbour lantern quietly 42' } as const;

/**
 * The demo admin of each demo folder: its password is random, made at the first demo start and
 * printed at every demo start; it is read from that output.
 */
const demoAdmins = new Map<string, Credentials>();
const DEMO_ADMIN_LINE = /^\s+admin\s+(\S+)\s+(\S+)\s*$/m;

export interface RunningServe {
  /** The address serve mode printed, access token included (#token=...): what an operator opens. */
  url: string;
  dataDir: string;
  /** Who the fixture signs in unless a spec names someone: the first admin, or the demo admin. */
  admin: Credentials;
  stop(): Promise<void>;
}

/** The printed address with a page of the console named, the token kept (new URL('#alerts', url) would drop it). */
export function pageUrl(url: string, page: string): string {
  return `${url}&${page}`;
}

/** Trades the printed address's token for this start's access cookie, as the page does. */
async function accessCookieFor(url: string): Promise<{ origin: string; cookie: string }> {
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  const response = await fetch(`${origin}/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 204 || !cookie) throw new Error(`serve refused the printed token (${response.status})`);
  return { origin, cookie };
}

/** Posts one of the HTTP sign-in methods as the page does; answers core's envelope and the person's cookie it set, if any. */
async function postAuth(
  origin: string,
  accessCookie: string,
  method: HttpAuthMethod,
  input: unknown,
): Promise<{ envelope: Envelope; personCookie: string | null }> {
  const response = await fetch(`${origin}${authPathOf(method)}`, {
    method: 'POST',
    headers: { cookie: accessCookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const personCookie = response.headers.get('set-cookie')?.split(';')[0] ?? null;
  return { envelope: (await response.json()) as Envelope, personCookie };
}

/** Signs `who` in over HTTP; answers the person's session cookie ("name=value"). */
async function personCookieFor(origin: string, accessCookie: string, who: Credentials): Promise<string> {
  const { envelope, personCookie } = await postAuth(origin, accessCookie, 'auth.signIn', {
    username: who.username,
    password: who.password,
  });
  if (!envelope.ok || personCookie === null)
    throw new Error(`${who.username} could not sign in: ${envelope.ok ? 'no cookie' : envelope.error.message}`);
  return personCookie;
}

/**
 * The access cookie and a signed-in person's cookie (the admin unless named), for a socket.io
 * client in Node: io(origin, { extraHeaders: { cookie } }).
 */
export async function sessionCookieFor(
  serve: Pick<RunningServe, 'url' | 'admin'>,
  who: Credentials = serve.admin,
): Promise<{ origin: string; cookie: string }> {
  const { origin, cookie } = await accessCookieFor(serve.url);
  return { origin, cookie: `${cookie}; ${await personCookieFor(origin, cookie, who)}` };
}

/** Makes the first admin of an empty console (E2E_ADMIN), as the set-up screen does. */
export async function setUpFirstAdmin(url: string): Promise<void> {
  const { origin, cookie } = await accessCookieFor(url);
  const { envelope } = await postAuth(origin, cookie, 'auth.setup', E2E_ADMIN);
  // A data folder set up by an earlier start (a restart test) already has its admin.
  if (!envelope.ok && envelope.error.code !== 'conflict') throw new Error(`set-up refused: ${envelope.error.message}`);
}

/**
 * Opens the console in `page` with `who` (the admin unless named) signed in: their session cookie
 * goes into the browser as the sign-in answer would put it, then the printed address is opened.
 */
export async function openSignedIn(
  page: Page,
  serve: Pick<RunningServe, 'url' | 'admin'>,
  who: Credentials = serve.admin,
  consolePage?: string,
): Promise<void> {
  const { origin, cookie } = await accessCookieFor(serve.url);
  const [name = '', value = ''] = (await personCookieFor(origin, cookie, who)).split('=');
  await page.context().addCookies([{ name, value, url: origin, httpOnly: true, sameSite: 'Strict' }]);
  await page.goto(consolePage === undefined ? serve.url : pageUrl(serve.url, consolePage));
}

/** A port nobody listens on now, for a test that restarts serve mode on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'watchroom-e2e-'));
}

/**
 * Starts the built serve mode (dist/core/serve.mjs) on a free port and waits for its URL. A new
 * data folder gets its first admin (E2E_ADMIN) unless `setUp` is false (the set-up screen's own
 * test); a demo folder has the demo users.
 */
export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
  { setUp = true, env = {} }: { setUp?: boolean; env?: Record<string, string> } = {},
): Promise<RunningServe> {
  // A folder started before has its people already; asking again would only add a refusal to its audit log.
  const firstStart = !existsSync(join(dataDir, 'watchroom.db'));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['dist/core/serve.mjs', '--data-dir', dataDir, '--port', '0', ...extraArgs],
    {
      env: { ...process.env, WATCHROOM_LOG_LEVEL: 'info', ...env },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A demo folder (asked for now, or marked by an earlier start) has the demo users instead of a first admin.
  const demo = extraArgs.includes('--demo') || existsSync(join(dataDir, DEMO_MARKER_FILE));
  const printsDemoUsers = demo && firstStart;
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /serving the console at (\S+)/.exec(stdout);
      const admin = DEMO_ADMIN_LINE.exec(stdout);
      if (admin?.[1] && admin[2]) demoAdmins.set(dataDir, { username: admin[1], password: admin[2] });
      if (match?.[1] && (!printsDemoUsers || admin)) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  if (setUp && firstStart && !demo) await setUpFirstAdmin(url);
  const demoAdmin = demoAdmins.get(dataDir);
  if (demo && !demoAdmin) throw new Error(`no demo admin known for ${dataDir}: start it with --demo first, from this test run`);
  return {
    url,
    dataDir,
    admin: demo && demoAdmin ? demoAdmin : E2E_ADMIN,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Collects everything the browser console reports as an error or warning, and uncaught page errors. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}
