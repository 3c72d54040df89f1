// SQL of customer search (`q`): accent- and case-insensitive, over search_text (name, e-mail, phone
// and external id, lower-cased and folded by f_unaccent when stored, migration 0026) under a GIN
// trigram index. The query is folded the same way, so "Joao Rodriguez" finds "João Rodríguez".
//
// A first page must not cost more as a name gets commoner. Collecting every match and sorting
// them costs in proportion to the matches (a name shared by 17,000 customers took seconds), and
// walking the list's order testing each row costs in proportion to rows / matches (a one-match
// search would walk the whole book). So a search first asks the planner (search_text's
// statistics, nothing run): one it expects to be broad pages by walking the order of creation,
// which finds a page of 50 among 1 % of the book after ~5,000 rows; any other collects at most
// `upTo` matches from the trigram index, asking it only for the query's rare words, and pages over
// those ids (more than `upTo` found: broad after all). A bounded walk that finds too few collects.
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.ts';
import { customers } from './customers.schema.ts';

/** How many matches a search collects before it counts as broad (and pages by walking). */
export const SEARCH_COLLECT_UP_TO = 2_000;
/** The most rows one page of a broad search walks before it collects instead. */
export const SEARCH_WALK_UP_TO = 20_000;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
const folded = (q: string) => sql`public.f_unaccent(${`%${escapeLike(q.toLowerCase())}%`})`;

/** The search as a plain condition on the row: the planner estimates it from search_text's statistics. */
export const searchMatches = (q: string): SQL => sql`${customers.searchText} like ${folded(q)}`;

/**
 * Every match, as its own sub-select so the planner always answers it from the trigram index;
 * inline, with ORDER BY … LIMIT, it may walk the whole workspace in sort order instead.
 */
export function searchCondition(workspaceId: string, q: string): SQL {
  return sql`${customers.id} = any(array(select s.id from customers s where s.workspace_id = ${workspaceId} and s.search_text like ${folded(q)}))`;
}

/** The query's words as pg_trgm splits text (runs of letters and digits), lower-cased, at most 8. */
export const searchWords = (q: string) =>
  [...new Set(q.toLowerCase().split(/[^\p{L}\p{N}]+/u))].filter(Boolean).slice(0, 8);

/** The planner's estimates for a search: rows in the workspace, matches, and the words found in few rows. */
export type SearchPlan = { total: number; matches: number; rareWords: string[] };

/**
 * What the planner expects of a search, from search_text's statistics (one EXPLAIN, nothing
 * run). Its histogram holds ~100 values of the column: a pattern found in none of them is
 * estimated at the 1/10,000 floor, one found in some at 1 % or more. So the estimate says which
 * searches are broad, and which words are rare (under 1 %, and long enough to have a trigram).
 * Undefined if the plan is not the expected shape.
 */
export async function planSearch(db: Db, workspaceId: string, q: string): Promise<SearchPlan | undefined> {
  const words = searchWords(q);
  const conditions = [
    sql`true`,
    sql`s.search_text like ${folded(q)}`,
    ...words.map((w) => sql`s.search_text like ${folded(w)}`),
  ];
  const branches = conditions.map((c) => sql`select 1 from customers s where s.workspace_id = ${workspaceId} and ${c}`);
  const [plan] = await queryRows<{ 'QUERY PLAN': unknown }>(
    db,
    sql`explain (format json) ${sql.join(branches, sql` union all `)}`,
  );
  const doc = plan['QUERY PLAN'];
  const parsed = (typeof doc === 'string' ? JSON.parse(doc) : doc) as {
    Plan?: { Plans?: { 'Plan Rows': number }[] };
  }[];
  const rows = parsed[0]?.Plan?.Plans?.map((p) => Number(p['Plan Rows']));
  if (!rows || rows.length !== conditions.length || rows.some((n) => !Number.isFinite(n))) return undefined;
  const [total, whole, ...perWord] = rows;
  // A phrase of common words (a first name and a surname: ~1 % of the book) is often in none of the
  // histogram's values while each word is in many: its words' shares, multiplied, estimate it better.
  const product = perWord.reduce((p, n) => p * Math.min(1, n / Math.max(total, 1)), total);
  // A word under three characters has no trigram: the index could only be read whole for it.
  const rare = words.filter((w, i) => [...w].length >= 3 && perWord[i] * 100 < total);
  return { total, matches: Math.max(whole, product), rareWords: rare };
}

/**
 * The ids of at most `upTo + 1` live customers the search matches, in no order: more than `upTo`
 * means broad. The trigram index is asked only for the rare words when there are some: a word
 * found in most rows (the "exa" of an e-mail, a common surname) has a posting list of ~100,000
 * rows at 1M customers, and intersecting it cost more than the rest of the search. The whole
 * pattern is then checked on each row found (as an expression the index cannot take).
 */
export async function collectSearchMatches(
  db: Db,
  workspaceId: string,
  q: string,
  upTo: number,
  rareWords: string[] = [],
): Promise<string[]> {
  const indexed = rareWords.length
    ? sql.join(
        rareWords.map((w) => sql`s.search_text like ${folded(w)}`),
        sql` and `,
      )
    : sql`s.search_text like ${folded(q)}`;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select s.id from customers s where s.workspace_id = ${workspaceId} and s.deleted_at is null
          and ${indexed} and (s.search_text || '') like ${folded(q)} limit ${upTo + 1}`,
  );
  return rows.map((r) => r.id);
}

/**
 * The ids of a broad search's page, walked in `(first, id)` order: at most `walkUpTo` rows that
 * pass `where` (the other filters and the cursor) are read in the order the index gives, and
 * the search is tested on each. The search is applied outside the window, where no index can
 * take it, so the planner cannot trade the walk for collecting every match. Fewer than `limit`
 * ids means the walk ran out (the caller collects instead).
 */
export function walkedSearchPage(
  q: string,
  window: SQL,
  first: AnyColumn,
  direction: 'asc' | 'desc',
  limit: number,
  walkUpTo: number,
): SQL {
  const dir = sql.raw(direction);
  const inner = sql`select ${customers.id} id, ${first} k, ${customers.searchText} t from ${customers} where ${window}
    order by ${first} ${dir}, ${customers.id} ${dir} limit ${walkUpTo}`;
  return sql`${customers.id} = any(array(select w.id from (${inner}) w where w.t like ${folded(q)}
    order by w.k ${dir}, w.id ${dir} limit ${limit}))`;
}
