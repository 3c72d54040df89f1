CREATE TABLE "import_keys" (
	"workspace_id" uuid NOT NULL,
	"import_id" uuid NOT NULL,
	"key" text NOT NULL,
	"row_number" integer NOT NULL,
	CONSTRAINT "import_keys_workspace_id_import_id_key_pk" PRIMARY KEY("workspace_id","import_id","key")
);
--> statement-breakpoint
ALTER TABLE "imports" ALTER COLUMN "bytes" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "source" text DEFAULT 'cli' NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "delimiter" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "lease_id" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "imports_unfinished_idx" ON "imports" USING btree ("status","heartbeat_at") WHERE "imports"."status" in ('uploading', 'queued', 'running');