// Owns the customer timeline: one chronological feed merged from sources that each domain
// provides (transactions, interactions, contracts; later complaints, loyalty, campaigns).
// A new domain adds a source; this file does not change.
import type { Db } from '../../db/client.ts';
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

/** Newest first, strictly before the cursor, at most `limit` events. */
export type TimelineSource = (db: Db, query: TimelineQuery) => Promise<TimelineEvent[]>;

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

/** Asks every source for its newest `limit` events before the cursor and keeps the newest overall. */
export async function readTimeline(
  db: Db,
  sources: TimelineSource[],
  query: TimelineQuery,
): Promise<{ items: TimelineEvent[]; nextCursor: string | null }> {
  const batches = await Promise.all(sources.map((source) => source(db, query)));
  const merged = batches.flat().sort(newerFirst);
  const items = merged.slice(0, query.limit);
  const last = items.at(-1);
  const more =
    merged.length > query.limit || (items.length === query.limit && batches.some((b) => b.length === query.limit));
  return {
    items,
    nextCursor: more && last ? encodeTimelineCursor({ occurredAt: last.occurredAt, id: last.id }) : null,
  };
}
