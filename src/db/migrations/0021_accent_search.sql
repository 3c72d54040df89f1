DROP INDEX "customers_search_trgm_idx";--> statement-breakpoint
-- hand-written:
-- Search ignores accents as well as case ("Joao Rodriguez" finds "João Rodríguez"). unaccent() is
-- only STABLE (its dictionary could change under it), so an index cannot use it directly; the usual
-- IMMUTABLE wrapper names the dictionary by schema so the search_path cannot change its meaning.
-- btree_gin lets one GIN index hold the tenant and the trigrams: search never scans other tenants.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;--> statement-breakpoint
CREATE INDEX "customers_search_trgm_idx" ON "customers" USING gin ("workspace_id", public.f_unaccent("search_text") gin_trgm_ops);
