CREATE TABLE "campaign_external_results" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"arm_column" text NOT NULL,
	"control" text NOT NULL,
	"rows" integer NOT NULL,
	"analysis" jsonb NOT NULL,
	"uploaded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_external_results_workspace_id_campaign_id_id_pk" PRIMARY KEY("workspace_id","campaign_id","id")
);
--> statement-breakpoint
CREATE TABLE "campaign_uplift_models" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"status" text NOT NULL,
	"days" integer NOT NULL,
	"summary" jsonb,
	"error" text,
	"requested_at" timestamp with time zone NOT NULL,
	"fitted_at" timestamp with time zone,
	CONSTRAINT "campaign_uplift_models_workspace_id_campaign_id_pk" PRIMARY KEY("workspace_id","campaign_id"),
	CONSTRAINT "campaign_uplift_models_status_known" CHECK ("campaign_uplift_models"."status" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "campaign_uplift_scores" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"uplift" double precision NOT NULL,
	"rank_percent" double precision NOT NULL,
	CONSTRAINT "campaign_uplift_scores_workspace_id_campaign_id_customer_id_pk" PRIMARY KEY("workspace_id","campaign_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "campaign_external_results" ADD CONSTRAINT "campaign_external_results_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_uplift_models" ADD CONSTRAINT "campaign_uplift_models_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_uplift_scores" ADD CONSTRAINT "campaign_uplift_scores_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_uplift_models_queued_idx" ON "campaign_uplift_models" USING btree ("status") WHERE "campaign_uplift_models"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "campaign_uplift_scores_customer_idx" ON "campaign_uplift_scores" USING btree ("workspace_id","customer_id");