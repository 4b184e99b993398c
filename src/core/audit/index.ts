/** The hash-chained audit log: append, list, verify, and the anchors that pin its head. */
export { createAuditLog, type AuditLog, type AuditAppend, type AuditRetention } from './audit-log';
export { AUDIT_ARCHIVE_FOLDER } from './archive';
export { ANCHORS_FILE_NAME, logLinesPast, pruneLogFile } from './log-retention';
export { GENESIS_HASH, deriveChainKey } from './chain';
export {
  ANCHOR_INTERVAL_MS,
  NO_ANCHORS,
  mergeAnchorSets,
  readLogAnchors,
  startAnchoring,
  type AnchorSet,
  type ChainAnchor,
  type ChainHead,
} from './anchors';
export { AUDIT_READ_WINDOW_MS, createAuditReadRecorder, type AuditReader } from './reads';
export { REFUSED_INPUT_EXCERPT_BYTES, summarizeRefusedInput, type RefusedInputSummary } from './refused-input';
export { checkAuditExport, exportAuditPeriod } from './export';
