CREATE TABLE `detector_baselines` (
	`component_id` text PRIMARY KEY NOT NULL,
	`learned` text NOT NULL,
	`updated_at` integer NOT NULL
);
