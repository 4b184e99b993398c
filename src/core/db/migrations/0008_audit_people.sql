ALTER TABLE `audit_log` ADD `actor_name` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `seat` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `authorized_by_id` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `authorized_by_name` text;