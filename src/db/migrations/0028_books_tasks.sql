CREATE TABLE "book_assignments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"from_user_id" uuid,
	"to_user_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"reason" text,
	CONSTRAINT "book_assignments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "book_capacities" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"capacity" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "book_capacities_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id"),
	CONSTRAINT "book_capacities_capacity_range" CHECK ("book_capacities"."capacity" between 0 and 100000)
);
--> statement-breakpoint
CREATE TABLE "people_goals" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"target" real NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_goals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "people_goals_subject_known" CHECK ("people_goals"."subject_kind" in ('user', 'team')),
	CONSTRAINT "people_goals_metric_known" CHECK ("people_goals"."metric" in ('sla_compliance', 'csat', 'book_retention', 'positive_mentions')),
	CONSTRAINT "people_goals_period" CHECK ("people_goals"."period_from" <= "people_goals"."period_to")
);
--> statement-breakpoint
CREATE TABLE "kudos" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"from_user_id" uuid NOT NULL,
	"to_user_id" uuid NOT NULL,
	"message" text NOT NULL,
	"feedback_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kudos_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "kudos_not_self" CHECK ("kudos"."from_user_id" <> "kudos"."to_user_id")
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "team_members_workspace_id_team_id_user_id_pk" PRIMARY KEY("workspace_id","team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"manager_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "remind_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "book_assignments" ADD CONSTRAINT "book_assignments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "book_capacities" ADD CONSTRAINT "book_capacities_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people_goals" ADD CONSTRAINT "people_goals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kudos" ADD CONSTRAINT "kudos_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_workspace_id_team_id_teams_workspace_id_id_fk" FOREIGN KEY ("workspace_id","team_id") REFERENCES "public"."teams"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "book_assignments_customer_idx" ON "book_assignments" USING btree ("workspace_id","customer_id","at");--> statement-breakpoint
CREATE INDEX "book_assignments_to_idx" ON "book_assignments" USING btree ("workspace_id","to_user_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "people_goals_key" ON "people_goals" USING btree ("workspace_id","subject_kind","subject_id","metric","period_from");--> statement-breakpoint
CREATE INDEX "kudos_to_idx" ON "kudos" USING btree ("workspace_id","to_user_id","created_at");--> statement-breakpoint
CREATE INDEX "kudos_created_idx" ON "kudos" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_name_key" ON "teams" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "tasks_reminder_due_idx" ON "tasks" USING btree ("remind_at") WHERE "tasks"."reminded_at" is null and "tasks"."status" = 'open' and "tasks"."remind_at" is not null;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient" CHECK (("notifications"."customer_id" is null) <> ("notifications"."user_id" is null));--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_known" CHECK ("tasks"."source" is null or "tasks"."source" in ('manual', 'churn_worklist', 'survey_detractor', 'campaign', 'complaint'));