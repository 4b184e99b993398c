/** The hash-chained audit log: append, list, verify. */
export { createAuditLog, type AuditLog, type AuditAppend } from './audit-log';
export { GENESIS_HASH, hashAuditEntry } from './chain';
