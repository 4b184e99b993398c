-- Every row already stored gets the stage its ok, attempts and detail tell: quiet hours held it, nothing was attempted
-- (rate limit, full queue, disabled channel), it was delivered, or it failed. Older rows never kept the channel's answer.
ALTER TABLE `alert_notifications` ADD `stage` text NOT NULL DEFAULT 'failed';--> statement-breakpoint
ALTER TABLE `alert_notifications` ADD `status` integer;--> statement-breakpoint
ALTER TABLE `alert_notifications` ADD `answer` text;--> statement-breakpoint
UPDATE `alert_notifications` SET `stage` = CASE
  WHEN `ok` = 1 THEN 'delivered'
  WHEN `attempts` = 0 AND `detail` LIKE 'held: quiet hours%' THEN 'held'
  WHEN `attempts` = 0 THEN 'dropped'
  ELSE 'failed'
END;--> statement-breakpoint
UPDATE `alerts` SET `last_notification_json` = json_set(`last_notification_json`,
  '$.stage', CASE
    WHEN json_extract(`last_notification_json`, '$.ok') THEN 'delivered'
    WHEN json_extract(`last_notification_json`, '$.attempts') = 0 AND json_extract(`last_notification_json`, '$.detail') LIKE 'held: quiet hours%' THEN 'held'
    WHEN json_extract(`last_notification_json`, '$.attempts') = 0 THEN 'dropped'
    ELSE 'failed'
  END,
  '$.status', json('null'),
  '$.answer', json('null'))
WHERE `last_notification_json` IS NOT NULL AND json_type(`last_notification_json`) = 'object';
