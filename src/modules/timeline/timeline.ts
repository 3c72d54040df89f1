// Owns the customer timeline: one chronological feed merged from sources that each domain
// provides (transactions, interactions, contracts; later complaints, loyalty, campaigns).
// A new domain adds a source; this file does not change. Each source gives the SQL of its newest
// events and how to read one of its rows; the sources run as one UNION ALL statement (one round
// trip for the customer 360, not one per source), each branch on its own index.
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { inRange } from '../../lib/dates.ts';
import { unstorableText } from '../../lib/text.ts';

export type TimelineEvent = {
  /** Unique within its source; with occurredAt it orders and pages the feed. */
  id: string;
  type: string;
  occurredAt: string;
  title: string;
  data: Record<string, unknown>;
};

export type TimelineCursor = { occurredAt: string; id: string };

export type TimelineQuery = { workspaceId: string; customerId: string; before?: TimelineCursor; limit: number };

/**
 * A domain's events: `rows` is a SELECT of its newest `limit` events strictly before the cursor,
 * newest first, with a text `id` and an `occurred_at`; `event` reads one of its rows (received as
 * JSON: timestamps as ISO strings, numbers as JSON numbers, so amounts go as text). `rows` only
 * interpolates the query's values into its SQL, never computes with them: the customer 360 builds
 * its statement once with placeholders in their place.
 */
export type TimelineSource = {
  rows: (query: TimelineQuery) => SQL;
  event: (row: any) => TimelineEvent;
};

const newerFirst = (a: TimelineEvent, b: TimelineEvent) =>
  a.occurredAt === b.occurredAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.occurredAt < b.occurredAt ? 1 : -1;

export const encodeTimelineCursor = (c: TimelineCursor) => encodeCursor(c);

export function decodeTimelineCursor(cursor: string): TimelineCursor | undefined {
  const c = decodeCursor(cursor) as Partial<TimelineCursor> | undefined;
  if (
    typeof c?.occurredAt === 'string' &&
    typeof c?.id === 'string' &&
    !Number.isNaN(Date.parse(c.occurredAt)) &&
    inRange(new Date(c.occurredAt)) &&
    unstorableText(c.id) === undefined
  )
    return c as TimelineCursor;
  return undefined;
}

export type TimelineRow = { source: number; row: Record<string, unknown> };
export type TimelinePage = { items: TimelineEvent[]; nextCursor: string | null };

/**
 * Every source's newest `limit` events before the cursor as rows `(source, row)`: one UNION ALL.
 * Rows as json, not jsonb: text written as it goes, where jsonb builds, sorts and prints a tree
 * (~0.1 ms of a 360 on PGlite); the readers take fields by name, and a jsonb column inside a row
 * (an event's payload) is printed as jsonb prints it either way.
 */
function timelineRowsSql(sources: TimelineSource[], query: TimelineQuery): SQL {
  const branches = sources.map(
    (source, i) => sql`(select ${sql.raw(String(i))} as source, to_json(x) as row from (${source.rows(query)}) x)`,
  );
  return sql.join(branches, sql` union all `);
}

/**
 * The same rows as one json array (an SQL expression), for a statement that reads the timeline
 * with other things in one round trip (the customer 360); `timelinePage` reads it.
 */
export const timelineRowsJson = (sources: TimelineSource[], query: TimelineQuery): SQL =>
  sql`(select coalesce(json_agg(json_build_object('source', t.source, 'row', t.row)), '[]'::json)
       from (${timelineRowsSql(sources, query)}) t)`;

/** The newest `limit` events overall from the sources' rows, with the cursor of the next page. */
export function timelinePage(sources: TimelineSource[], rows: TimelineRow[], limit: number): TimelinePage {
  const batches: TimelineEvent[][] = sources.map(() => []);
  for (const r of rows) batches[r.source].push(sources[r.source].event(r.row));
  const merged = batches.flat().sort(newerFirst);
  const items = merged.slice(0, limit);
  const last = items.at(-1);
  const more = merged.length > limit || (items.length === limit && batches.some((b) => b.length === limit));
  return {
    items,
    nextCursor: more && last ? encodeTimelineCursor({ occurredAt: last.occurredAt, id: last.id }) : null,
  };
}

/** Asks every source for its newest `limit` events before the cursor and keeps the newest overall. */
export async function readTimeline(db: Db, sources: TimelineSource[], query: TimelineQuery): Promise<TimelinePage> {
  const rows = await queryRows<TimelineRow>(db, timelineRowsSql(sources, query));
  return timelinePage(sources, rows, query.limit);
}
