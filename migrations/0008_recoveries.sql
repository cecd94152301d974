CREATE TABLE `recoveries` (
	`id` text PRIMARY KEY NOT NULL,
	`component_id` text NOT NULL,
	`received_at` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`network` text NOT NULL,
	`counted` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recoveries_component_idx` ON `recoveries` (`component_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `recoveries_fingerprint_idx` ON `recoveries` (`fingerprint`,`component_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `recoveries_network_idx` ON `recoveries` (`network`,`component_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `recoveries_received_idx` ON `recoveries` (`received_at`);