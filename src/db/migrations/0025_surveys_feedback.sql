CREATE TABLE "survey_links" (
	"workspace_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"survey_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_links_workspace_id_token_hash_pk" PRIMARY KEY("workspace_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "survey_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"nps_enabled" boolean DEFAULT false NOT NULL,
	"nps_sample_per_day" integer DEFAULT 20 NOT NULL,
	"nps_min_interval_days" integer DEFAULT 90 NOT NULL,
	"csat_triggers" text[] DEFAULT '{}'::text[] NOT NULL,
	"csat_min_interval_days" integer DEFAULT 30 NOT NULL,
	"link_ttl_days" integer DEFAULT 14 NOT NULL,
	"reminder_after_days" integer DEFAULT 3 NOT NULL,
	"max_reminders" integer DEFAULT 1 NOT NULL,
	"follow_up_assignee_id" uuid,
	"csat_since" timestamp with time zone,
	"nps_sampled_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_settings_sample_range" CHECK ("survey_settings"."nps_sample_per_day" between 1 and 10000),
	CONSTRAINT "survey_settings_intervals" CHECK ("survey_settings"."nps_min_interval_days" between 1 and 730 and "survey_settings"."csat_min_interval_days" between 0 and 365),
	CONSTRAINT "survey_settings_links" CHECK ("survey_settings"."link_ttl_days" between 1 and 90 and "survey_settings"."reminder_after_days" between 1 and 30 and "survey_settings"."max_reminders" between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"subject_id" uuid,
	"locale" text NOT NULL,
	"notification_id" uuid,
	"delivery_status" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"last_reminded_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"score" smallint,
	"comment" text,
	"follow_up_task_id" uuid,
	"complaint_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "surveys_kind_known" CHECK ("surveys"."kind" in ('nps', 'csat')),
	CONSTRAINT "surveys_trigger_known" CHECK ("surveys"."trigger" in ('relationship', 'purchase', 'contact', 'complaint_resolved', 'manual')),
	CONSTRAINT "surveys_score_range" CHECK ("surveys"."score" is null or ("surveys"."kind" = 'nps' and "surveys"."score" between 0 and 10) or ("surveys"."kind" = 'csat' and "surveys"."score" between 1 and 5)),
	CONSTRAINT "surveys_answer_whole" CHECK (("surveys"."answered_at" is null) = ("surveys"."score" is null))
);
--> statement-breakpoint
CREATE TABLE "feedback_entries" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"customer_id" uuid,
	"employee_id" uuid,
	"sentiment" text,
	"intent_to_leave" boolean DEFAULT false NOT NULL,
	"segment" text,
	"body" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_entries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "feedback_kind_known" CHECK ("feedback_entries"."kind" in ('compliment', 'agent_note', 'focus_group', 'interview')),
	CONSTRAINT "feedback_sentiment_known" CHECK ("feedback_entries"."sentiment" is null or "feedback_entries"."sentiment" in ('positive', 'neutral', 'negative')),
	CONSTRAINT "feedback_subject" CHECK (("feedback_entries"."kind" in ('compliment', 'agent_note') and "feedback_entries"."customer_id" is not null) or ("feedback_entries"."kind" in ('focus_group', 'interview') and "feedback_entries"."segment" is not null))
);
--> statement-breakpoint
ALTER TABLE "survey_links" ADD CONSTRAINT "survey_links_workspace_id_survey_id_surveys_workspace_id_id_fk" FOREIGN KEY ("workspace_id","survey_id") REFERENCES "public"."surveys"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_settings" ADD CONSTRAINT "survey_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_entries" ADD CONSTRAINT "feedback_entries_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_links_survey_idx" ON "survey_links" USING btree ("workspace_id","survey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_subject_key" ON "surveys" USING btree ("workspace_id","trigger","subject_id") WHERE "surveys"."subject_id" is not null;--> statement-breakpoint
CREATE INDEX "surveys_customer_idx" ON "surveys" USING btree ("workspace_id","customer_id","kind","sent_at");--> statement-breakpoint
CREATE INDEX "surveys_answered_idx" ON "surveys" USING btree ("workspace_id","kind","answered_at") WHERE "surveys"."answered_at" is not null;--> statement-breakpoint
CREATE INDEX "surveys_open_idx" ON "surveys" USING btree ("workspace_id","sent_at") WHERE "surveys"."answered_at" is null;--> statement-breakpoint
CREATE INDEX "feedback_customer_idx" ON "feedback_entries" USING btree ("workspace_id","customer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "feedback_kind_idx" ON "feedback_entries" USING btree ("workspace_id","kind","occurred_at");