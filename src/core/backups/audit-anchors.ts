// The audit chain heads recorded in backup manifests, read back for audit.verify: a backup is an
// anchor kept outside the database (often on another drive), authenticated with the job's key.
import { GENESIS_HASH, type AnchorSet, type ChainAnchor } from '../audit';
import type { Repositories } from '../db';
import { listBackupFiles, readBackupManifest, type AuditHead } from './archive';
import { jobKeyFor } from './job-keys';

/** The head to write into a backup's manifest now. */
export function currentAuditHead(repos: Repositories, at: number): AuditHead {
  const last = repos.audit.last();
  return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH, at };
}

/** For each job, the head in the newest backup its key opens; a folder that cannot be read becomes a note. */
export async function readBackupAnchors(repos: Repositories): Promise<AnchorSet> {
  const anchors: ChainAnchor[] = [];
  const notes: string[] = [];
  for (const job of repos.backups.listJobs()) {
    try {
      // Any key the job holds opens its backups: after a passphrase change the newest may still be under the old one.
      const newest = (await listBackupFiles(job.destination))
        .flatMap((backup) => {
          const key = backup.header ? jobKeyFor(job, backup.header.keyId) : undefined;
          return key && backup.header ? [{ file: backup.file, createdAt: backup.header.createdAt, key }] : [];
        })
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0];
      if (!newest) continue;
      const { auditHead } = await readBackupManifest(newest.file, newest.key);
      if (auditHead) anchors.push({ ...auditHead, source: 'backup', where: newest.file });
    } catch (error) {
      notes.push(
        `The backups of "${job.name}" in ${job.destination} could not be read to compare with (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }
  return { anchors, resetAt: null, notes };
}
