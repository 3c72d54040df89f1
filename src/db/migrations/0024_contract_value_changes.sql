CREATE TABLE "contract_value_changes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"monthly_value_minor" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_value_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "contract_value_changes_value_range" CHECK ("contract_value_changes"."monthly_value_minor" >= 0)
);
--> statement-breakpoint
ALTER TABLE "contract_value_changes" ADD CONSTRAINT "contract_value_changes_workspace_id_contract_id_contracts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","contract_id") REFERENCES "public"."contracts"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contract_value_changes_contract_at_key" ON "contract_value_changes" USING btree ("workspace_id","contract_id","effective_at");