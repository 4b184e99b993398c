import type { AuditEntry, AuditListInput, AuditPage, AuditVerifyResult } from '../../shared/contract';
import { AuditListInput as AuditListInputSchema } from '../../shared/contract';
import type { Clock } from '../../shared/domain/clock';
import { redactSecrets } from '../../shared/domain/redact';
import type { AuditRow, Repositories } from '../db';
import { GENESIS_HASH, checkLink, hashAuditEntry } from './chain';

export interface AuditAppend {
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  result: 'ok' | 'error';
  detail?: string | null;
}

export interface AuditLog {
  /** Appends one entry; call inside the transaction of the change it records. */
  append(entry: AuditAppend): AuditEntry;
  list(query: AuditListInput): AuditPage;
  verify(): AuditVerifyResult;
}

const VERIFY_PAGE = 2000;

function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(redactSecrets(value));
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: row.beforeJson === null ? null : (JSON.parse(row.beforeJson) as unknown),
    after: row.afterJson === null ? null : (JSON.parse(row.afterJson) as unknown),
    result: row.result,
    detail: row.detail,
    hash: row.hash,
  };
}

export function createAuditLog(repos: Repositories, clock: Clock): AuditLog {
  return {
    append(entry) {
      const last = repos.audit.last();
      const unhashed = {
        seq: (last?.seq ?? 0) + 1,
        at: clock.now(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        beforeJson: toJson(entry.before),
        afterJson: toJson(entry.after),
        result: entry.result,
        detail: entry.detail ?? null,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const row: AuditRow = { ...unhashed, hash: hashAuditEntry(unhashed) };
      repos.audit.insert(row);
      return toEntry(row);
    },
    list(input) {
      const query = AuditListInputSchema.parse(input);
      const rows = repos.audit.list(query);
      const lastRow = rows.at(-1);
      return {
        entries: rows.map(toEntry),
        nextBeforeSeq: rows.length === query.limit && lastRow ? lastRow.seq : null,
      };
    },
    verify() {
      let previous: AuditRow | null = null;
      let checked = 0;
      for (;;) {
        const page = repos.audit.pageFrom(previous?.seq ?? 0, VERIFY_PAGE);
        for (const row of page) {
          const link = checkLink(row, previous);
          if (!link.ok) return { ok: false, checked, firstBrokenSeq: link.brokenSeq, reason: link.reason };
          previous = row;
          checked += 1;
        }
        if (page.length < VERIFY_PAGE) return { ok: true, checked };
      }
    },
  };
}
