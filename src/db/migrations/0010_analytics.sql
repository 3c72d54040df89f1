CREATE TABLE "analytics_settings" (
	"workspace_id" uuid NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "analytics_settings_workspace_id_pk" PRIMARY KEY("workspace_id")
);
--> statement-breakpoint
CREATE TABLE "customer_scores" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"model_version" text,
	"computed_at" timestamp with time zone NOT NULL,
	"window_months" integer NOT NULL,
	"recency_days" integer,
	"frequency" integer NOT NULL,
	"monetary_minor" bigint NOT NULL,
	"tenure_days" integer NOT NULL,
	"revenue_minor" bigint NOT NULL,
	"gross_margin_minor" bigint NOT NULL,
	"interaction_cost_minor" bigint NOT NULL,
	"complaint_cost_minor" bigint NOT NULL,
	"reward_cost_minor" bigint NOT NULL,
	"cost_to_serve_minor" bigint NOT NULL,
	"net_profit_minor" bigint NOT NULL,
	"historical_clv_minor" bigint NOT NULL,
	"potential_value_minor" bigint,
	"potential_source" text,
	"share_of_wallet" double precision,
	"r_score" smallint,
	"f_score" smallint,
	"m_score" smallint,
	"rfm_segment" text,
	"repeat_purchases" integer,
	"recency_weeks" double precision,
	"age_weeks" double precision,
	"expected_purchases" double precision,
	"p_alive" double precision,
	"expected_spend_minor" bigint,
	"clv_minor" bigint,
	"tier" text NOT NULL,
	"tier_since" timestamp with time zone NOT NULL,
	"tier_reason" text NOT NULL,
	CONSTRAINT "customer_scores_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id"),
	CONSTRAINT "customer_scores_tier_known" CHECK ("customer_scores"."tier" in ('platinum', 'gold', 'iron', 'lead'))
);
--> statement-breakpoint
CREATE TABLE "customer_tier_changes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"from_tier" text,
	"to_tier" text NOT NULL,
	"reason" text NOT NULL,
	"run_id" uuid NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_tier_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "scoring_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text,
	"queued_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"as_of" timestamp with time zone,
	"window_months" integer,
	"customers_scored" integer,
	"tier_changes" integer,
	"timings" jsonb,
	"model_version" text,
	"model" jsonb,
	"converged" boolean,
	"cutoffs" jsonb,
	"error" text,
	CONSTRAINT "scoring_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "scoring_runs_mode_known" CHECK ("scoring_runs"."mode" in ('full', 'incremental')),
	CONSTRAINT "scoring_runs_status_known" CHECK ("scoring_runs"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "analytics_settings" ADD CONSTRAINT "analytics_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_runs" ADD CONSTRAINT "scoring_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_scores_tier_idx" ON "customer_scores" USING btree ("workspace_id","tier");--> statement-breakpoint
CREATE INDEX "customer_scores_segment_idx" ON "customer_scores" USING btree ("workspace_id","rfm_segment");--> statement-breakpoint
CREATE INDEX "customer_tier_changes_customer_idx" ON "customer_tier_changes" USING btree ("workspace_id","customer_id","changed_at");--> statement-breakpoint
CREATE INDEX "scoring_runs_queued_idx" ON "scoring_runs" USING btree ("workspace_id","queued_at");