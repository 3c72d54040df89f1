CREATE TABLE "affinity_pairs" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"other_id" uuid NOT NULL,
	"count" integer NOT NULL,
	"confidence" double precision NOT NULL,
	"lift" double precision NOT NULL,
	CONSTRAINT "affinity_pairs_workspace_id_run_id_product_id_other_id_pk" PRIMARY KEY("workspace_id","run_id","product_id","other_id")
);
--> statement-breakpoint
CREATE TABLE "affinity_rules" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"level" text NOT NULL,
	"source" text NOT NULL,
	"rank" integer NOT NULL,
	"antecedent" text[] NOT NULL,
	"consequent" text[] NOT NULL,
	"antecedent_labels" text[] NOT NULL,
	"consequent_labels" text[] NOT NULL,
	"count" integer NOT NULL,
	"support" double precision NOT NULL,
	"confidence" double precision NOT NULL,
	"lift" double precision NOT NULL,
	"conviction" double precision,
	"margin_value" double precision,
	CONSTRAINT "affinity_rules_workspace_id_run_id_level_source_rank_pk" PRIMARY KEY("workspace_id","run_id","level","source","rank"),
	CONSTRAINT "affinity_rules_level_known" CHECK ("affinity_rules"."level" in ('product', 'category')),
	CONSTRAINT "affinity_rules_source_known" CHECK ("affinity_rules"."source" in ('basket', 'portfolio'))
);
--> statement-breakpoint
CREATE TABLE "affinity_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text,
	"queued_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"thresholds" jsonb NOT NULL,
	"baskets" integer,
	"customers" integer,
	"products" integer,
	"rules" integer,
	"card" jsonb,
	"timings" jsonb,
	"error" text,
	CONSTRAINT "affinity_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "affinity_runs_status_known" CHECK ("affinity_runs"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "affinity_pairs" ADD CONSTRAINT "affinity_pairs_workspace_id_run_id_affinity_runs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "public"."affinity_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affinity_rules" ADD CONSTRAINT "affinity_rules_workspace_id_run_id_affinity_runs_workspace_id_id_fk" FOREIGN KEY ("workspace_id","run_id") REFERENCES "public"."affinity_runs"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affinity_runs" ADD CONSTRAINT "affinity_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "affinity_runs_queued_idx" ON "affinity_runs" USING btree ("workspace_id","queued_at");