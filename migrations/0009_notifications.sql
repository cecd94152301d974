CREATE TABLE `email_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`subscriber_id` text,
	`to` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text,
	`headers` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscribers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `email_outbox_created_idx` ON `email_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`subscriber_id` text NOT NULL,
	`notice_key` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscribers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once_idx` ON `notifications` (`subscriber_id`,`notice_key`);--> statement-breakpoint
CREATE INDEX `notifications_recent_idx` ON `notifications` (`subscriber_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_state_idx` ON `notifications` (`state`,`updated_at`);--> statement-breakpoint
CREATE TABLE `subscribers` (
	`id` text PRIMARY KEY NOT NULL,
	`service_id` text DEFAULT 'huabei' NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`keys` text,
	`locale` text NOT NULL,
	`component_ids` text,
	`incident_ids` text,
	`confirmed_at` integer,
	`confirmation_sent_at` integer,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_address_idx` ON `subscribers` (`service_id`,`channel`,`address`);--> statement-breakpoint
CREATE INDEX `subscribers_expiry_idx` ON `subscribers` (`expires_at`);