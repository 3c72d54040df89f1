-- Loyalty: hand-written SQL kept apart from the generated migration.
--
-- 1. Every new transaction is queued for loyalty earning in the same database transaction as
--    its insert, whichever path wrote it (API, batch, import, demo). Statement-level with a
--    transition table: ONE queue row per inserting statement and workspace — the range of ids it
--    inserted — so a bulk import of 5,000 rows per statement adds one small row, not 5,000.
--    Only workspaces with an active program queue anything. (min/max over uuid::text: the
--    canonical text form sorts like the uuid.)
CREATE FUNCTION loyalty_enqueue_transactions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO loyalty_earn_queue (workspace_id, id, from_transaction_id, to_transaction_id, transactions)
  SELECT n.workspace_id, gen_random_uuid(), min(n.id::text)::uuid, max(n.id::text)::uuid, count(*)
  FROM loyalty_new_transactions n
  WHERE EXISTS (SELECT 1 FROM loyalty_programs p WHERE p.workspace_id = n.workspace_id AND p.status = 'active')
  GROUP BY n.workspace_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transactions_loyalty_enqueue AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS loyalty_new_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION loyalty_enqueue_transactions();
--> statement-breakpoint
-- 2. The ledger is append-only: entries and their allocations are never changed or removed;
--    corrections are new entries (adjustments, reversals).
CREATE FUNCTION loyalty_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the loyalty ledger is append-only: % on % is not allowed (post a correcting entry)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER loyalty_entries_append_only BEFORE UPDATE OR DELETE ON loyalty_entries
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
--> statement-breakpoint
CREATE TRIGGER loyalty_allocations_append_only BEFORE UPDATE OR DELETE ON loyalty_allocations
  FOR EACH ROW EXECUTE FUNCTION loyalty_append_only();
