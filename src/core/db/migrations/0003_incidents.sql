CREATE TABLE `incident_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor` text NOT NULL,
	`detail` text NOT NULL,
	`step_id` text
);
--> statement-breakpoint
CREATE INDEX `incident_events_incident` ON `incident_events` (`incident_id`,`at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`priority` text NOT NULL,
	`state` text NOT NULL,
	`sop_slug` text,
	`sop_version` integer,
	`sop_name` text,
	`site_id` text,
	`site_name` text,
	`owner_id` text,
	`owner` text,
	`takeover_json` text,
	`started_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`responded_at` integer,
	`respond_due_at` integer NOT NULL,
	`resolve_due_at` integer NOT NULL,
	`respond_breached_at` integer,
	`resolve_breached_at` integer,
	`resolved_at` integer,
	`resolution` text,
	`resolve_override` text,
	`last_update_at` integer,
	`next_update_due_at` integer,
	`steps_json` text NOT NULL,
	`alerts_json` text NOT NULL,
	`review_json` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_number_unique` ON `incidents` (`number`);--> statement-breakpoint
CREATE INDEX `incidents_state` ON `incidents` (`state`);--> statement-breakpoint
CREATE INDEX `incidents_resolved_at` ON `incidents` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `sop_templates` (
	`slug` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`steps_json` text NOT NULL,
	`source` text NOT NULL,
	`content_hash` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`slug`, `version`)
);
