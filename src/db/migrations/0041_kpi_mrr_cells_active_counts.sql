-- hand-written: the MRR runs gain the tier they were computed under (the movement cells are per
-- tier), so every workspace's KPI roll-ups are emptied here and rebuilt in full on their next read
-- (or the refresh job's next pass).
DELETE FROM "kpi_cohort_state";--> statement-breakpoint
DELETE FROM "kpi_cohort_cells";--> statement-breakpoint
DELETE FROM "kpi_activity_cells";--> statement-breakpoint
DELETE FROM "kpi_cohort_customers";--> statement-breakpoint
DELETE FROM "kpi_mrr_segments";--> statement-breakpoint
DELETE FROM "kpi_cohort_changes";--> statement-breakpoint
CREATE TABLE "customer_active_counts" (
	"workspace_id" uuid NOT NULL,
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "customer_active_counts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delta" integer NOT NULL,
	CONSTRAINT "customer_active_counts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "kpi_mrr_cells" (
	"workspace_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"start_month" integer NOT NULL,
	"end_month" integer NOT NULL,
	"start_minor" bigint NOT NULL,
	"end_minor" bigint NOT NULL,
	"new_minor" bigint NOT NULL,
	"expansion_minor" bigint NOT NULL,
	"contraction_minor" bigint NOT NULL,
	"churned_minor" bigint NOT NULL,
	"reactivation_minor" bigint NOT NULL,
	"customers_at_start" integer NOT NULL,
	"customers_lost" integer NOT NULL,
	CONSTRAINT "kpi_mrr_cells_workspace_id_tier_start_month_end_month_pk" PRIMARY KEY("workspace_id","tier","start_month","end_month")
);
--> statement-breakpoint
ALTER TABLE "kpi_mrr_segments" ADD COLUMN "tier" text NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_mrr_cells" ADD CONSTRAINT "kpi_mrr_cells_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- hand-written:
-- The live active-customer count (customer_active_counts) is a log of changes: statement-level
-- triggers over the transition tables append, per workspace a statement touched, the change in
-- customers that are live (not deleted) and active — one row per statement, none when the count
-- did not move (most updates). The migrations run in one transaction, and CREATE TRIGGER locks
-- `customers` against writes until it commits, so the count seeded below misses none.
CREATE FUNCTION customer_active_counts_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_active_counts (workspace_id, delta)
  SELECT workspace_id, count(*) FROM new_rows WHERE deleted_at IS NULL AND status = 'active' GROUP BY workspace_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION customer_active_counts_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_active_counts (workspace_id, delta)
  SELECT workspace_id, -count(*) FROM old_rows WHERE deleted_at IS NULL AND status = 'active' GROUP BY workspace_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION customer_active_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_active_counts (workspace_id, delta)
  SELECT workspace_id, sum(d) FROM (
    SELECT workspace_id, 1 d FROM new_rows WHERE deleted_at IS NULL AND status = 'active'
    UNION ALL
    SELECT workspace_id, -1 FROM old_rows WHERE deleted_at IS NULL AND status = 'active') x
  GROUP BY workspace_id HAVING sum(d) <> 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER customers_active_count_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_active_counts_new();
--> statement-breakpoint
CREATE TRIGGER customers_active_count_delete AFTER DELETE ON customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_active_counts_old();
--> statement-breakpoint
CREATE TRIGGER customers_active_count_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_active_counts_changed();
--> statement-breakpoint
INSERT INTO customer_active_counts (workspace_id, delta)
SELECT workspace_id, count(*) FROM customers WHERE deleted_at IS NULL AND status = 'active' GROUP BY workspace_id;
