CREATE TABLE "bond_preferences" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"source" text NOT NULL,
	"times_acted_on" integer DEFAULT 0 NOT NULL,
	"last_acted_on" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bond_preferences_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "bond_preferences_acted_nonnegative" CHECK ("bond_preferences"."times_acted_on" >= 0),
	CONSTRAINT "bond_preferences_source_known" CHECK ("bond_preferences"."source" in ('customer_stated', 'staff_observed', 'inferred', 'imported'))
);
--> statement-breakpoint
CREATE TABLE "bond_relationships" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"user_id" uuid,
	"employee_name" text NOT NULL,
	"role" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bond_relationships_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "bond_scores" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"bond_index" smallint NOT NULL,
	"social" smallint NOT NULL,
	"customisation" smallint NOT NULL,
	"structural" smallint NOT NULL,
	"financial" smallint NOT NULL,
	"continuity" double precision,
	"switching_cost_minor" bigint NOT NULL,
	"points_balance" bigint NOT NULL,
	"pending_vouchers" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bond_scores_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id"),
	CONSTRAINT "bond_scores_index_range" CHECK ("bond_scores"."bond_index" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "bond_settings" (
	"workspace_id" uuid NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bond_settings_workspace_id_pk" PRIMARY KEY("workspace_id")
);
--> statement-breakpoint
CREATE TABLE "bond_structural" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"early_termination_fee_minor" bigint,
	"term_ends_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bond_structural_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "bond_structural_kind_known" CHECK ("bond_structural"."kind" in ('integration', 'contract_terms', 'automatic_payment', 'shared_process')),
	CONSTRAINT "bond_structural_fee_nonnegative" CHECK ("bond_structural"."early_termination_fee_minor" is null or "bond_structural"."early_termination_fee_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "bond_preferences" ADD CONSTRAINT "bond_preferences_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bond_relationships" ADD CONSTRAINT "bond_relationships_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bond_settings" ADD CONSTRAINT "bond_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bond_structural" ADD CONSTRAINT "bond_structural_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bond_preferences_customer_idx" ON "bond_preferences" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "bond_relationships_customer_idx" ON "bond_relationships" USING btree ("workspace_id","customer_id");--> statement-breakpoint
CREATE INDEX "bond_scores_index_idx" ON "bond_scores" USING btree ("workspace_id","bond_index");--> statement-breakpoint
CREATE INDEX "bond_structural_customer_idx" ON "bond_structural" USING btree ("workspace_id","customer_id");