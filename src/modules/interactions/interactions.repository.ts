// The only file of the interactions domain with SQL, scoped by workspace.
import { pastCursor } from '../../db/keyset.ts';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { channelCostRates, interactions } from './interactions.schema.ts';

export type InteractionRow = typeof interactions.$inferSelect;

export async function findInteraction(db: Db, workspaceId: string, id: string): Promise<InteractionRow | undefined> {
  const [row] = await db
    .select()
    .from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id)));
  return row;
}

export async function findInteractionByExternalId(
  db: Db,
  workspaceId: string,
  externalId: string,
): Promise<InteractionRow | undefined> {
  const [row] = await db
    .select()
    .from(interactions)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.externalId, externalId)));
  return row;
}

export async function updateInteractionRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { type?: string; summary?: string | null },
): Promise<InteractionRow | undefined> {
  const [row] = await db
    .update(interactions)
    .set(patch)
    .where(and(eq(interactions.workspaceId, workspaceId), eq(interactions.id, id)))
    .returning();
  return row;
}

export async function listInteractionRows(
  db: Db,
  workspaceId: string,
  f: { customerId?: string; channel?: string },
  limit: number,
  before?: { occurredAt: Date; id: string },
): Promise<InteractionRow[]> {
  return db
    .select()
    .from(interactions)
    .where(
      and(
        eq(interactions.workspaceId, workspaceId),
        f.customerId ? eq(interactions.customerId, f.customerId) : undefined,
        f.channel ? eq(interactions.channel, f.channel) : undefined,
        pastCursor('desc', interactions.occurredAt, interactions.id, before && [before.occurredAt, before.id]),
      ),
    )
    .orderBy(desc(interactions.occurredAt), desc(interactions.id))
    .limit(limit);
}

export async function costRateRows(db: Db, workspaceId: string, channels?: string[]) {
  return db
    .select()
    .from(channelCostRates)
    .where(
      and(
        eq(channelCostRates.workspaceId, workspaceId),
        channels?.length ? inArray(channelCostRates.channel, channels) : undefined,
      ),
    );
}

export async function upsertCostRate(db: Db, row: typeof channelCostRates.$inferInsert): Promise<void> {
  await db
    .insert(channelCostRates)
    .values(row)
    .onConflictDoUpdate({
      target: [channelCostRates.workspaceId, channelCostRates.channel],
      set: { perContactMinor: row.perContactMinor, perMinuteMinor: row.perMinuteMinor, updatedAt: row.updatedAt },
    });
}

export type InteractionEventRow = {
  id: string;
  occurred_at: Date | string;
  channel: string;
  direction: string;
  type: string;
  duration_seconds: number;
  cost_minor: string;
  summary: string | null;
};

export function interactionEventsSql(q: {
  workspaceId: string;
  customerId: string;
  before?: { occurredAt: string; id: string };
  limit: number;
}): SQL {
  const before = q.before
    ? sql`and (occurred_at, 'interaction-' || id::text) < (${q.before.occurredAt}::timestamptz, ${q.before.id})`
    : sql``;
  return sql`select 'interaction-' || id::text as id, occurred_at, channel, direction, type, duration_seconds, cost_minor::text, left(summary, 200) as summary
        from interactions where workspace_id = ${q.workspaceId} and customer_id = ${q.customerId} ${before}
        order by occurred_at desc, id desc limit ${q.limit}`;
}
