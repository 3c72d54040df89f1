-- An import's failure and warnings carry a stable code and the values they name (src/lib/problems.ts),
-- so the web app says them in the reader's language. Failures stored before keep a null code and their
-- English sentence; warnings (until now bare sentences) become objects, the one kind ever written
-- ("Ignored unknown column(s): a, b") with its code and columns.
ALTER TABLE "imports" ADD COLUMN "failure_code" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "failure_params" jsonb;--> statement-breakpoint
UPDATE "imports" SET "warnings" = (
  SELECT coalesce(jsonb_agg(
    CASE
      WHEN jsonb_typeof(w) <> 'string' THEN w
      WHEN w #>> '{}' ~ '^Ignored unknown columns?: ' THEN jsonb_build_object(
        'code', 'unknown_columns',
        'params', jsonb_build_object(
          'columns', regexp_replace(w #>> '{}', '^Ignored unknown columns?: ', ''),
          'count', cardinality(string_to_array(regexp_replace(w #>> '{}', '^Ignored unknown columns?: ', ''), ', '))),
        'message', w #>> '{}')
      ELSE jsonb_build_object('code', null, 'message', w #>> '{}')
    END ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements("warnings") WITH ORDINALITY AS x(w, n)
) WHERE jsonb_typeof("warnings") = 'array' AND jsonb_array_length("warnings") > 0;
