CREATE TABLE `offline_verifiers` (
	`user_id` text PRIMARY KEY NOT NULL,
	`seat_id` text NOT NULL,
	`username` text NOT NULL,
	`verifier` text NOT NULL,
	`signed_in_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `alerts` ADD `owner_seat` text;