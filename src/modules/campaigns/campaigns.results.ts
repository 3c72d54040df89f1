// Owns a campaign's measured outcome: each treatment arm against the control over a window from
// the launch — repurchase rate (members with a purchase; Newcombe's hybrid score interval and the
// pooled z-test) and net revenue per member (Welch's t) — with the minimum detectable rise in
// repurchase the arms' sizes allow, and plain flags when the data cannot answer yet (the window
// still open, too few members). Revenue comes from commerce's declared purchase facts.
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { addDays } from '../../lib/dates.ts';
import {
  compareProportions,
  mdeProportions,
  sampleSizeProportions,
  welch,
  type Comparison,
} from '../analytics/index.ts';
import { armOutcomes, findCampaign } from './campaigns.repository.ts';

/** Below this many members in an arm the normal approximations behind the intervals are not trusted. */
export const MIN_ARM_SIZE = 30;

const effect = (r: Comparison, base: number) => ({
  difference: r.difference,
  relativeLift: base !== 0 ? r.difference / base : null,
  ci: [r.lower, r.upper] as [number, number],
  p: r.p,
});

export async function campaignResults(ctx: Ctx, ws: string, id: string, days: number) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  if (!campaign.launchedAt) throw new AppError('conflict', 'A draft campaign has no results yet; launch it first');
  const from = campaign.launchedAt;
  const end = addDays(from, days);
  const now = ctx.now();
  const to = end < now ? end : now;
  const rows = new Map((await armOutcomes(ctx.db, ws, id, from, to)).map((r) => [r.arm, r]));
  const empty = { n: 0, buyers: 0, revenueMean: Number.NaN, revenueVariance: Number.NaN };
  const arms = campaign.arms.map((a) => {
    const r = rows.get(a.key) ?? { arm: a.key, ...empty };
    return {
      arm: a.key,
      name: a.name,
      control: a.control,
      n: r.n,
      repurchaseRate: r.n ? r.buyers / r.n : null,
      revenuePerMemberMinor: r.n ? r.revenueMean : null,
      row: r,
    };
  });
  const control = arms.find((a) => a.control)!;
  const c = control.row;
  const comparisons = arms
    .filter((a) => !a.control)
    .map((a) => {
      const t = a.row;
      const usable = t.n >= 2 && c.n >= 2;
      return {
        arm: a.arm,
        repurchase: usable ? effect(compareProportions(t.buyers, t.n, c.buyers, c.n), c.buyers / c.n) : null,
        revenue: usable
          ? effect(
              welch(
                { n: t.n, mean: t.revenueMean, variance: t.revenueVariance },
                { n: c.n, mean: c.revenueMean, variance: c.revenueVariance },
              ),
              c.revenueMean,
            )
          : null,
        /** The smallest rise in repurchase rate these sizes detect with 80 % power at α 5 %. */
        repurchaseMde: usable && c.buyers < c.n ? mdeProportions(Math.max(c.buyers / c.n, 1e-6), c.n, t.n) : null,
      };
    });
  const notes = [
    ...(end > now ? ['window_open' as const] : []),
    ...(arms.some((a) => a.n < MIN_ARM_SIZE) ? ['too_few_members' as const] : []),
  ];
  return {
    campaignId: id,
    window: { from: from.toISOString(), to: to.toISOString(), days },
    enoughData: notes.length === 0,
    notes,
    sampleRatio: campaign.sampleRatio,
    arms: arms.map(({ row: _row, ...a }) => a),
    comparisons,
  };
}

/**
 * Planning: members needed to detect a rise of `effect` over a baseline rate, and the smallest rise
 * `members` detect, with the planned control share (80 % power, two-sided α 5 %).
 */
export function planCampaign(input: { baseline: number; controlShare: number; effect?: number; members?: number }) {
  const ratio = (100 - input.controlShare) / input.controlShare;
  let needed: { control: number; treatment: number; total: number } | null = null;
  if (input.effect !== undefined && input.baseline + input.effect < 1) {
    const control = Math.ceil(sampleSizeProportions(input.baseline, input.effect, { ratio }));
    const treatment = Math.ceil(control * ratio);
    needed = { control, treatment, total: control + treatment };
  }
  let mde: number | null = null;
  if (input.members !== undefined) {
    const control = (input.members * input.controlShare) / 100;
    const found = mdeProportions(input.baseline, control, input.members - control);
    mde = Number.isFinite(found) ? found : null;
  }
  return { power: 0.8, alpha: 0.05, needed, mde };
}
