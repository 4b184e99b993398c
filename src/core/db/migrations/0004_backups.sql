CREATE TABLE `backup_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sources_json` text NOT NULL,
	`destination` text NOT NULL,
	`schedule` text NOT NULL,
	`retention_json` text NOT NULL,
	`compression_level` integer NOT NULL,
	`overdue_after_hours` integer NOT NULL,
	`key_hex` text NOT NULL,
	`kdf_json` text NOT NULL,
	`key_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_slot_at` integer,
	`last_run_json` text,
	`last_good_at` integer,
	`last_rolling_check_at` integer,
	`last_test_restore_at` integer
);
--> statement-breakpoint
CREATE TABLE `backups` (
	`id` text PRIMARY KEY NOT NULL,
	`job_id` text,
	`file_name` text NOT NULL,
	`path` text NOT NULL,
	`created_at` integer NOT NULL,
	`kind` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`source_bytes` integer NOT NULL,
	`files` integer NOT NULL,
	`key_id` text NOT NULL,
	`verify` text NOT NULL,
	`verified_at` integer,
	`verify_detail` text
);
--> statement-breakpoint
CREATE INDEX `backups_job` ON `backups` (`job_id`,`created_at`);