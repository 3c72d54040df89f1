ALTER TABLE "loyalty_earn_queue" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "loyalty_earn_queue" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "loyalty_earn_queue" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "loyalty_earn_queue" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "loyalty_earn_queue" ADD COLUMN "parked_at" timestamp with time zone;