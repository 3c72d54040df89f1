ALTER TABLE "loyalty_redemptions" ALTER COLUMN "entry_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "loyalty_redemptions" ADD COLUMN "issue_key" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_redemptions_issue_key" ON "loyalty_redemptions" USING btree ("workspace_id","issue_key");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_dedupe_key" ON "tasks" USING btree ("workspace_id","dedupe_key");