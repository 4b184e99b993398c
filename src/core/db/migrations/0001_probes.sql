-- Hand edit: the roll-up tables are WITHOUT ROWID (their key is the row), which halves their size.
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `monitor_state` (
	`monitor_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`verdict` text NOT NULL,
	`cause_json` text NOT NULL,
	`since` integer NOT NULL,
	`last_check_at` integer,
	`last_latency_ms` real,
	`last_error` text,
	`cert_expires_at` integer,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`consecutive_successes` integer DEFAULT 0 NOT NULL,
	`change_times_json` text DEFAULT '[]' NOT NULL,
	`manual_note` text,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `monitors` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`probe_json` text NOT NULL,
	`interval_seconds` integer NOT NULL,
	`timeout_seconds` integer NOT NULL,
	`failures_to_down` integer NOT NULL,
	`successes_to_up` integer NOT NULL,
	`warn_latency_ms` integer NOT NULL,
	`crit_latency_ms` integer NOT NULL,
	`parent_id` text,
	`role` text DEFAULT 'normal' NOT NULL,
	`tags_json` text DEFAULT '[]' NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`maintenance` integer DEFAULT false NOT NULL,
	`heartbeat_token` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `monitors_site` ON `monitors` (`site_id`);--> statement-breakpoint
CREATE INDEX `monitors_parent` ON `monitors` (`parent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `monitors_heartbeat_token` ON `monitors` (`heartbeat_token`);--> statement-breakpoint
CREATE TABLE `probe_results` (
	`monitor_id` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`latency_ms` real,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `probe_results_at` ON `probe_results` (`at`);--> statement-breakpoint
CREATE TABLE `rollup_day` (
	`monitor_id` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	`up_count` integer NOT NULL,
	`latency_count` integer NOT NULL,
	`latency_min` real,
	`latency_max` real,
	`latency_sum` real NOT NULL,
	`latency_p95` real,
	`hist` blob,
	`through_rowid` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_hour` (
	`monitor_id` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	`up_count` integer NOT NULL,
	`latency_count` integer NOT NULL,
	`latency_min` real,
	`latency_max` real,
	`latency_sum` real NOT NULL,
	`latency_p95` real,
	`hist` blob,
	`through_rowid` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `rollup_minute` (
	`monitor_id` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	`up_count` integer NOT NULL,
	`latency_count` integer NOT NULL,
	`latency_min` real,
	`latency_max` real,
	`latency_sum` real NOT NULL,
	`latency_p95` real,
	`hist` blob,
	`through_rowid` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`tags_json` text DEFAULT '[]' NOT NULL,
	`maintenance` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `state_changes` (
	`id` integer PRIMARY KEY NOT NULL,
	`monitor_id` text NOT NULL,
	`at` integer NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `state_changes_monitor_at` ON `state_changes` (`monitor_id`,`at`);