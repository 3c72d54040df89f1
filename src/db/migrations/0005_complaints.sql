CREATE TABLE "complaint_compensations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"type" text NOT NULL,
	"amount" bigint NOT NULL,
	"cost_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"requires_approval" boolean NOT NULL,
	"note" text,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"posted_at" timestamp with time zone,
	CONSTRAINT "complaint_compensations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "complaint_compensations_type_known" CHECK ("complaint_compensations"."type" in ('points', 'voucher', 'refund_note', 'other')),
	CONSTRAINT "complaint_compensations_status_known" CHECK ("complaint_compensations"."status" in ('pending_approval', 'approved', 'rejected', 'posted')),
	CONSTRAINT "complaint_compensations_amounts" CHECK ("complaint_compensations"."amount" >= 0 and "complaint_compensations"."cost_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "complaint_counters" (
	"workspace_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "complaint_counters_workspace_id_year_pk" PRIMARY KEY("workspace_id","year")
);
--> statement-breakpoint
CREATE TABLE "complaint_routing_rules" (
	"workspace_id" uuid NOT NULL,
	"category" text NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "complaint_routing_rules_workspace_id_category_pk" PRIMARY KEY("workspace_id","category")
);
--> statement-breakpoint
CREATE TABLE "complaint_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"public_form_enabled" boolean NOT NULL,
	"categories" text[] NOT NULL,
	"root_causes" text[] NOT NULL,
	"sla_matrix" jsonb NOT NULL,
	"business_hours_only" boolean NOT NULL,
	"weekly_hours" jsonb NOT NULL,
	"holidays" text[] NOT NULL,
	"approval_threshold_minor" bigint NOT NULL,
	"compensation_cap_minor" bigint NOT NULL,
	"point_value_minor" integer NOT NULL,
	"handling_cost_minor" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_status_tokens" (
	"workspace_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"complaint_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_status_tokens_workspace_id_token_hash_pk" PRIMARY KEY("workspace_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "complaint_team_members" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"is_manager" boolean DEFAULT false NOT NULL,
	"last_assigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_team_members_workspace_id_team_id_user_id_pk" PRIMARY KEY("workspace_id","team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "complaint_teams" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"strategy" text DEFAULT 'round_robin' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_teams_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "complaint_teams_strategy_known" CHECK ("complaint_teams"."strategy" in ('round_robin', 'least_loaded'))
);
--> statement-breakpoint
CREATE TABLE "complaint_transitions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"complaint_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "complaint_transitions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"reference" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"category" text NOT NULL,
	"channel" text NOT NULL,
	"source" text NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"locale" text NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"severity" text,
	"customer_tier" text,
	"team_id" uuid,
	"assignee_id" uuid,
	"validity_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	"sla_hours" integer,
	"sla_business_hours" boolean,
	"deadline_at" timestamp with time zone,
	"at_risk_at" timestamp with time zone,
	"sla_state" text,
	"breached_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"solution" text,
	"root_cause" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"satisfaction_score" smallint,
	"satisfaction_comment" text,
	"satisfaction_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"handling_cost_minor" bigint DEFAULT 0 NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', coalesce(subject, '')), 'A') || setweight(to_tsvector('simple', coalesce(description, '')), 'B') || setweight(to_tsvector('simple', coalesce(solution, '')), 'C')) STORED,
	CONSTRAINT "complaints_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "complaints_status_known" CHECK ("complaints"."status" in ('registered', 'under_analysis', 'invalid', 'valid', 'in_resolution', 'resolved', 'satisfaction_checked', 'closed')),
	CONSTRAINT "complaints_severity_known" CHECK ("complaints"."severity" is null or "complaints"."severity" in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "complaints_sla_state_known" CHECK ("complaints"."sla_state" is null or "complaints"."sla_state" in ('on_track', 'at_risk', 'breached', 'met')),
	CONSTRAINT "complaints_source_known" CHECK ("complaints"."source" in ('agent', 'public_form')),
	CONSTRAINT "complaints_satisfaction_range" CHECK ("complaints"."satisfaction_score" is null or "complaints"."satisfaction_score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	CONSTRAINT "rate_limit_hits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
ALTER TABLE "complaint_compensations" ADD CONSTRAINT "complaint_compensations_workspace_id_complaint_id_complaints_workspace_id_id_fk" FOREIGN KEY ("workspace_id","complaint_id") REFERENCES "public"."complaints"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_counters" ADD CONSTRAINT "complaint_counters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_routing_rules" ADD CONSTRAINT "complaint_routing_rules_workspace_id_team_id_complaint_teams_workspace_id_id_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."complaint_teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_settings" ADD CONSTRAINT "complaint_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_status_tokens" ADD CONSTRAINT "complaint_status_tokens_workspace_id_complaint_id_complaints_workspace_id_id_fk" FOREIGN KEY ("workspace_id","complaint_id") REFERENCES "public"."complaints"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_team_members" ADD CONSTRAINT "complaint_team_members_workspace_id_team_id_complaint_teams_workspace_id_id_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."complaint_teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_teams" ADD CONSTRAINT "complaint_teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_transitions" ADD CONSTRAINT "complaint_transitions_workspace_id_complaint_id_complaints_workspace_id_id_fk" FOREIGN KEY ("workspace_id","complaint_id") REFERENCES "public"."complaints"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_compensations_complaint_idx" ON "complaint_compensations" USING btree ("workspace_id","complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_compensations_customer_idx" ON "complaint_compensations" USING btree ("workspace_id","customer_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_teams_name_key" ON "complaint_teams" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "complaint_transitions_complaint_idx" ON "complaint_transitions" USING btree ("workspace_id","complaint_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_reference_key" ON "complaints" USING btree ("workspace_id","reference");--> statement-breakpoint
CREATE INDEX "complaints_registered_idx" ON "complaints" USING btree ("workspace_id","registered_at","id");--> statement-breakpoint
CREATE INDEX "complaints_customer_idx" ON "complaints" USING btree ("workspace_id","customer_id","registered_at");--> statement-breakpoint
CREATE INDEX "complaints_assignee_open_idx" ON "complaints" USING btree ("workspace_id","assignee_id") WHERE "complaints"."status" in ('registered', 'under_analysis', 'valid', 'in_resolution');--> statement-breakpoint
CREATE INDEX "complaints_resolved_idx" ON "complaints" USING btree ("workspace_id","resolved_at") WHERE "complaints"."resolved_at" is not null;--> statement-breakpoint
CREATE INDEX "complaints_sla_at_risk_idx" ON "complaints" USING btree ("at_risk_at") WHERE "complaints"."sla_state" = 'on_track';--> statement-breakpoint
CREATE INDEX "complaints_sla_deadline_idx" ON "complaints" USING btree ("deadline_at") WHERE "complaints"."sla_state" in ('on_track', 'at_risk');--> statement-breakpoint
CREATE INDEX "complaints_search_idx" ON "complaints" USING gin ("workspace_id","search_vector");