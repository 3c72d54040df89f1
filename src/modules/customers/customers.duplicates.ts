// Use case: likely duplicate customers, best pair first.
import type { Ctx } from './customers.mappers.ts';
import { findDuplicatePairs } from './customers.merge.repository.ts';

export async function listDuplicates(ctx: Ctx, workspaceId: string, limit: number) {
  const rows = await findDuplicatePairs(ctx.db, workspaceId, limit);
  return rows.map((r) => ({
    a: { id: r.a_id, name: r.a_name, email: r.a_email, phone: r.a_phone },
    b: { id: r.b_id, name: r.b_name, email: r.b_email, phone: r.b_phone },
    reason: r.reason,
    score: Math.round(Number(r.score) * 100) / 100,
  }));
}
