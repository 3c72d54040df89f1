CREATE TABLE "affinity_bundles" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"product_ids" uuid[] NOT NULL,
	"price_minor" bigint NOT NULL,
	"discount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "affinity_bundles_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "affinity_bundles_status_known" CHECK ("affinity_bundles"."status" in ('active', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "affinity_offer_events" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"channel" text NOT NULL,
	"task_id" uuid,
	"segment_id" uuid,
	"recorded_by" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "affinity_offer_events_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "affinity_offer_events_outcome_known" CHECK ("affinity_offer_events"."outcome" in ('offered', 'accepted', 'declined')),
	CONSTRAINT "affinity_offer_events_channel_known" CHECK ("affinity_offer_events"."channel" in ('task', 'campaign', 'manual'))
);
--> statement-breakpoint
CREATE TABLE "affinity_segments" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"segment" integer NOT NULL,
	"size" integer NOT NULL,
	"value_minor" bigint NOT NULL,
	"categories" jsonb NOT NULL,
	"churn_risk" double precision,
	"churn_scored" integer DEFAULT 0 NOT NULL,
	"best_offer_product_id" uuid,
	"best_offer_value" double precision,
	CONSTRAINT "affinity_segments_workspace_id_run_id_segment_pk" PRIMARY KEY("workspace_id","run_id","segment")
);
--> statement-breakpoint
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_source_known";--> statement-breakpoint
ALTER TABLE "affinity_bundles" ADD CONSTRAINT "affinity_bundles_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affinity_offer_events" ADD CONSTRAINT "affinity_offer_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affinity_segments" ADD CONSTRAINT "affinity_segments_workspace_id_run_id_affinity_runs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "public"."affinity_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "affinity_offer_events_customer_idx" ON "affinity_offer_events" USING btree ("workspace_id","customer_id","at");--> statement-breakpoint
CREATE INDEX "affinity_offer_events_product_idx" ON "affinity_offer_events" USING btree ("workspace_id","product_id","channel");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_known" CHECK ("tasks"."source" is null or "tasks"."source" in ('manual', 'churn_worklist', 'survey_detractor', 'campaign', 'complaint', 'offer'));