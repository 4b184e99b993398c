CREATE TABLE `outbox` (
	`position` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`method` text NOT NULL,
	`input_json` text,
	`person_id` text NOT NULL,
	`person_name` text NOT NULL,
	`signed_in_at` integer,
	`seat` text NOT NULL,
	`issued_at` integer NOT NULL,
	`based_on_seq` integer NOT NULL,
	`state` text NOT NULL,
	`error_json` text,
	`refused_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_id_unique` ON `outbox` (`id`);