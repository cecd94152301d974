CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`preset` text,
	`overrides` text,
	`enabled` integer DEFAULT true NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `component_groups` ADD `service_id` text DEFAULT 'huabei' NOT NULL;--> statement-breakpoint
ALTER TABLE `components` ADD `service_id` text DEFAULT 'huabei' NOT NULL;--> statement-breakpoint
CREATE INDEX `components_service_idx` ON `components` (`service_id`,`position`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `service_id` text DEFAULT 'huabei' NOT NULL;--> statement-breakpoint
CREATE INDEX `incidents_service_created_idx` ON `incidents` (`service_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `webhooks` ADD `service_id` text DEFAULT 'huabei' NOT NULL;--> statement-breakpoint
-- The single service of earlier releases: Huabei, enabled, from its preset; every existing row above belongs to it.
INSERT OR IGNORE INTO `services` (`id`, `preset`, `overrides`, `enabled`, `position`, `created_at`, `updated_at`)
  VALUES ('huabei', 'huabei', NULL, 1, 0, unixepoch() * 1000, unixepoch() * 1000);
