CREATE TABLE "customer_lapses" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"p_alive" double precision NOT NULL,
	"lapsed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_lapses_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "defection_reasons" (
	"workspace_id" uuid NOT NULL,
	"code" text NOT NULL,
	"labels" jsonb NOT NULL,
	"controllable" boolean NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "defection_reasons_workspace_id_code_pk" PRIMARY KEY("workspace_id","code")
);
--> statement-breakpoint
CREATE TABLE "defection_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"lapse_threshold" double precision DEFAULT 0.3 NOT NULL,
	"survey_ttl_days" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "defection_settings_threshold_range" CHECK ("defection_settings"."lapse_threshold" > 0 and "defection_settings"."lapse_threshold" < 1),
	CONSTRAINT "defection_settings_ttl_range" CHECK ("defection_settings"."survey_ttl_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "defections" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"contract_id" uuid,
	"defected_at" timestamp with time zone NOT NULL,
	"reason_code" text,
	"free_text" text,
	"channel" text,
	"source" text NOT NULL,
	"recorded_by" text NOT NULL,
	"survey_answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "defections_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "defections_source_known" CHECK ("defections"."source" in ('manual', 'contract_cancellation', 'exit_survey'))
);
--> statement-breakpoint
CREATE TABLE "exit_survey_tokens" (
	"workspace_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"defection_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "exit_survey_tokens_workspace_id_token_hash_pk" PRIMARY KEY("workspace_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "reactivations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"defection_id" uuid,
	"reactivated_at" timestamp with time zone NOT NULL,
	"note" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reactivations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "customer_lapses" ADD CONSTRAINT "customer_lapses_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defections" ADD CONSTRAINT "defections_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "defections" ADD CONSTRAINT "defections_workspace_id_reason_code_defection_reasons_workspace_id_code_fk" FOREIGN KEY ("workspace_id","reason_code") REFERENCES "public"."defection_reasons"("workspace_id","code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_survey_tokens" ADD CONSTRAINT "exit_survey_tokens_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exit_survey_tokens" ADD CONSTRAINT "exit_survey_tokens_workspace_id_defection_id_defections_workspace_id_id_fk" FOREIGN KEY ("workspace_id","defection_id") REFERENCES "public"."defections"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reactivations" ADD CONSTRAINT "reactivations_workspace_id_customer_id_customers_workspace_id_id_fk" FOREIGN KEY ("workspace_id","customer_id") REFERENCES "public"."customers"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reactivations" ADD CONSTRAINT "reactivations_workspace_id_defection_id_defections_workspace_id_id_fk" FOREIGN KEY ("workspace_id","defection_id") REFERENCES "public"."defections"("workspace_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_lapses_lapsed_idx" ON "customer_lapses" USING btree ("workspace_id","lapsed_at","customer_id");--> statement-breakpoint
CREATE INDEX "defections_defected_idx" ON "defections" USING btree ("workspace_id","defected_at","id");--> statement-breakpoint
CREATE INDEX "defections_customer_idx" ON "defections" USING btree ("workspace_id","customer_id","defected_at");--> statement-breakpoint
CREATE INDEX "defections_reason_idx" ON "defections" USING btree ("workspace_id","reason_code");--> statement-breakpoint
CREATE UNIQUE INDEX "defections_contract_key" ON "defections" USING btree ("workspace_id","contract_id") WHERE "defections"."source" = 'contract_cancellation';--> statement-breakpoint
CREATE INDEX "reactivations_customer_idx" ON "reactivations" USING btree ("workspace_id","customer_id","reactivated_at");