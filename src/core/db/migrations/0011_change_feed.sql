-- Hand edit: change_feed_keys is WITHOUT ROWID (its key is the row), as the roll-up tables are.
CREATE TABLE `change_feed` (
	`seq` integer PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_key` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `change_feed_keys` (
	`table_name` text NOT NULL,
	`row_key` text NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`table_name`, `row_key`)
) WITHOUT ROWID;
