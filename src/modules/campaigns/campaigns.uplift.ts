// Owns uplift targeting from a finished campaign: a two-model (T-learner) uplift score fitted on
// the campaign's members — treated (every arm but the control) against control — on the churn
// model's features as known at the launch (churn's featureRows and encoding, through its index),
// with the outcome "bought in the window" (the repurchase of campaigns.results.ts). The held-out
// Qini curve (5 seeded folds) says whether the scores target better than random; the models
// refitted on every member give each member's score, stored so the next campaign's segment can
// keep "the top X % by uplift". Small campaigns are fitted in the request; larger ones are queued
// as a job (the model row is the run: queued → running → done | failed).
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { addDays } from '../../lib/dates.ts';
import { executeClaimedRun } from '../../lib/runs.ts';
import { seededRng } from '../../lib/random.ts';
import { evaluateTLearner, ModelInputError, predictUplift } from '../analytics/index.ts';
import {
  type ChurnFeatureRow,
  churnFeatureTable,
  encodeChurnFeatures,
  featureRows,
  learnChurnEncoding,
} from '../churn/index.ts';
import { findCampaign, memberCounts } from './campaigns.repository.ts';
import {
  claimUpliftModel,
  failUpliftModel,
  findUpliftModel,
  type MemberFacts,
  memberFacts,
  replaceUpliftScores,
  saveUpliftModel,
  type UpliftModelRow,
} from './campaigns.uplift.repository.ts';
import type { UpliftModelSummary, UpliftNote } from './campaigns.uplift.types.ts';

export const CAMPAIGN_UPLIFT_JOB = 'campaigns.uplift';
/** Campaigns with more members than this are fitted by a job rather than in the request. */
export const UPLIFT_SYNC_MAX = 20_000;
/** Below this many treated or control members the curve is flagged as too noisy to act on. */
export const MIN_UPLIFT_MEMBERS = 200;
const FOLDS = 5;
const SEED = 19;
const L2 = 1;

/** A member's churn feature row: its first running contract's at launch, else its customer-level facts alone. */
function featureRowOf(m: MemberFacts, contract: ChurnFeatureRow | undefined): ChurnFeatureRow {
  if (contract) return contract;
  return {
    ...m,
    cohort_month: '',
    plan: 'none',
    payment_method: null,
    term_months: null,
    monthly_value_minor: 0,
    tenure_months: 0,
    products_held: 0,
    account_manager_id: null,
    churned: false,
    follow_months: null,
  };
}

async function fitNow(ctx: Ctx, ws: string, campaignId: string, days: number): Promise<UpliftModelRow> {
  const campaign = await findCampaign(ctx.db, ws, campaignId);
  if (!campaign?.launchedAt) throw notFound('Campaign');
  const control = campaign.arms.find((a) => a.control)!.key;
  const from = campaign.launchedAt;
  const end = addDays(from, days);
  const now = ctx.now();
  const to = end < now ? end : now;
  const members = await memberFacts(ctx.db, ws, campaignId, from, { from, to });
  const contracts = new Map<string, ChurnFeatureRow>();
  for (const r of await featureRows(ctx.db, ws, from))
    if (!contracts.has(r.customer_id)) contracts.set(r.customer_id, r);
  const rows = members.map((m) => featureRowOf(m, contracts.get(m.customer_id)));
  const table = churnFeatureTable(rows);
  const encoding = learnChurnEncoding(table);
  const X = encodeChurnFeatures(table, encoding);
  const p = encoding.columns.length;
  const treated = Float64Array.from(members, (m) => (m.arm === control ? 0 : 1));
  const y = Float64Array.from(members, (m) => (m.bought ? 1 : 0));
  let fitted;
  try {
    fitted = evaluateTLearner({ X, p, treated, y }, { folds: FOLDS, rng: seededRng(SEED), l2: L2 });
  } catch (err) {
    if (err instanceof ModelInputError)
      throw new AppError('conflict', `The campaign's members cannot support an uplift model: ${err.message}`);
    throw err;
  }
  const scores = predictUplift(fitted.model, X).uplift;
  const order = Int32Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  const n = members.length;
  const ranked = Array.from(order, (i, k) => ({
    customerId: members[i].customer_id,
    uplift: scores[i],
    rankPercent: (100 * k) / n,
  }));
  const count = (t: number, v?: number) => {
    let c = 0;
    for (let i = 0; i < n; i++) if (treated[i] === t && (v === undefined || y[i] === v)) c++;
    return c;
  };
  const notes: UpliftNote[] = [];
  const withoutContract = members.filter((m) => !contracts.has(m.customer_id)).length;
  if (withoutContract > 0) notes.push('members_without_contract');
  if (Math.min(count(1), count(0)) < MIN_UPLIFT_MEMBERS) notes.push('few_members');
  if (!(fitted.curve.qini > 0)) notes.push('not_better_than_random');
  if (end > now) notes.push('window_open');
  const summary: UpliftModelSummary = {
    outcome: 'repurchase',
    members: n,
    treated: count(1),
    control: count(0),
    treatedPositives: count(1, 1),
    controlPositives: count(0, 1),
    treatedArms: campaign.arms.filter((a) => !a.control).map((a) => a.key),
    folds: FOLDS,
    seed: SEED,
    l2: L2,
    features: encoding.columns.map((c) => (c.level === undefined ? c.code : `${c.code}=${c.level}`)),
    curve: fitted.curve.points,
    area: fitted.curve.area,
    randomArea: fitted.curve.randomArea,
    qini: fitted.curve.qini,
    notes,
    window: { from: from.toISOString(), to: to.toISOString(), days },
  };
  return ctx.db.transaction(async (tx) => {
    await replaceUpliftScores(tx, ws, campaignId, ranked);
    return saveUpliftModel(tx, {
      workspaceId: ws,
      campaignId,
      status: 'done',
      days,
      summary,
      error: null,
      requestedAt: now,
      fittedAt: ctx.now(),
    });
  });
}

