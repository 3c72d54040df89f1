-- Import row errors carry a stable code and the values it names (src/lib/problems.ts), so the web app
-- says them in the reader's language; rows stored before keep a null code and their English message.
ALTER TABLE "import_errors" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "import_errors" ADD COLUMN "params" jsonb;
