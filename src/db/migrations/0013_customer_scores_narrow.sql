-- customer_scores keeps only what differs per customer. The run's as-of instant, model version
-- and window are read from scoring_runs (by run_id), and a tier's start and reason from the
-- customer's latest customer_tier_changes row: together ~200 of a row's ~470 bytes, rewritten for
-- every customer every day. previous_tier (the tier before the run that wrote the row) lets the
-- write itself report the run's tier changes, instead of a second read of the whole table.
ALTER TABLE "customer_scores" ADD COLUMN "previous_tier" text;--> statement-breakpoint
ALTER TABLE "customer_scores" DROP COLUMN "model_version";--> statement-breakpoint
ALTER TABLE "customer_scores" DROP COLUMN "computed_at";--> statement-breakpoint
ALTER TABLE "customer_scores" DROP COLUMN "window_months";--> statement-breakpoint
ALTER TABLE "customer_scores" DROP COLUMN "tier_since";--> statement-breakpoint
ALTER TABLE "customer_scores" DROP COLUMN "tier_reason";