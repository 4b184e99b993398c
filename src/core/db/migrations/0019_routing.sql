CREATE TABLE `escalation_levels` (
	`severity` text PRIMARY KEY NOT NULL,
	`levels_json` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `on_call_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`people_json` text NOT NULL,
	`handoff_weekday` integer NOT NULL,
	`handoff_time` text NOT NULL,
	`rotation_weeks` integer NOT NULL,
	`starts_on` text NOT NULL,
	`overrides_json` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `routing_table` (
	`id` text PRIMARY KEY NOT NULL,
	`routes_json` text NOT NULL,
	`pager_schedule_id` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_contacts` (
	`user_id` text PRIMARY KEY NOT NULL,
	`channel_id` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `alert_rules` ADD `routing` text DEFAULT 'table' NOT NULL;
--> statement-breakpoint
-- A rule that named its own channels keeps exactly them; the routing table applies to every other rule.
UPDATE `alert_rules` SET `routing` = 'channels' WHERE `channel_ids_json` <> '[]';
--> statement-breakpoint
-- The policies' delays become levels that name who: the first escalation still waits escalate_after_minutes, each level its repeat time.
INSERT INTO `escalation_levels` (`severity`, `levels_json`)
SELECT `severity`, json_array(
  json_object('label', 'Operator on shift', 'target', json_object('kind', 'role', 'role', 'operator'), 'minutesToNext', `repeat_every_minutes`),
  json_object('label', 'Supervisor on call', 'target', json_object('kind', 'role', 'role', 'supervisor'), 'minutesToNext', `repeat_every_minutes`),
  json_object('label', 'Duty manager', 'target', json_object('kind', 'role', 'role', 'admin'), 'minutesToNext', json('null'))
) FROM `escalation_policies`;
