CREATE TABLE `change_feed` (
	`seq` integer PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`row_key` text NOT NULL
);