export const upliftDto = (r: UpliftModelRow) => ({
  campaignId: r.campaignId,
  status: r.status,
  days: r.days,
  requestedAt: r.requestedAt.toISOString(),
  fittedAt: r.fittedAt?.toISOString() ?? null,
  error: r.error,
  model: r.summary ?? null,
});

/**
 * Fits the campaign's uplift model now (small campaigns: `queued` false) or queues it; a finished
 * campaign only, since the outcome needs its window.
 */
export async function requestCampaignUplift(
  ctx: Ctx & { jobs?: { send: (name: string, payload: object) => Promise<unknown> } },
  ws: string,
  campaignId: string,
  input: { days: number },
  syncMax = UPLIFT_SYNC_MAX,
) {
  const campaign = await findCampaign(ctx.db, ws, campaignId);
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'finished')
    throw new AppError('conflict', `Uplift is fitted on a finished campaign; this one is ${campaign.status}`);
  const existing = await findUpliftModel(ctx.db, ws, campaignId);
  if (existing && (existing.status === 'queued' || existing.status === 'running'))
    throw new AppError('conflict', 'An uplift fit of this campaign is already under way');
  let members = 0;
  for (const n of (await memberCounts(ctx.db, ws, campaignId)).values()) members += n;
  if (members <= syncMax) return { queued: false, uplift: upliftDto(await fitNow(ctx, ws, campaignId, input.days)) };
  const row = await saveUpliftModel(ctx.db, {
    workspaceId: ws,
    campaignId,
    status: 'queued',
    days: input.days,
    summary: existing?.summary ?? null,
    error: null,
    requestedAt: ctx.now(),
    fittedAt: existing?.fittedAt ?? null,
  });
  if (ctx.jobs) await ctx.jobs.send(CAMPAIGN_UPLIFT_JOB, { workspaceId: ws, campaignId });
  return { queued: true, uplift: upliftDto(row) };
}

/** The job's work: fits a queued model; null when another worker took it. A failure is recorded on the row. */
export async function executeCampaignUplift(ctx: Ctx, ws: string, campaignId: string) {
  const row = await executeClaimedRun(
    {
      claim: () => claimUpliftModel(ctx.db, ws, campaignId),
      find: () => findUpliftModel(ctx.db, ws, campaignId),
      fail: (error) => failUpliftModel(ctx.db, ws, campaignId, error),
    },
    async (run) => {
      await fitNow(ctx, ws, campaignId, run!.days);
    },
  );
  return row ? upliftDto(row) : null;
}

export async function getCampaignUplift(ctx: Ctx, ws: string, campaignId: string) {
  if (!(await findCampaign(ctx.db, ws, campaignId))) throw notFound('Campaign');
  const row = await findUpliftModel(ctx.db, ws, campaignId);
  if (!row) throw notFound('Uplift model');
  return upliftDto(row);
}
