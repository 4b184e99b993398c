import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { useTempDirs } from '../../../test/support/temp-dir';
import { LOCAL_OPERATOR, type Actor } from '../service';

const tempDir = useTempDirs();
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');
const CREDENTIAL = 'seat-credential-4f7c1e0b9a';
const HUB = { address: 'https://127.0.0.1:4790', fingerprint: FINGERPRINT.toLowerCase(), seatId: 'seat-3', credential: CREDENTIAL };
const OPERATOR: Actor = {
  ...LOCAL_OPERATOR,
  id: 'u-op',
  displayName: 'Olga Operator',
  role: 'operator',
  sessionId: 's-1',
  access: 'signed-in',
};

describe('the backend choice on a console of its own', () => {
  it('works against this workstation until a hub is chosen', async () => {
    const { core, call } = startTestCore(tempDir(), { sopFolder: null });
    expect(await call('backend.state')).toEqual({
      ok: true,
      value: { running: { kind: 'embedded' }, choice: { kind: 'embedded' }, restartNeeded: false, link: { state: 'embedded' } },
    });
    core.close();
  });

  it('pins a hub for the next start; the credential stays in the encrypted database, out of the audit log and the answers', async () => {
    const dir = tempDir();
    const { core, call } = startTestCore(dir, { sopFolder: null });
    const chosen = await call('backend.useHub', HUB);
    const hub = { kind: 'hub', address: HUB.address, fingerprint: FINGERPRINT, seatId: 'seat-3' };
    expect(chosen).toEqual({
      ok: true,
      value: { running: { kind: 'embedded' }, choice: hub, restartNeeded: true, link: { state: 'embedded' } },
    });
    const audit = await call('audit.list', { limit: 5 });
    const entry = (audit as { ok: true; value: { entries: { action: string; target: string; after: unknown }[] } }).value.entries[0];
    expect(entry).toMatchObject({ action: 'backend.useHub', target: HUB.address, after: hub });
    expect(JSON.stringify(audit)).not.toContain(CREDENTIAL);
    expect(JSON.stringify(await call('settings.get'))).not.toContain(CREDENTIAL);
    core.close();
    // Nowhere in the data folder in plaintext: not in a settings file, not in the log, not in the database's pages.
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).includes(CREDENTIAL), name).toBe(false);
  });

  it('goes back to this workstation, and only an admin chooses', async () => {
    const { core, call } = startTestCore(tempDir(), { sopFolder: null });
    expect(await call('backend.useHub', HUB, OPERATOR)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('backend.useHub', { ...HUB, address: 'http://127.0.0.1:4790' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await call('backend.useHub', HUB);
    expect(await call('backend.useEmbedded')).toMatchObject({ ok: true, value: { choice: { kind: 'embedded' }, restartNeeded: false } });
    core.close();
  });

  it('says plainly when no hub answers at an address it was asked to inspect', async () => {
    const { core, call } = startTestCore(tempDir(), { sopFolder: null });
    const answer = await call('backend.inspectHub', { address: 'https://127.0.0.1:1' });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('Could not reach the hub') },
    });
    core.close();
  });
});
