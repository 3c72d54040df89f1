// The loyalty domain's SQL for its configuration: the program, levels, promotions and rewards.
// Every query is scoped by workspace.
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { type Db } from '../../db/client.ts';
import { loyaltyLevels, loyaltyPrograms, loyaltyPromotions, loyaltyRewards } from './loyalty.schema.ts';
import { type LevelRow, type ProgramRow, type PromotionRow, type RewardRow } from './loyalty.repository.ts';

export async function upsertProgram(db: Db, row: typeof loyaltyPrograms.$inferInsert): Promise<ProgramRow> {
  const { workspaceId: _w, createdAt: _c, ...set } = row;
  const [saved] = await db
    .insert(loyaltyPrograms)
    .values(row)
    .onConflictDoUpdate({ target: loyaltyPrograms.workspaceId, set })
    .returning();
  return saved;
}

export async function listLevelRows(db: Db, workspaceId: string): Promise<LevelRow[]> {
  return db
    .select()
    .from(loyaltyLevels)
    .where(eq(loyaltyLevels.workspaceId, workspaceId))
    .orderBy(asc(loyaltyLevels.rank));
}

export async function insertLevel(db: Db, row: typeof loyaltyLevels.$inferInsert): Promise<LevelRow | undefined> {
  const [created] = await db.insert(loyaltyLevels).values(row).onConflictDoNothing().returning();
  return created;
}

export async function updateLevelRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof loyaltyLevels.$inferInsert>,
): Promise<LevelRow | undefined> {
  const [row] = await db
    .update(loyaltyLevels)
    .set(patch)
    .where(and(eq(loyaltyLevels.workspaceId, workspaceId), eq(loyaltyLevels.id, id)))
    .returning();
  return row;
}

export async function listPromotionRows(db: Db, workspaceId: string): Promise<PromotionRow[]> {
  return db
    .select()
    .from(loyaltyPromotions)
    .where(eq(loyaltyPromotions.workspaceId, workspaceId))
    .orderBy(desc(loyaltyPromotions.startsAt), asc(loyaltyPromotions.id));
}

/** Active promotions overlapping [from, to]. */
export async function promotionsBetween(db: Db, workspaceId: string, from: Date, to: Date): Promise<PromotionRow[]> {
  return db
    .select()
    .from(loyaltyPromotions)
    .where(
      and(
        eq(loyaltyPromotions.workspaceId, workspaceId),
        eq(loyaltyPromotions.active, true),
        lt(loyaltyPromotions.startsAt, new Date(to.getTime() + 1)),
        gt(loyaltyPromotions.endsAt, from),
      ),
    );
}

export async function insertPromotion(db: Db, row: typeof loyaltyPromotions.$inferInsert): Promise<PromotionRow> {
  const [created] = await db.insert(loyaltyPromotions).values(row).returning();
  return created;
}

export async function updatePromotionRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof loyaltyPromotions.$inferInsert>,
): Promise<PromotionRow | undefined> {
  const [row] = await db
    .update(loyaltyPromotions)
    .set(patch)
    .where(and(eq(loyaltyPromotions.workspaceId, workspaceId), eq(loyaltyPromotions.id, id)))
    .returning();
  return row;
}

export async function findPromotion(db: Db, workspaceId: string, id: string): Promise<PromotionRow | undefined> {
  const [row] = await db
    .select()
    .from(loyaltyPromotions)
    .where(and(eq(loyaltyPromotions.workspaceId, workspaceId), eq(loyaltyPromotions.id, id)));
  return row;
}

export async function listRewardRows(db: Db, workspaceId: string, f: { active?: boolean }): Promise<RewardRow[]> {
  return db
    .select()
    .from(loyaltyRewards)
    .where(
      and(
        eq(loyaltyRewards.workspaceId, workspaceId),
        f.active === undefined ? undefined : eq(loyaltyRewards.active, f.active),
      ),
    )
    .orderBy(asc(loyaltyRewards.pointsPrice), asc(loyaltyRewards.id));
}

export async function insertReward(db: Db, row: typeof loyaltyRewards.$inferInsert): Promise<RewardRow> {
  const [created] = await db.insert(loyaltyRewards).values(row).returning();
  return created;
}

export async function updateRewardRow(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Partial<typeof loyaltyRewards.$inferInsert>,
): Promise<RewardRow | undefined> {
  const [row] = await db
    .update(loyaltyRewards)
    .set(patch)
    .where(and(eq(loyaltyRewards.workspaceId, workspaceId), eq(loyaltyRewards.id, id)))
    .returning();
  return row;
}

export async function findReward(
  db: Db,
  workspaceId: string,
  id: string,
  lock = false,
): Promise<RewardRow | undefined> {
  const q = db
    .select()
    .from(loyaltyRewards)
    .where(and(eq(loyaltyRewards.workspaceId, workspaceId), eq(loyaltyRewards.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function takeRewardStock(db: Db, workspaceId: string, id: string, count = 1): Promise<void> {
  await db.execute(
    sql`update loyalty_rewards set stock = stock - ${count}::int where workspace_id = ${workspaceId} and id = ${id} and stock is not null`,
  );
}
