// Issue 15: a database backup carries the audit archives (and the anchors moved out of the log), so
// a database restored on a replacement workstation still verifies across what was pruned.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestCore } from '../../../test/support/core';
import { FakeClock } from '../../../test/support/fake-clock';
import { useTempDirs } from '../../../test/support/temp-dir';
import { AuditVerifyResult, type BackupJob, type BackupsChanged, type Envelope } from '../../shared/contract';
import { AUDIT_ARCHIVE_FOLDER, createAuditLog, deriveChainKey } from '../audit';
import { createRepositories } from '../db';

const tempDir = useTempDirs();
const PASSPHRASE = 'correct horse battery staple';
const MINUTE = 60_000;
const SLOW = 60_000;
type Ended = NonNullable<BackupsChanged['ended']>;

function consoleAt(dataDir: string, clock: FakeClock, key?: Buffer) {
  const harness = startTestCore(dataDir, { clock, sopFolder: null, ...(key ? { key } : {}) });
  const waiters: ((e: Ended) => void)[] = [];
  harness.core.dispatcher.subscribe((message) => {
    if (message.event === 'backups.changed' && message.payload.ended)
      waiters.splice(0).forEach((resolve) => resolve(message.payload.ended!));
  });
  harness.core.start();
  const ok = async <T>(method: string, input?: unknown): Promise<T> => {
    const envelope: Envelope = await harness.call(method, input);
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as T;
  };
  /** Starts a command's task and waits for it to end. */
  const task = async (method: string, input: unknown): Promise<Ended> => {
    const ended = new Promise<Ended>((resolve) => waiters.push(resolve));
    await ok(method, input);
    return ended;
  };
  return { ...harness, dataDir, ok, task };
}

describe('database backups carry the audit archives (issue 15)', () => {
  it(
    'restores a database whose chain was pruned into archives, with a tombstone, on a fresh console, and audit.verify is OK there',
    async () => {
      const clock = new FakeClock(Date.UTC(2026, 10, 23, 1, 0, 0));
      const a = consoleAt(tempDir(), clock);
      await a.ok('sites.create', { name: 'Harbour Gate' });
      const pruneFrom = clock.now();
      clock.advance(MINUTE);
      const archiveFolder = join(a.dataDir, AUDIT_ARCHIVE_FOLDER);
      const audit = createAuditLog(createRepositories(a.core.store), clock, deriveChainKey(a.key), archiveFolder);
      audit.append({ actor: 'u-1', actorName: 'Ana', seat: 'desk 3', action: 'auth.signIn', target: 'u-1', result: 'ok' });
      await a.ok('sites.create', { name: 'Depot' });
      // The sign-in becomes a tombstone, then everything written before it leaves the database for an archive.
      expect(audit.pruneSecurityEvents({ cutoff: 0, securityActions: ['auth.signIn'], securityCutoff: clock.now() + 1 })).not.toBeNull();
      expect(audit.prune({ cutoff: pruneFrom + 1, securityActions: [], securityCutoff: 0 })).toMatchObject({ firstSeq: 1 });
      const archives = readdirSync(archiveFolder).sort();
      expect(archives).toEqual([expect.stringMatching(/^audit-/)]);
      expect(AuditVerifyResult.parse(await a.ok('audit.verify')).ok).toBe(true);

      const destination = tempDir();
      const job = await a.ok<BackupJob>('backups.createJob', {
        name: 'Nightly',
        sources: [{ kind: 'database' }],
        destination,
        schedule: '0 2 * * *',
        passphrase: PASSPHRASE,
      });
      expect(await a.task('backups.runNow', { jobId: job.id })).toMatchObject({ ok: true });
      a.core.close();

      // A replacement workstation: a fresh data folder, its own database key, nothing but the folder and the passphrase.
      const b = consoleAt(tempDir(), clock);
      const [backup] = (
        await b.ok<{ backups: { file: string; roots: string[] }[] }>('backups.openFolder', { folder: destination, passphrase: PASSPHRASE })
      ).backups;
      expect(backup?.roots).toEqual(['console-audit', 'database']);
      expect(
        await b.task('backups.restoreFile', {
          file: backup!.file,
          passphrase: PASSPHRASE,
          target: { kind: 'database', confirm: 'RESTORE' },
        }),
      ).toMatchObject({ ok: true });
      b.core.close();

      const restarted = consoleAt(b.dataDir, clock, b.key);
      expect(readdirSync(join(b.dataDir, AUDIT_ARCHIVE_FOLDER)).sort()).toEqual(archives);
      expect(existsSync(`${join(b.dataDir, 'watchroom.db')}.restored-audit`)).toBe(false);
      const verified = AuditVerifyResult.parse(await restarted.ok('audit.verify'));
      expect(verified).toMatchObject({ ok: true, problemCount: 0 });
      // The archived entries were read back (another console's key: order and links), from entry 1 on.
      expect(verified.checked).toBeGreaterThan(verified.head!.seq - 1);
      expect(verified.notes.join(' ')).toContain('were keyed by the console this database was restored from');
      restarted.core.close();
    },
    SLOW,
  );
});
