CREATE TABLE `account_locks` (
	`username` text PRIMARY KEY NOT NULL,
	`locked_until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `recovery_codes` (
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	PRIMARY KEY(`user_id`, `code_hash`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`seat` text NOT NULL,
	`address` text,
	`started_at` integer NOT NULL,
	`last_active_at` integer NOT NULL,
	`expires_at` integer,
	`locked` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_unique` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`,`ended_at`);--> statement-breakpoint
CREATE TABLE `sign_in_failures` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`username` text NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_username` ON `sign_in_failures` (`username`,`at`);--> statement-breakpoint
CREATE INDEX `sign_in_failures_source` ON `sign_in_failures` (`source`,`at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`sites_json` text,
	`active` integer NOT NULL,
	`password_hash` text NOT NULL,
	`totp_secret` text,
	`totp_pending_secret` text,
	`totp_last_step` integer,
	`last_sign_in_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_unique` ON `users` (`username`);