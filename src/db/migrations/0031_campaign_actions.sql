CREATE TABLE "campaign_action_executions" (
	"workspace_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"action_key" text NOT NULL,
	"arm" text NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"channel" text,
	"cost_minor" bigint DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone,
	"executed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_action_executions_workspace_id_campaign_id_customer_id_action_key_pk" PRIMARY KEY("workspace_id","campaign_id","customer_id","action_key"),
	CONSTRAINT "campaign_action_executions_status_known" CHECK ("campaign_action_executions"."status" in ('done', 'skipped', 'failed', 'deferred'))
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "actions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "eligibility" jsonb DEFAULT '{"frequencyCap":{"max":3,"days":7},"quietHours":{"start":21,"end":8},"excludeOpenComplaints":true}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "execution_status" text DEFAULT 'idle' NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "conflicts" integer;--> statement-breakpoint
ALTER TABLE "campaign_action_executions" ADD CONSTRAINT "campaign_action_executions_workspace_id_campaign_id_campaigns_workspace_id_id_fk" FOREIGN KEY ("workspace_id","campaign_id") REFERENCES "public"."campaigns"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_action_executions_messages_idx" ON "campaign_action_executions" USING btree ("workspace_id","customer_id","executed_at") WHERE "campaign_action_executions"."type" = 'message' and "campaign_action_executions"."status" = 'done';--> statement-breakpoint
CREATE INDEX "campaigns_running_idx" ON "campaigns" USING btree ("execution_status") WHERE "campaigns"."execution_status" = 'running';--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_execution_status_known" CHECK ("campaigns"."execution_status" in ('idle', 'running', 'done'));