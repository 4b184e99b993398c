import type { Clock } from '../../shared/domain/clock';
import type { AuditAppend } from './audit-log';

/** One `audit.read` entry per reader, seat, session, view and filter within this time: a page view, not every poll or page of it. */
export const AUDIT_READ_WINDOW_MS = 10 * 60_000;

/** Who reads (the dispatcher's actor, as far as the record needs it). */
export interface AuditReader {
  id: string;
  displayName: string;
  role: string;
  seat: string;
  sessionId: string | null;
  authorizedBy: { id: string; displayName: string } | null;
  access: string;
}

/**
 * Reading the audit log (the Audit page, or the Security page, which shows its entries) is itself
 * audited when the reader is not an admin (core's own actors neither). Core decides when a read is a
 * new view, not the renderer: the same reader at the same seat with the same filter within the window
 * is the same view (refetches on new entries, paging to older ones); another filter is recorded again.
 */
export function createAuditReadRecorder(append: (entry: AuditAppend) => void, clock: Clock) {
  const lastReadAt = new Map<string, number>();
  return (reader: AuditReader, target: 'audit' | 'security', filter: Record<string, unknown>): void => {
    if (reader.access === 'core' || reader.role === 'admin') return;
    const now = clock.now();
    for (const [key, at] of lastReadAt) if (now - at >= AUDIT_READ_WINDOW_MS || at > now) lastReadAt.delete(key);
    const key = JSON.stringify([reader.id, reader.seat, reader.sessionId, target, filter]);
    if (lastReadAt.has(key)) return;
    lastReadAt.set(key, now);
    append({
      actor: reader.id,
      actorName: reader.displayName,
      seat: reader.seat,
      authorizedBy: reader.authorizedBy,
      action: 'audit.read',
      target,
      after: filter,
      result: 'ok',
    });
  };
}
