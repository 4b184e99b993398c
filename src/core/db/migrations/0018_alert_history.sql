CREATE INDEX `alerts_history` ON `alerts` (`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_history_site` ON `alerts` (`site_id`,`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_history_subject` ON `alerts` (`subject`,`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_history_rule` ON `alerts` (`rule_id`,`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_history_severity` ON `alerts` (`severity`,`first_seen_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_history_ack_by` ON `alerts` (`ack_by`,`first_seen_at`,`id`);