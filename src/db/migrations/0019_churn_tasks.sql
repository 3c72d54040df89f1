CREATE TABLE "churn_model_runs" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"requested_by" text,
	"queued_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"as_of" timestamp with time zone,
	"used" boolean DEFAULT false NOT NULL,
	"flag" text,
	"rows" integer,
	"positives" integer,
	"auc" double precision,
	"baseline_auc" double precision,
	"brier" double precision,
	"card" jsonb,
	"lifetime" jsonb,
	"customers_scored" integer,
	"timings" jsonb,
	"error" text,
	CONSTRAINT "churn_model_runs_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "churn_model_runs_status_known" CHECK ("churn_model_runs"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "churn_risk" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"risk" double precision NOT NULL,
	"drivers" jsonb NOT NULL,
	"value_at_stake_minor" bigint NOT NULL,
	"expected_loss_minor" bigint NOT NULL,
	"tier" text,
	"segment" text,
	"account_manager_id" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "churn_risk_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id"),
	CONSTRAINT "churn_risk_basis_known" CHECK ("churn_risk"."basis" in ('contract', 'purchase'))
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"title" text NOT NULL,
	"customer_id" uuid,
	"assignee_id" uuid NOT NULL,
	"due_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"outcome" text,
	"source" text,
	"created_by" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "tasks_status_known" CHECK ("tasks"."status" in ('open', 'done', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "term_months" integer;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "payment_method" text;--> statement-breakpoint
ALTER TABLE "churn_model_runs" ADD CONSTRAINT "churn_model_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "churn_model_runs_queued_idx" ON "churn_model_runs" USING btree ("workspace_id","queued_at");--> statement-breakpoint
CREATE INDEX "churn_risk_loss_idx" ON "churn_risk" USING btree ("workspace_id","expected_loss_minor" DESC NULLS LAST,"customer_id");--> statement-breakpoint
CREATE INDEX "churn_risk_manager_idx" ON "churn_risk" USING btree ("workspace_id","account_manager_id","expected_loss_minor" DESC NULLS LAST,"customer_id");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("workspace_id","assignee_id","status","id");--> statement-breakpoint
CREATE INDEX "tasks_customer_idx" ON "tasks" USING btree ("workspace_id","customer_id","id");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_term_range" CHECK ("contracts"."term_months" is null or "contracts"."term_months" between 1 and 120);--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_payment_method_known" CHECK ("contracts"."payment_method" is null or "contracts"."payment_method" in ('card', 'direct_debit', 'bank_transfer', 'invoice', 'pix', 'boleto', 'cash', 'other'));