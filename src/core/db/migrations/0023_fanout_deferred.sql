CREATE TABLE `change_feed_deferred` (
	`table_name` text NOT NULL,
	`row_key` text NOT NULL,
	`noted_at` integer NOT NULL,
	PRIMARY KEY(`table_name`, `row_key`)
);
--> statement-breakpoint
CREATE INDEX `change_feed_deferred_due` ON `change_feed_deferred` (`table_name`,`noted_at`);