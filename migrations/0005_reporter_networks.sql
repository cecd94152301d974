CREATE TABLE `reporter_keys` (
	`day` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `reports` ADD `network` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `counted` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `counted_region` text;--> statement-breakpoint
CREATE INDEX `reports_network_idx` ON `reports` (`network`,`component_id`,`received_at`);--> statement-breakpoint
-- Reports stored before networks were known: counted as their repeat mark said, their stated region counted.
UPDATE `reports` SET `counted` = 1 - `is_repeat`, `counted_region` = `region`;
