CREATE TABLE `baselines` (
	`component_id` text NOT NULL,
	`symptom_class` text NOT NULL,
	`slot` integer NOT NULL,
	`mean` real DEFAULT 0 NOT NULL,
	`variance` real DEFAULT 0 NOT NULL,
	`samples` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`component_id`, `symptom_class`, `slot`)
);
--> statement-breakpoint
CREATE TABLE `component_daily` (
	`component_id` text NOT NULL,
	`day` text NOT NULL,
	`uptime_pct` real DEFAULT 100 NOT NULL,
	`worst_status` text DEFAULT 'operational' NOT NULL,
	`downtime_minutes` integer DEFAULT 0 NOT NULL,
	`degraded_minutes` integer DEFAULT 0 NOT NULL,
	`checks` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`latency_p50` integer,
	`latency_p95` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`component_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `component_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `components` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`description_zh` text,
	`description_en` text,
	`group_id` text,
	`position` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'operational' NOT NULL,
	`status_source` text DEFAULT 'default' NOT NULL,
	`showcase` integer DEFAULT true NOT NULL,
	`only_show_if_degraded` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `component_groups`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `components_position_idx` ON `components` (`position`);--> statement-breakpoint
CREATE TABLE `detector_state` (
	`component_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`evaluated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `episodes` (
	`id` text PRIMARY KEY NOT NULL,
	`component_id` text NOT NULL,
	`kind` text NOT NULL,
	`started_at` integer NOT NULL,
	`resolved_at` integer,
	`incident_id` text,
	`evidence` text
);
--> statement-breakpoint
CREATE INDEX `episodes_component_idx` ON `episodes` (`component_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `incident_components` (
	`incident_id` text NOT NULL,
	`component_id` text NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`incident_id`, `component_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `incident_components_component_idx` ON `incident_components` (`component_id`);--> statement-breakpoint
CREATE TABLE `incident_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`status` text NOT NULL,
	`body` text NOT NULL,
	`affected_components` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`display_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incident_updates_incident_idx` ON `incident_updates` (`incident_id`,`display_at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text DEFAULT 'incident' NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`impact` text DEFAULT 'none' NOT NULL,
	`source` text DEFAULT 'declared' NOT NULL,
	`detected_kind` text,
	`review` text,
	`merged_into` text,
	`evidence` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`started_at` integer NOT NULL,
	`monitoring_at` integer,
	`resolved_at` integer,
	`scheduled_for` integer,
	`scheduled_until` integer
);
--> statement-breakpoint
CREATE INDEX `incidents_open_idx` ON `incidents` (`type`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `incidents_created_idx` ON `incidents` (`created_at`);--> statement-breakpoint
CREATE INDEX `incidents_schedule_idx` ON `incidents` (`type`,`scheduled_for`);--> statement-breakpoint
CREATE TABLE `probe_agents` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`location` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `probe_agents_token_idx` ON `probe_agents` (`token_hash`);--> statement-breakpoint
CREATE TABLE `probe_daily` (
	`probe_id` text NOT NULL,
	`component_id` text NOT NULL,
	`day` text NOT NULL,
	`checks` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`latency_p50` integer,
	`latency_p95` integer,
	PRIMARY KEY(`probe_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `probe_daily_component_idx` ON `probe_daily` (`component_id`,`day`);--> statement-breakpoint
CREATE TABLE `probe_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`probe_id` text NOT NULL,
	`component_id` text NOT NULL,
	`location` text NOT NULL,
	`checked_at` integer NOT NULL,
	`ok` integer NOT NULL,
	`degraded` integer DEFAULT false NOT NULL,
	`http_status` integer,
	`latency_ms` integer,
	`error_class` text,
	`agent_id` text
);
--> statement-breakpoint
CREATE INDEX `probe_results_probe_idx` ON `probe_results` (`probe_id`,`checked_at`);--> statement-breakpoint
CREATE INDEX `probe_results_component_idx` ON `probe_results` (`component_id`,`checked_at`);--> statement-breakpoint
CREATE INDEX `probe_results_checked_idx` ON `probe_results` (`checked_at`);--> statement-breakpoint
CREATE TABLE `probes` (
	`id` text PRIMARY KEY NOT NULL,
	`component_id` text NOT NULL,
	`name` text NOT NULL,
	`location` text NOT NULL,
	`url` text NOT NULL,
	`method` text DEFAULT 'GET' NOT NULL,
	`headers` text,
	`expected_status_min` integer DEFAULT 200 NOT NULL,
	`expected_status_max` integer DEFAULT 299 NOT NULL,
	`body_must_contain` text,
	`body_must_not_contain` text,
	`timeout_ms` integer DEFAULT 10000 NOT NULL,
	`interval_minutes` integer DEFAULT 1 NOT NULL,
	`latency_threshold_ms` integer,
	`runner` text DEFAULT 'worker' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`last_run_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `probes_component_idx` ON `probes` (`component_id`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limits_expires_idx` ON `rate_limits` (`expires_at`);--> statement-breakpoint
CREATE TABLE `report_rollups` (
	`component_id` text NOT NULL,
	`minute` integer NOT NULL,
	`symptom_class` text NOT NULL,
	`region` text DEFAULT '' NOT NULL,
	`reporters` integer DEFAULT 0 NOT NULL,
	`reports` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`component_id`, `minute`, `symptom_class`, `region`)
);
--> statement-breakpoint
CREATE INDEX `report_rollups_minute_idx` ON `report_rollups` (`minute`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`component_id` text NOT NULL,
	`symptom` text NOT NULL,
	`symptom_class` text NOT NULL,
	`message_seen` text,
	`region` text,
	`platform` text,
	`other_methods_work` text DEFAULT 'unknown' NOT NULL,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`is_repeat` integer DEFAULT false NOT NULL,
	`verdict` text NOT NULL,
	`idempotency_key` text,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reports_fingerprint_idx` ON `reports` (`fingerprint`,`component_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `reports_received_idx` ON `reports` (`received_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_idempotency_idx` ON `reports` (`idempotency_key`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `symptom_rollups` (
	`component_id` text NOT NULL,
	`minute` integer NOT NULL,
	`symptom` text NOT NULL,
	`reporters` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`component_id`, `minute`, `symptom`)
);
--> statement-breakpoint
CREATE INDEX `symptom_rollups_minute_idx` ON `symptom_rollups` (`minute`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`webhook_id` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`last_status` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due_idx` ON `webhook_deliveries` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`events` text,
	`enabled` integer DEFAULT true NOT NULL,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
