import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export interface RunningServe {
  /** The address serve mode printed, access token included (#token=...): what an operator opens. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The printed address with a page of the console named, the token kept (new URL('#alerts', url) would drop it). */
export function pageUrl(url: string, page: string): string {
  return `${url}&${page}`;
}

/**
 * Trades the printed address's token for this start's session cookie, as the page does, for a
 * socket.io client in Node: io(origin, { extraHeaders: { cookie } }).
 */
export async function sessionCookieFor(url: string): Promise<{ origin: string; cookie: string }> {
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  const response = await fetch(`${origin}/session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 204 || !cookie) throw new Error(`serve refused the printed token (${response.status})`);
  return { origin, cookie };
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'watchroom-e2e-'));
}

/** Starts the built serve mode (dist/core/serve.mjs) on a free port and waits for its URL. */
export async function startServe(dataDir: string, extraArgs: string[] = []): Promise<RunningServe> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['dist/core/serve.mjs', '--data-dir', dataDir, '--port', '0', ...extraArgs],
    {
      env: { ...process.env, WATCHROOM_LOG_LEVEL: 'info' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /serving the console at (\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    dataDir,
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
