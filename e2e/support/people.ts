import { expect, type Browser, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { Envelope } from '../../src/shared/contract';
import { sessionCookieFor, type Credentials, type RunningServe } from './serve';

/** The contract in Node as a signed-in person: answers the value, or rejects with core's refusal as its message. */
export type Caller = (method: string, input?: unknown) => Promise<unknown>;

/** Opens sockets as people and closes them all at the end of a test. */
export function peopleSockets() {
  const sockets: Socket[] = [];
  return {
    /** A caller signed in as `who` (the admin unless named); each call waits `timeoutMs` for its answer. */
    async callerAs(running: RunningServe, who?: Credentials, { timeoutMs = 10_000 } = {}): Promise<Caller> {
      const { origin, cookie } = await sessionCookieFor(running, who);
      const socket = io(origin, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return async (method, input) => {
        const envelope = (await socket.timeout(timeoutMs).emitWithAck(method, input ?? null)) as Envelope;
        if (!envelope.ok) throw new Error(envelope.error.message);
        return envelope.value;
      };
    },
    closeAll(): void {
      for (const socket of sockets.splice(0)) socket.close();
    },
  };
}

/** A browser of its own (its own cookies) at the printed address, showing the sign-in screen. */
export async function freshBrowser(browser: Browser, running: RunningServe): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(running.url);
  await expect(page.getByTestId('sign-in-screen')).toBeVisible();
  return page;
}

/** Signs in on the sign-in screen (or the lock panel's twin fields) as a person would. */
export async function signIn(page: Page, who: Credentials): Promise<void> {
  await page.getByTestId('sign-in-username').fill(who.username);
  await page.getByTestId('sign-in-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
}

/**
 * Counts the commands a page sends over its socket.io connection (frames naming `prefix`), so a
 * test can say a key sent nothing. Attach before the page opens the console.
 */
export function countSentFrames(page: Page, prefix: string): () => number {
  let count = 0;
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes(`["${prefix}`)) count += 1;
    }),
  );
  return () => count;
}
