-- churn_risk becomes a table partitioned by workspace (churn.risks.repository.ts): a churn run
-- builds its workspace's risks in a new table without indexes, indexes it, and swaps it in for
-- the old partition in its transaction. Every workspace with risks gets its partition here (named
-- as riskPartitionOf names it); the default partition takes rows of any other workspace (a direct
-- insert), until its first run.
ALTER TABLE "churn_risk" RENAME TO "churn_risk_0046";--> statement-breakpoint
ALTER TABLE "churn_risk_0046" RENAME CONSTRAINT "churn_risk_workspace_id_customer_id_pk" TO "churn_risk_0046_pk";--> statement-breakpoint
ALTER INDEX "churn_risk_loss_idx" RENAME TO "churn_risk_0046_loss_idx";--> statement-breakpoint
ALTER INDEX "churn_risk_manager_idx" RENAME TO "churn_risk_0046_manager_idx";--> statement-breakpoint
CREATE TABLE "churn_risk" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"risk" double precision NOT NULL,
	"drivers" json NOT NULL,
	"value_at_stake_minor" bigint NOT NULL,
	"expected_loss_minor" bigint NOT NULL,
	"tier" text,
	"segment" text,
	"account_manager_id" uuid,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "churn_risk_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id"),
	CONSTRAINT "churn_risk_basis_known" CHECK ("churn_risk"."basis" in ('contract', 'purchase'))
) PARTITION BY LIST ("workspace_id");--> statement-breakpoint
CREATE INDEX "churn_risk_loss_idx" ON "churn_risk" USING btree ("workspace_id","expected_loss_minor" DESC NULLS LAST,"customer_id");--> statement-breakpoint
CREATE INDEX "churn_risk_manager_idx" ON "churn_risk" USING btree ("workspace_id","account_manager_id","expected_loss_minor" DESC NULLS LAST,"customer_id") WHERE "churn_risk"."account_manager_id" is not null;--> statement-breakpoint
CREATE TABLE "churn_risk_default" PARTITION OF "churn_risk" DEFAULT;--> statement-breakpoint
DO $$
DECLARE w uuid;
BEGIN
	FOR w IN SELECT DISTINCT "workspace_id" FROM "churn_risk_0046" LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF "churn_risk" FOR VALUES IN (%L)', 'churn_risk_ws_' || replace(w::text, '-', ''), w);
	END LOOP;
END $$;--> statement-breakpoint
INSERT INTO "churn_risk" SELECT * FROM "churn_risk_0046";--> statement-breakpoint
DROP TABLE "churn_risk_0046";
