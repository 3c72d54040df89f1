// The churn drivers set beside the hazard ratios what customers who left said: the defection
// register's reason shares over the last 12 months, overall and per pyramid tier. Churn and
// defections meet here, handed to the churn routes by src/http/app.ts.
import type { Db } from '../db/client.ts';
import type { SegmentReasonShare } from '../modules/churn/index.ts';
import { defectionReasonShares } from '../modules/defections/index.ts';

const YEAR_MS = 365.25 * 86_400_000;

export async function defectionReasonsBySegment(
  ctx: { db: Db; now: () => Date },
  workspaceId: string,
): Promise<SegmentReasonShare[]> {
  const to = ctx.now();
  const from = new Date(to.getTime() - YEAR_MS);
  const [overall, byTier] = await Promise.all([
    defectionReasonShares(ctx.db, workspaceId, { from, to }),
    defectionReasonShares(ctx.db, workspaceId, { from, to, groupBy: 'tier' }),
  ]);
  const row = (segment: string, r: (typeof overall)[number]): SegmentReasonShare => ({
    segment,
    reasonCode: r.reasonCode,
    controllable: r.controllable,
    count: r.count,
    share: r.share,
  });
  return [...overall.map((r) => row('all', r)), ...byTier.filter((r) => r.group).map((r) => row(r.group as string, r))];
}
