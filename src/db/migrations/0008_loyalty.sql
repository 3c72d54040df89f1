CREATE TABLE "loyalty_accounts" (
	"workspace_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"debt" bigint DEFAULT 0 NOT NULL,
	"level_id" uuid,
	"level_since" timestamp with time zone,
	"review_at" timestamp with time zone,
	"grace_until" timestamp with time zone,
	"enrolled_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_accounts_workspace_id_customer_id_pk" PRIMARY KEY("workspace_id","customer_id"),
	CONSTRAINT "loyalty_accounts_debt_nonnegative" CHECK ("loyalty_accounts"."debt" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_allocations" (
	"workspace_id" uuid NOT NULL,
	"debit_entry_id" uuid NOT NULL,
	"lot_entry_id" uuid NOT NULL,
	"points" integer NOT NULL,
	CONSTRAINT "loyalty_allocations_workspace_id_debit_entry_id_lot_entry_id_pk" PRIMARY KEY("workspace_id","debit_entry_id","lot_entry_id"),
	CONSTRAINT "loyalty_allocations_positive" CHECK ("loyalty_allocations"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_earn_queue" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"from_transaction_id" uuid NOT NULL,
	"to_transaction_id" uuid NOT NULL,
	"transactions" integer NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"not_before" timestamp with time zone,
	CONSTRAINT "loyalty_earn_queue_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "loyalty_entries" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"points" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"transaction_id" uuid,
	"reverses_entry_id" uuid,
	"redemption_id" uuid,
	"spend_minor" bigint,
	"reason" text,
	"breakdown" jsonb,
	"actor" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_entries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "loyalty_entries_kind_known" CHECK ("loyalty_entries"."kind" in ('earn', 'redeem', 'expire', 'adjust', 'compensation', 'reversal')),
	CONSTRAINT "loyalty_entries_sign" CHECK (("loyalty_entries"."kind" in ('earn', 'compensation') and "loyalty_entries"."points" > 0) or ("loyalty_entries"."kind" in ('redeem', 'expire') and "loyalty_entries"."points" < 0) or ("loyalty_entries"."kind" = 'adjust' and "loyalty_entries"."points" <> 0) or ("loyalty_entries"."kind" = 'reversal' and "loyalty_entries"."points" <= 0))
);
--> statement-breakpoint
CREATE TABLE "loyalty_levels" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"rank" integer NOT NULL,
	"threshold" bigint NOT NULL,
	"earn_multiplier" numeric(10, 4) DEFAULT '1' NOT NULL,
	"benefits" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_levels_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "loyalty_levels_threshold_nonnegative" CHECK ("loyalty_levels"."threshold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_lots" (
	"workspace_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"remaining" integer NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"available_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "loyalty_lots_workspace_id_entry_id_pk" PRIMARY KEY("workspace_id","entry_id"),
	CONSTRAINT "loyalty_lots_remaining_range" CHECK ("loyalty_lots"."remaining" >= 0 and "loyalty_lots"."remaining" <= "loyalty_lots"."points")
);
--> statement-breakpoint
CREATE TABLE "loyalty_programs" (
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"points_unit" text DEFAULT 'points' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"points_per_unit" numeric(12, 4) NOT NULL,
	"rounding" text DEFAULT 'floor' NOT NULL,
	"multipliers" jsonb NOT NULL,
	"pending_days" integer DEFAULT 0 NOT NULL,
	"expiry_months" integer,
	"cost_per_point_minor" numeric(14, 6) NOT NULL,
	"clawback" text DEFAULT 'claw_back' NOT NULL,
	"level_basis" text DEFAULT 'points' NOT NULL,
	"qualification_months" integer DEFAULT 12 NOT NULL,
	"grace_months" integer DEFAULT 0 NOT NULL,
	"earn_from" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_programs_workspace_id_pk" PRIMARY KEY("workspace_id"),
	CONSTRAINT "loyalty_programs_status_known" CHECK ("loyalty_programs"."status" in ('active', 'paused')),
	CONSTRAINT "loyalty_programs_rounding_known" CHECK ("loyalty_programs"."rounding" in ('floor', 'nearest', 'ceil')),
	CONSTRAINT "loyalty_programs_clawback_known" CHECK ("loyalty_programs"."clawback" in ('claw_back', 'forgive')),
	CONSTRAINT "loyalty_programs_basis_known" CHECK ("loyalty_programs"."level_basis" in ('points', 'spend'))
);
--> statement-breakpoint
CREATE TABLE "loyalty_promotions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"multiplier" numeric(10, 4),
	"bonus_points" integer,
	"target_tags" text[] DEFAULT '{}' NOT NULL,
	"target_level_ids" uuid[] DEFAULT '{}' NOT NULL,
	"target_tiers" text[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_promotions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "loyalty_promotions_period" CHECK ("loyalty_promotions"."ends_at" > "loyalty_promotions"."starts_at"),
	CONSTRAINT "loyalty_promotions_effect" CHECK ("loyalty_promotions"."multiplier" is not null or "loyalty_promotions"."bonus_points" is not null)
);
--> statement-breakpoint
CREATE TABLE "loyalty_redemptions" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"reward_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"voucher_code" text NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"consumed_reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_redemptions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "loyalty_redemptions_status_known" CHECK ("loyalty_redemptions"."status" in ('issued', 'consumed'))
);
--> statement-breakpoint
CREATE TABLE "loyalty_rewards" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"value_minor" bigint,
	"value_percent" numeric(5, 2),
	"points_price" integer NOT NULL,
	"stock" integer,
	"per_customer_limit" integer,
	"valid_from" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"min_level_id" uuid,
	"voucher_valid_days" integer DEFAULT 90 NOT NULL,
	"cost_minor" bigint DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_rewards_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "loyalty_rewards_price_positive" CHECK ("loyalty_rewards"."points_price" > 0),
	CONSTRAINT "loyalty_rewards_stock_nonnegative" CHECK ("loyalty_rewards"."stock" is null or "loyalty_rewards"."stock" >= 0)
);
--> statement-breakpoint
ALTER TABLE "loyalty_levels" ADD CONSTRAINT "loyalty_levels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_programs" ADD CONSTRAINT "loyalty_programs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_promotions" ADD CONSTRAINT "loyalty_promotions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loyalty_accounts_review_idx" ON "loyalty_accounts" USING btree ("workspace_id","review_at");--> statement-breakpoint
CREATE INDEX "loyalty_accounts_level_idx" ON "loyalty_accounts" USING btree ("workspace_id","level_id");--> statement-breakpoint
CREATE INDEX "loyalty_allocations_lot_idx" ON "loyalty_allocations" USING btree ("workspace_id","lot_entry_id");--> statement-breakpoint
CREATE INDEX "loyalty_earn_queue_range_idx" ON "loyalty_earn_queue" USING btree ("workspace_id","from_transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_entries_idempotency_key" ON "loyalty_entries" USING btree ("workspace_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "loyalty_entries_customer_idx" ON "loyalty_entries" USING btree ("workspace_id","customer_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "loyalty_entries_reverses_idx" ON "loyalty_entries" USING btree ("workspace_id","reverses_entry_id") WHERE "loyalty_entries"."reverses_entry_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_levels_rank_key" ON "loyalty_levels" USING btree ("workspace_id","rank");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_levels_name_key" ON "loyalty_levels" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "loyalty_lots_open_idx" ON "loyalty_lots" USING btree ("workspace_id","customer_id","earned_at","entry_id") WHERE "loyalty_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "loyalty_lots_expiring_idx" ON "loyalty_lots" USING btree ("workspace_id","expires_at") WHERE "loyalty_lots"."remaining" > 0 and "loyalty_lots"."expires_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_redemptions_voucher_key" ON "loyalty_redemptions" USING btree ("workspace_id","voucher_code");--> statement-breakpoint
CREATE INDEX "loyalty_redemptions_customer_idx" ON "loyalty_redemptions" USING btree ("workspace_id","customer_id","reward_id");