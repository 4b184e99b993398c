CREATE TABLE `handover_items` (
	`handover_id` text NOT NULL,
	`item_id` text NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`subject_id` text,
	`title` text NOT NULL,
	`facts_json` text NOT NULL,
	`note` text NOT NULL,
	`state` text NOT NULL,
	`question` text,
	`asked_at` integer,
	`answer` text,
	`answered_at` integer,
	`accepted_by` text,
	`accepted_at` integer,
	PRIMARY KEY(`handover_id`, `item_id`)
);
--> statement-breakpoint
CREATE TABLE `handovers` (
	`id` text PRIMARY KEY NOT NULL,
	`boundary_at` integer NOT NULL,
	`state` text NOT NULL,
	`outgoing_id` text NOT NULL,
	`outgoing` text NOT NULL,
	`incoming_id` text,
	`incoming` text,
	`general_note` text NOT NULL,
	`created_at` integer NOT NULL,
	`handed_over_at` integer,
	`completed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handovers_boundary_at_unique` ON `handovers` (`boundary_at`);--> statement-breakpoint
CREATE INDEX `handovers_state` ON `handovers` (`state`,`boundary_at`);--> statement-breakpoint
CREATE TABLE `shift_plan` (
	`id` integer PRIMARY KEY NOT NULL,
	`boundaries_json` text NOT NULL,
	`set_by` text,
	`set_at` integer
);
