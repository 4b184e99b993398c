/**
 * Replication of a hub's data to consoles (issue 14): the hub's change feed (triggers fill it
 * inside each writer's transaction), snapshot pages, tombstone pruning, and a console's replica
 * that applies them. The wire shapes are those of shared/contract/hub.
 */
export {
  REPLICATED_TABLES,
  HUB_ONLY_TABLES,
  CHECK_FIELDS_FEED_DELAY_MS,
  ROLLUP_FEED_DELAY_MS,
  replicatedTable,
  type ReplicatedTableSpec,
  type WithheldValue,
} from './tables';
export {
  createChangeFeed,
  removeChangeFeedTriggers,
  forgetFeedHistory,
  SnapshotCursorError,
  DEFAULT_TOMBSTONE_RETENTION_MS,
  type ChangeFeed,
  type ChangeFeedOptions,
} from './feed';
export { createReplica, SnapshotStateError, type ApplyOutcome, type Replica, type ReplicaOptions } from './replica';
export { ReplicationRowError, tableChecksums } from './rows';
export { createOutboxStore, type NewOutboxEntry, type OutboxStore, type StoredOutboxEntry } from './outbox';
