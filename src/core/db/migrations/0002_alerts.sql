CREATE TABLE `alert_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`alert_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_events_alert` ON `alert_events` (`alert_id`,`at`);--> statement-breakpoint
CREATE TABLE `alert_notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`alert_id` text,
	`channel_id` text NOT NULL,
	`channel_name` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`attempts` integer NOT NULL,
	`detail` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_notifications_alert` ON `alert_notifications` (`alert_id`,`at`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`enabled` integer NOT NULL,
	`built_in` integer NOT NULL,
	`scope_json` text NOT NULL,
	`condition_json` text NOT NULL,
	`pending_minutes` integer NOT NULL,
	`recovery_json` text NOT NULL,
	`severity` text NOT NULL,
	`channel_ids_json` text NOT NULL,
	`max_open_alerts` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`rule_id` text NOT NULL,
	`rule_name` text NOT NULL,
	`subject` text NOT NULL,
	`subject_name` text NOT NULL,
	`site_id` text,
	`site_name` text,
	`severity` text NOT NULL,
	`state` text NOT NULL,
	`summary` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`count` integer NOT NULL,
	`escalation_level` integer NOT NULL,
	`escalated_at` integer,
	`owner` text,
	`ack_by` text,
	`ack_at` integer,
	`ack_reason` text,
	`ack_note` text,
	`snoozed_until` integer,
	`silenced_by_json` text,
	`held_because` text,
	`flapping` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	`resolution` text,
	`last_notification_json` text,
	`next_escalation_at` integer,
	`notified` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_fingerprint` ON `alerts` (`fingerprint`) WHERE state <> 'resolved';--> statement-breakpoint
CREATE INDEX `alerts_state` ON `alerts` (`state`);--> statement-breakpoint
CREATE INDEX `alerts_resolved_at` ON `alerts` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`enabled` integer NOT NULL,
	`config_json` text NOT NULL,
	`rate_per_minute` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `escalation_policies` (
	`severity` text PRIMARY KEY NOT NULL,
	`escalate_after_minutes` integer,
	`repeat_every_minutes` integer NOT NULL,
	`max_level` integer NOT NULL,
	`ack_timeout_minutes` integer
);
--> statement-breakpoint
CREATE TABLE `silences` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`comment` text NOT NULL,
	`scope_json` text NOT NULL,
	`schedule_json` text NOT NULL,
	`triggered_at` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
