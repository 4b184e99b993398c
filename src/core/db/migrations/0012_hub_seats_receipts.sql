CREATE TABLE `command_receipts` (
	`id` text PRIMARY KEY NOT NULL,
	`seat_id` text NOT NULL,
	`user_id` text,
	`method` text NOT NULL,
	`issued_at` integer NOT NULL,
	`applied_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`receipt_json` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `seats` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`credential_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`revoked_at` integer,
	`last_seen_at` integer
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `issued_at` integer;