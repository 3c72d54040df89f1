CREATE TABLE "complaint_decoys" (
	"workspace_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"reference" text NOT NULL,
	"category" text NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"locale" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "complaint_decoys_workspace_id_token_hash_pk" PRIMARY KEY("workspace_id","token_hash")
);
--> statement-breakpoint
ALTER TABLE "complaint_decoys" ADD CONSTRAINT "complaint_decoys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_decoys_registered_idx" ON "complaint_decoys" USING btree ("workspace_id","registered_at");