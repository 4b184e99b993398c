ALTER TABLE `alert_rules` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `version` integer DEFAULT 1 NOT NULL;