-- hand-written: the cohort roll-up's customer rows gain their purchase counts, so every workspace's
-- roll-up is emptied here and rebuilt in full on its next read (or the refresh job's next pass).
DELETE FROM "kpi_cohort_state";--> statement-breakpoint
DELETE FROM "kpi_cohort_cells";--> statement-breakpoint
DELETE FROM "kpi_cohort_customers";--> statement-breakpoint
DELETE FROM "kpi_cohort_changes";--> statement-breakpoint
CREATE TABLE "kpi_activity_cells" (
	"workspace_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"month" integer NOT NULL,
	"prev_month" integer NOT NULL,
	"prev2_month" integer NOT NULL,
	"purchases" integer NOT NULL,
	CONSTRAINT "kpi_activity_cells_workspace_id_tier_month_prev_month_prev2_month_pk" PRIMARY KEY("workspace_id","tier","month","prev_month","prev2_month")
);
--> statement-breakpoint
CREATE TABLE "kpi_mrr_segments" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"from_month" integer NOT NULL,
	"to_month" integer,
	"mrr_minor" bigint NOT NULL,
	"prev_minor" bigint NOT NULL,
	"seen_before" boolean NOT NULL,
	"churns" boolean NOT NULL,
	CONSTRAINT "kpi_mrr_segments_workspace_id_customer_id_from_month_pk" PRIMARY KEY("workspace_id","customer_id","from_month")
);
--> statement-breakpoint
ALTER TABLE "kpi_cohort_customers" ADD COLUMN "purchases" integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_activity_cells" ADD CONSTRAINT "kpi_activity_cells_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_mrr_segments" ADD CONSTRAINT "kpi_mrr_segments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_mrr_segments_from_idx" ON "kpi_mrr_segments" USING btree ("workspace_id","from_month");--> statement-breakpoint
CREATE INDEX "kpi_mrr_segments_to_idx" ON "kpi_mrr_segments" USING btree ("workspace_id","to_month");--> statement-breakpoint
CREATE INDEX "kpi_cohort_customers_cohort_idx" ON "kpi_cohort_customers" USING btree ("workspace_id","cohort","customer_id");--> statement-breakpoint
-- hand-written:
-- The KPI roll-ups' queue (kpi_cohort_changes) also learns of contracts and their dated value
-- changes: the month-end MRR runs (kpi_mrr_segments) are kept per customer by the same refresh
-- (src/modules/kpis/kpis.rollup.ts). Statement-level, as 0037's: a bulk load pays one INSERT …
-- SELECT DISTINCT. An UPDATE of a contract queues its old and new customer only when something the
-- MRR reads changed (customer, status, dates, value; updated_at is an expired contract's end when
-- it has no ends_at).
CREATE FUNCTION kpi_queue_changed_contracts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_cohort_changes (workspace_id, customer_id)
  SELECT DISTINCT x.workspace_id, x.customer_id
  FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id
  CROSS JOIN LATERAL (VALUES (o.workspace_id, o.customer_id), (n.workspace_id, n.customer_id)) x(workspace_id, customer_id)
  WHERE (n.customer_id, n.status, n.started_at, n.ends_at, n.cancelled_at, n.monthly_value_minor, n.updated_at)
    IS DISTINCT FROM (o.customer_id, o.status, o.started_at, o.ends_at, o.cancelled_at, o.monthly_value_minor, o.updated_at);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contracts_kpi_insert AFTER INSERT ON contracts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_queue_new();
--> statement-breakpoint
CREATE TRIGGER contracts_kpi_delete AFTER DELETE ON contracts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_cohort_queue_old();
--> statement-breakpoint
CREATE TRIGGER contracts_kpi_update AFTER UPDATE ON contracts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_queue_changed_contracts();
--> statement-breakpoint
-- A value change names its contract, not the customer: the contract's customer is queued (after a
-- contract's delete the cascade finds no contract, and the contract's own trigger queued it).
CREATE FUNCTION kpi_queue_value_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_cohort_changes (workspace_id, customer_id)
  SELECT DISTINCT c.workspace_id, c.customer_id
  FROM (SELECT workspace_id, contract_id FROM new_rows UNION SELECT workspace_id, contract_id FROM old_rows) v
  JOIN contracts c ON c.workspace_id = v.workspace_id AND c.id = v.contract_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_queue_value_changes_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_cohort_changes (workspace_id, customer_id)
  SELECT DISTINCT c.workspace_id, c.customer_id
  FROM new_rows v JOIN contracts c ON c.workspace_id = v.workspace_id AND c.id = v.contract_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_queue_value_changes_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_cohort_changes (workspace_id, customer_id)
  SELECT DISTINCT c.workspace_id, c.customer_id
  FROM old_rows v JOIN contracts c ON c.workspace_id = v.workspace_id AND c.id = v.contract_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contract_value_changes_kpi_insert AFTER INSERT ON contract_value_changes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_queue_value_changes_new();
--> statement-breakpoint
CREATE TRIGGER contract_value_changes_kpi_delete AFTER DELETE ON contract_value_changes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_queue_value_changes_old();
--> statement-breakpoint
CREATE TRIGGER contract_value_changes_kpi_update AFTER UPDATE ON contract_value_changes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_queue_value_changes();
