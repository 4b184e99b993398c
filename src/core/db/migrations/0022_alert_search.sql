-- Issue 15, alert history search over all time: a full-text index of the words the search looks in
-- (summary, monitor, site, rule, acknowledgement note, resolution), so a rare word two years back is
-- found on the first page. Contentless (the words stay in `alerts`); it keeps only each alert's id.
-- Its rowid orders it by first seen: first_seen_at * 2^20 + a slot for alerts first seen in the
-- same millisecond, so a search reads its matches newest first and stops at a page.
CREATE VIRTUAL TABLE `alerts_search` USING fts5(
  alert_id UNINDEXED,
  body,
  content = '',
  contentless_delete = 1,
  contentless_unindexed = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);
--> statement-breakpoint
INSERT INTO `alerts_search` (rowid, alert_id, body)
SELECT `first_seen_at` * 1048576 + row_number() OVER (PARTITION BY `first_seen_at` ORDER BY `id`) - 1, `id`,
  concat_ws(' ', `summary`, `subject_name`, `site_name`, `rule_name`, `ack_note`, `resolution`)
FROM `alerts` ORDER BY `first_seen_at`, `id`;
--> statement-breakpoint
-- Kept in step in the writer's own transaction. The first statement drops an entry the alert may
-- already have: a replica writes rows whole (INSERT OR REPLACE), which fires no delete trigger.
CREATE TRIGGER `alerts_search_insert` AFTER INSERT ON `alerts` BEGIN
  DELETE FROM `alerts_search`
  WHERE rowid BETWEEN NEW.`first_seen_at` * 1048576 AND NEW.`first_seen_at` * 1048576 + 1048575 AND alert_id = NEW.`id`;
  INSERT INTO `alerts_search` (rowid, alert_id, body)
  SELECT coalesce(max(rowid) + 1, NEW.`first_seen_at` * 1048576), NEW.`id`,
    concat_ws(' ', NEW.`summary`, NEW.`subject_name`, NEW.`site_name`, NEW.`rule_name`, NEW.`ack_note`, NEW.`resolution`)
  FROM `alerts_search` WHERE rowid BETWEEN NEW.`first_seen_at` * 1048576 AND NEW.`first_seen_at` * 1048576 + 1048575;
END;
--> statement-breakpoint
-- Only when a searched word or the place changes: an alert firing again (count, last seen) costs nothing here.
CREATE TRIGGER `alerts_search_update` AFTER UPDATE ON `alerts`
WHEN OLD.`id` IS NOT NEW.`id` OR OLD.`first_seen_at` IS NOT NEW.`first_seen_at` OR OLD.`summary` IS NOT NEW.`summary`
  OR OLD.`subject_name` IS NOT NEW.`subject_name` OR OLD.`site_name` IS NOT NEW.`site_name` OR OLD.`rule_name` IS NOT NEW.`rule_name`
  OR OLD.`ack_note` IS NOT NEW.`ack_note` OR OLD.`resolution` IS NOT NEW.`resolution`
BEGIN
  DELETE FROM `alerts_search`
  WHERE rowid BETWEEN OLD.`first_seen_at` * 1048576 AND OLD.`first_seen_at` * 1048576 + 1048575 AND alert_id = OLD.`id`;
  INSERT INTO `alerts_search` (rowid, alert_id, body)
  SELECT coalesce(max(rowid) + 1, NEW.`first_seen_at` * 1048576), NEW.`id`,
    concat_ws(' ', NEW.`summary`, NEW.`subject_name`, NEW.`site_name`, NEW.`rule_name`, NEW.`ack_note`, NEW.`resolution`)
  FROM `alerts_search` WHERE rowid BETWEEN NEW.`first_seen_at` * 1048576 AND NEW.`first_seen_at` * 1048576 + 1048575;
END;
--> statement-breakpoint
-- Retention's prune, a monitor's purge: a deleted alert leaves the index with it.
CREATE TRIGGER `alerts_search_delete` AFTER DELETE ON `alerts` BEGIN
  DELETE FROM `alerts_search`
  WHERE rowid BETWEEN OLD.`first_seen_at` * 1048576 AND OLD.`first_seen_at` * 1048576 + 1048575 AND alert_id = OLD.`id`;
END;
