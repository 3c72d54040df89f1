CREATE TABLE "kpi_cohort_cells" (
	"workspace_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"cohort" integer NOT NULL,
	"month" integer NOT NULL,
	"customers" integer NOT NULL,
	"revenue_minor" bigint NOT NULL,
	CONSTRAINT "kpi_cohort_cells_workspace_id_tier_cohort_month_pk" PRIMARY KEY("workspace_id","tier","cohort","month")
);
--> statement-breakpoint
CREATE TABLE "kpi_cohort_changes" (
	"workspace_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "kpi_cohort_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" uuid NOT NULL,
	CONSTRAINT "kpi_cohort_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "kpi_cohort_customers" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"cohort" integer NOT NULL,
	"tier" text NOT NULL,
	"months" integer[] NOT NULL,
	"revenues" bigint[] NOT NULL,
	"bought" boolean[] NOT NULL,
	CONSTRAINT "kpi_cohort_customers_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "kpi_cohort_state" (
	"workspace_id" uuid NOT NULL,
	"built_at" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_cohort_state_workspace_id_pk" PRIMARY KEY("workspace_id")
);
--> statement-breakpoint
ALTER TABLE "kpi_cohort_cells" ADD CONSTRAINT "kpi_cohort_cells_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_cohort_customers" ADD CONSTRAINT "kpi_cohort_customers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_cohort_state" ADD CONSTRAINT "kpi_cohort_state_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- hand-written:
-- The cohort roll-up's queue of changed customers (src/modules/kpis/kpis.schema.ts): whichever path
-- writes a transaction (API, import, demo data, a merge moving them, a hand-typed INSERT) or a
-- scoring run records a tier change, the customers concerned are queued, once per statement
-- (statement-level triggers over the transition tables: a bulk load of purchases pays one INSERT …
-- SELECT DISTINCT, not a trigger call per row). An UPDATE queues a row's old and new customer only
-- when something the matrix reads changed (customer, kind, date, amount).
CREATE FUNCTION kpi_cohort_queue_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_cohort_changes (workspace_id, customer_id) SELECT DISTINCT workspace_id, customer_id FROM new_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_cohort_queue_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_cohort_changes (workspace_id, customer_id) SELECT DISTINCT workspace_id, customer_id FROM old_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_cohort_queue_changed_transactions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_cohort_changes (workspace_id, customer_id)
  SELECT DISTINCT x.workspace_id, x.customer_id
  FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id
  CROSS JOIN LATERAL (VALUES (o.workspace_id, o.customer_id), (n.workspace_id, n.customer_id)) x(workspace_id, customer_id)
  WHERE (n.customer_id, n.kind, n.occurred_at, n.total_minor) IS DISTINCT FROM (o.customer_id, o.kind, o.occurred_at, o.total_minor);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_kpi_cohort_insert AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_queue_new();
--> statement-breakpoint
CREATE TRIGGER transactions_kpi_cohort_delete AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_queue_old();
--> statement-breakpoint
CREATE TRIGGER transactions_kpi_cohort_update AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_queue_changed_transactions();
--> statement-breakpoint
CREATE TRIGGER customer_tier_changes_kpi_cohort_insert AFTER INSERT ON customer_tier_changes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_queue_new();
