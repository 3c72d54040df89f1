CREATE TABLE "privacy_requests" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"law" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"note" text,
	"started_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"rejection_reason" text,
	"export_sha256" text,
	"exported_at" timestamp with time zone,
	"proof" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "privacy_requests_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "privacy_requests_kind_known" CHECK ("privacy_requests"."kind" in ('access', 'rectification', 'erasure', 'portability', 'objection')),
	CONSTRAINT "privacy_requests_status_known" CHECK ("privacy_requests"."status" in ('received', 'in_progress', 'completed', 'rejected')),
	CONSTRAINT "privacy_requests_law_known" CHECK ("privacy_requests"."law" in ('lgpd', 'gdpr'))
);
--> statement-breakpoint
CREATE TABLE "privacy_settings" (
	"workspace_id" uuid NOT NULL,
	"law" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "privacy_settings_workspace_id_pk" PRIMARY KEY("workspace_id"),
	CONSTRAINT "privacy_settings_law_known" CHECK ("privacy_settings"."law" in ('lgpd', 'gdpr'))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_settings" ADD CONSTRAINT "privacy_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "privacy_requests_received_idx" ON "privacy_requests" USING btree ("workspace_id","received_at","id");--> statement-breakpoint
CREATE INDEX "privacy_requests_due_idx" ON "privacy_requests" USING btree ("workspace_id","status","due_at");--> statement-breakpoint
CREATE INDEX "privacy_requests_customer_idx" ON "privacy_requests" USING btree ("workspace_id","customer_id");--> statement-breakpoint
-- hand-written:
-- The ledger stays append-only for everything that counts; the one change allowed is a privacy
-- erasure blanking an entry's free-text reason (staff may have named the person in it).
CREATE OR REPLACE FUNCTION loyalty_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'loyalty_entries' AND NEW.reason IS NULL
     AND (to_jsonb(NEW) - 'reason') = (to_jsonb(OLD) - 'reason') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the loyalty ledger is append-only: % on % is not allowed (post a correcting entry)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
