ALTER TABLE "transaction_lines" ADD COLUMN "original_line_no" integer;--> statement-breakpoint
CREATE INDEX "transactions_original_idx" ON "transactions" USING btree ("workspace_id","original_transaction_id") WHERE "transactions"."original_transaction_id" is not null;--> statement-breakpoint
-- hand-written:
-- A return never takes back more than was bought, whichever path writes it (API, batch, import,
-- demo data, a hand-typed INSERT). Each line of a return names the line of its purchase that it
-- returns (original_line_no; the purchase is the return's original_transaction_id). The trigger
-- fires only for lines that name one or refund money (total < 0), so a bulk load of purchases
-- pays nothing for it. It locks the purchase line before summing: two returns of one line at once
-- are checked one after the other, and the second sees the first.
-- (A return line of a free or fully discounted item, total 0, that names no line is not seen.)
CREATE FUNCTION transaction_lines_return_within_purchase() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  t_kind text;
  original_id uuid;
  original_kind text;
  bought numeric;
  returned numeric;
BEGIN
  SELECT t.kind, t.original_transaction_id INTO t_kind, original_id
  FROM transactions t WHERE t.workspace_id = NEW.workspace_id AND t.id = NEW.transaction_id;
  IF NEW.original_line_no IS NULL OR t_kind IS DISTINCT FROM 'return' OR original_id IS NULL THEN
    RAISE EXCEPTION 'line % of transaction %: only a line of a return refunds money, and it names the purchase line it returns',
      NEW.line_no, NEW.transaction_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'transaction_lines_return_names_line';
  END IF;
  SELECT l.quantity, t.kind INTO bought, original_kind
  FROM transaction_lines l JOIN transactions t ON t.workspace_id = l.workspace_id AND t.id = l.transaction_id
  WHERE l.workspace_id = NEW.workspace_id AND l.transaction_id = original_id AND l.line_no = NEW.original_line_no
  FOR UPDATE OF l;
  IF bought IS NULL OR original_kind IS DISTINCT FROM 'purchase' THEN
    RAISE EXCEPTION 'line % of return %: the purchase % has no line %', NEW.line_no, NEW.transaction_id, original_id, NEW.original_line_no
      USING ERRCODE = 'check_violation', CONSTRAINT = 'transaction_lines_return_names_line';
  END IF;
  SELECT coalesce(sum(l.quantity), 0) INTO returned
  FROM transactions t JOIN transaction_lines l ON l.workspace_id = t.workspace_id AND l.transaction_id = t.id
  WHERE t.workspace_id = NEW.workspace_id AND t.original_transaction_id = original_id AND t.kind = 'return'
    AND l.original_line_no = NEW.original_line_no;
  IF returned > bought THEN
    RAISE EXCEPTION 'line % of return %: returns of line % of purchase % would total %, more than the % bought',
      NEW.line_no, NEW.transaction_id, NEW.original_line_no, original_id, returned, bought
      USING ERRCODE = 'check_violation', CONSTRAINT = 'transaction_lines_return_within_purchase';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER transaction_lines_return_within_purchase AFTER INSERT ON transaction_lines
  FOR EACH ROW WHEN (NEW.original_line_no IS NOT NULL OR NEW.total_minor < 0)
  EXECUTE FUNCTION transaction_lines_return_within_purchase();
--> statement-breakpoint
-- Returns recorded before: each line is taken to return the purchase line with its SKU and
-- product (the first such), else the line with its own number (what the earlier code counted).
UPDATE transaction_lines l SET original_line_no = coalesce(
  (SELECT min(o.line_no) FROM transaction_lines o
   WHERE o.workspace_id = l.workspace_id AND o.transaction_id = t.original_transaction_id
     AND o.sku IS NOT DISTINCT FROM l.sku AND o.product_id IS NOT DISTINCT FROM l.product_id),
  (SELECT o.line_no FROM transaction_lines o
   WHERE o.workspace_id = l.workspace_id AND o.transaction_id = t.original_transaction_id AND o.line_no = l.line_no))
FROM transactions t
WHERE t.workspace_id = l.workspace_id AND t.id = l.transaction_id AND t.kind = 'return' AND t.original_transaction_id IS NOT NULL;
