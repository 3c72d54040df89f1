// SQL of customer search (`q`): accent- and case-insensitive, over search_text (name, e-mail, phone
// and external id, lower-cased and folded by f_unaccent when stored, migration 0026) under a GIN
// trigram index. The query is folded the same way, so "Joao Rodriguez" finds "João Rodríguez".
//
// A first page must not cost more as a name gets commoner. Collecting every match and sorting
// them costs in proportion to the matches (a name shared by 17,000 customers took seconds), and
// walking the list's order testing each row costs in proportion to rows / matches (a one-match
// search would walk the whole book). So a search first collects at most `upTo` matches from the
// trigram index: a narrow search (a person's name, an e-mail, a phone: nearly all of them) pages
// over those ids; a broad one pages by walking the order of creation, which finds a page of 50
// among 1 % of the book after ~5,000 rows; a bounded walk that finds too few collects instead.
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

/** The ids of at most `upTo + 1` live customers the search matches, in no order: more than `upTo` means broad. */
export async function collectSearchMatches(db: Db, workspaceId: string, q: string, upTo: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select s.id from customers s where s.workspace_id = ${workspaceId} and s.deleted_at is null
          and s.search_text like ${folded(q)} limit ${upTo + 1}`,
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
