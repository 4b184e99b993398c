CREATE TABLE `backup_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`job_name` text NOT NULL,
	`trigger` text NOT NULL,
	`attempt` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`size_bytes` integer,
	`source_bytes` integer,
	`files` integer,
	`backup_id` text,
	`error` text,
	`retry_at` integer
);
--> statement-breakpoint
CREATE INDEX `backup_runs_job` ON `backup_runs` (`job_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `backup_runs_job_outcome` ON `backup_runs` (`job_id`,`outcome`,`started_at`);--> statement-breakpoint
ALTER TABLE `backup_jobs` ADD `notify_json` text;--> statement-breakpoint
ALTER TABLE `backup_jobs` ADD `key_rotation_days` integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE `backup_jobs` ADD `key_set_at` integer;--> statement-breakpoint
ALTER TABLE `backup_jobs` ADD `retry_at` integer;--> statement-breakpoint
ALTER TABLE `backup_jobs` ADD `retry_attempt` integer DEFAULT 0 NOT NULL;