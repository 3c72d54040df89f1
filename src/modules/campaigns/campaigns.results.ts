// Owns a campaign's measured outcome: each treatment arm against the control over a window from
// the launch — repurchase rate (members with a purchase; Newcombe's hybrid score interval and the
// pooled z-test) and net revenue per member (Welch's t) — with the minimum detectable rise in
// repurchase the arms' sizes allow, and plain flags when the data cannot answer yet (the window
// still open, too few members). Revenue comes from commerce's declared purchase facts. Action
// costs are summed per arm, and ROI is net of them: (incremental margin − cost) / cost, where the
// incremental margin is (margin per member in the arm − in the control) × the arm's members. The
// same comparison is repeated per tier (the stratum stored at launch).
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
import { costsByArmAndTier } from './campaigns.execute.repository.ts';
import { type ArmOutcomeRow, armOutcomes, findCampaign } from './campaigns.repository.ts';

/** Below this many members in an arm the normal approximations behind the intervals are not trusted. */
export const MIN_ARM_SIZE = 30;

const effect = (r: Comparison, base: number) => ({
  difference: r.difference,
  relativeLift: base !== 0 ? r.difference / base : null,
  ci: [r.lower, r.upper] as [number, number],
  p: r.p,
});

type ArmDef = { key: string; name: string; control: boolean };
const emptyRow = { n: 0, buyers: 0, revenueMean: Number.NaN, revenueVariance: Number.NaN, marginMean: Number.NaN };

/** ROI net of action costs: (incremental margin − cost) / cost; null without a cost. */
const roiOf = (incrementalMargin: number | null, cost: number) =>
  incrementalMargin === null || cost <= 0 ? null : (incrementalMargin - cost) / cost;

/** Each treatment arm against the control, from per-arm rows and per-arm costs. */
function compareArms(defs: ArmDef[], rows: Map<string, ArmOutcomeRow>, costs: Map<string, number>) {
  const arms = defs.map((a) => {
    const r = rows.get(a.key) ?? { arm: a.key, ...emptyRow };
    return {
      arm: a.key,
      name: a.name,
      control: a.control,
      n: r.n,
      repurchaseRate: r.n ? r.buyers / r.n : null,
      revenuePerMemberMinor: r.n ? r.revenueMean : null,
      marginPerMemberMinor: r.n ? r.marginMean : null,
      costMinor: costs.get(a.key) ?? 0,
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
      const incrementalRevenueMinor = t.n && c.n ? (t.revenueMean - c.revenueMean) * t.n : null;
      const incrementalMarginMinor = t.n && c.n ? (t.marginMean - c.marginMean) * t.n : null;
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
        incrementalRevenueMinor,
        incrementalMarginMinor,
        costMinor: a.costMinor,
        roi: roiOf(incrementalMarginMinor, a.costMinor),
      };
    });
  return { arms: arms.map(({ row: _row, ...rest }) => rest), comparisons };
}

export async function campaignResults(ctx: Ctx, ws: string, id: string, days: number) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  if (!campaign.launchedAt) throw new AppError('conflict', 'A draft campaign has no results yet; launch it first');
  const from = campaign.launchedAt;
  const end = addDays(from, days);
  const now = ctx.now();
  const to = end < now ? end : now;
  const outcomes = await armOutcomes(ctx.db, ws, id, from, to);
  const costRows = await costsByArmAndTier(ctx.db, ws, id);
  const armCosts = new Map<string, number>();
  for (const r of costRows) armCosts.set(r.arm, (armCosts.get(r.arm) ?? 0) + r.cost);
  const whole = compareArms(
    campaign.arms,
    new Map(outcomes.filter((r) => r.tier === undefined).map((r) => [r.arm, r])),
    armCosts,
  );
  const tiers = [...new Set(outcomes.filter((r) => r.tier !== undefined).map((r) => r.tier ?? null))].sort((a, b) =>
    (a ?? '').localeCompare(b ?? ''),
  );
  const byTier = tiers.map((tier) => ({
    tier,
    ...compareArms(
      campaign.arms,
      new Map(outcomes.filter((r) => r.tier !== undefined && (r.tier ?? null) === tier).map((r) => [r.arm, r])),
      new Map(costRows.filter((r) => r.tier === tier).map((r) => [r.arm, r.cost])),
    ),
  }));
  const notes = [
    ...(end > now ? ['window_open' as const] : []),
    ...(whole.arms.some((a) => a.n < MIN_ARM_SIZE) ? ['too_few_members' as const] : []),
  ];
  return {
    campaignId: id,
    window: { from: from.toISOString(), to: to.toISOString(), days },
    enoughData: notes.length === 0,
    notes,
    sampleRatio: campaign.sampleRatio,
    arms: whole.arms,
    comparisons: whole.comparisons,
    byTier,
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
