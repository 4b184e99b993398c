ALTER TABLE `monitors` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `monitors` ADD `retired_by` text;