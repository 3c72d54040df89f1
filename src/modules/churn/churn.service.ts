// Owns the read use cases of churn diagnostics: runs and the model card, retention curves,
// survival by segment, the drivers table, one customer's risk and the at-risk worklist (keyset
// pages and a CSV export). Everything is read from stored runs and risks: reads stay cheap at a
// million contracts, the work is done by the run.
import { isoOrNull } from '../../lib/dates.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { csvLine } from '../../lib/csv.ts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../lib/cursor.ts';
import {
  lifetimeOutlook,
  paramsFor,
  type RetentionModel,
  type SegmentKind,
  type SurvivalBySegment,
} from './churn.curves.ts';
import type { ChurnRunDto, WorklistQueryInput } from './churn.dto.ts';
import type { ModelCard } from './churn.model.ts';
import {
  type ChurnRunRow,
  customerRiskRead,
  latestSucceededRun,
  latestUsedRun,
  listRuns,
  type RunLifetime,
  runLifetime,
  worklistRows,
} from './churn.repository.ts';

type StoredCard = ModelCard & {
  horizonMonths: number;
  monthlyDiscount: number;
  retention: RetentionModel;
  survival: SurvivalBySegment[];
};

export const toRunDto = (r: ChurnRunRow): ChurnRunDto => ({
  id: r.id,
  trigger: r.trigger,
  status: r.status,
  queuedAt: r.queuedAt.toISOString(),
  finishedAt: isoOrNull(r.finishedAt),
  asOf: isoOrNull(r.asOf),
  used: r.used,
  flag: r.flag as ChurnRunDto['flag'],
  rows: r.rows,
  positives: r.positives,
  auc: r.auc,
  baselineAuc: r.baselineAuc,
  brier: r.brier,
  customersScored: r.customersScored,
  error: r.error,
});

const noModel = () =>
  new AppError(
    'no_model',
    'No churn model run has finished yet: run one (POST /api/v1/churn/model/runs) once contracts have been recorded',
  );

export async function getRuns(ctx: Ctx, workspaceId: string, limit: number) {
  return { items: (await listRuns(ctx.db, workspaceId, limit)).map(toRunDto) };
}

async function usedCard(ctx: Ctx, workspaceId: string) {
  const run = await latestUsedRun(ctx.db, workspaceId);
  if (!run?.card) throw noModel();
  return { run, card: run.card as unknown as StoredCard };
}

async function latestCard(ctx: Ctx, workspaceId: string) {
  const run = await latestSucceededRun(ctx.db, workspaceId);
  if (!run?.card || !run.asOf) throw noModel();
  return { run, card: run.card as unknown as StoredCard, asOf: run.asOf };
}

export async function getModelCard(ctx: Ctx, workspaceId: string) {
  const { run, card } = await usedCard(ctx, workspaceId);
  return {
    run: toRunDto(run),
    horizonMonths: card.horizonMonths,
    folds: card.folds,
    auc: card.auc,
    baselineAuc: card.baseline?.auc ?? null,
    brier: card.brier,
    reliability: card.reliability,
    oddsRatios: card.oddsRatios,
  };
}

export async function getRetention(ctx: Ctx, workspaceId: string) {
  const { run, card, asOf } = await latestCard(ctx, workspaceId);
  return { runId: run.id, asOf: asOf.toISOString(), cohorts: card.retention.cohorts };
}

export async function getSurvival(ctx: Ctx, workspaceId: string, by: SegmentKind) {
  const { run, card } = await latestCard(ctx, workspaceId);
  const found = card.survival.find((s) => s.by === by) ?? { by, segments: [], logRank: null };
  return { runId: run.id, ...found };
}

/** A reason recorded by customers who left, with its share in one segment (`all`, or a tier code). */
export type SegmentReasonShare = {
  segment: string;
  reasonCode: string | null;
  controllable: boolean | null;
  count: number;
  share: number;
};
/** Where the drivers read the recorded reasons from (the defection register, through a workflow). */
export type ReasonSharesSource = (ctx: Ctx, workspaceId: string) => Promise<SegmentReasonShare[]>;

/**
 * "What moves churn": each column's hazard ratio (Cox, with CI and p) beside its odds ratio
 * (logistic), strongest evidence first, and the reasons recorded by those who left, per segment,
 * when the app hands in a source for them (src/workflows/churn-reasons.ts).
 */
export async function getDrivers(ctx: Ctx, workspaceId: string, reasonShares?: ReasonSharesSource) {
  const { run, card } = await usedCard(ctx, workspaceId);
  const hazards = card.cox?.hazardRatios ?? [];
  const effects = card.oddsRatios.map((o, j) => {
    const h = hazards[j];
    return {
      code: o.code,
      level: o.level,
      reference: o.reference,
      step: o.step,
      hazardRatio: h?.hazardRatio ?? null,
      lower: h?.lower ?? null,
      upper: h?.upper ?? null,
      p: h && Number.isFinite(h.p) ? h.p : null,
      oddsRatio: o.oddsRatio,
      oddsLower: o.lower,
      oddsUpper: o.upper,
    };
  });
  effects.sort((a, b) => (a.p ?? 1) - (b.p ?? 1) || Math.abs(Math.log(b.oddsRatio)) - Math.abs(Math.log(a.oddsRatio)));
  return {
    runId: run.id,
    concordance: card.cox?.concordance ?? null,
    effects,
    defectionReasons: reasonShares ? await reasonShares(ctx, workspaceId) : [],
  };
}

/** Lifetime models of succeeded runs by run id (immutable once stored), the most recent few. */
const lifetimes = new Map<string, RunLifetime | null>();
const LIFETIMES_KEPT = 32;

async function lifetimeOf(ctx: Ctx, workspaceId: string, runId: string): Promise<RunLifetime | null> {
  const key = `${workspaceId}:${runId}`;
  if (lifetimes.has(key)) return lifetimes.get(key) ?? null;
  const l = (await runLifetime(ctx.db, workspaceId, runId)) ?? null;
  if (lifetimes.size >= LIFETIMES_KEPT) lifetimes.delete(lifetimes.keys().next().value as string);
  lifetimes.set(key, l);
  return l;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getCustomerRisk(ctx: Ctx, workspaceId: string, customerId: string) {
  if (!UUID.test(customerId)) throw notFound('Customer');
  // One round trip; the run's sBG parameters come from a per-run cache (a second read once per run).
  const read = await customerRiskRead(ctx.db, workspaceId, customerId);
  if (!read.live) throw notFound('Customer');
  const latest = read.latestRunId ? await lifetimeOf(ctx, workspaceId, read.latestRunId) : null;
  const params = latest?.params;
  const contracts =
    latest && params && latest.monthlyDiscount
      ? read.contracts.map((c) => {
          const p = paramsFor(params, c.cohort_month, c.plan);
          const outlook = p ? lifetimeOutlook(p, c.whole_months, latest.monthlyDiscount) : null;
          return {
            contractId: c.id,
            plan: c.plan,
            monthsLived: c.whole_months,
            derlMonths: outlook && Number.isFinite(outlook.derlMonths) ? outlook.derlMonths : null,
            expectedRemainingMonths: outlook?.expectedRemainingMonths ?? null,
          };
        })
      : [];
  const risk = read.risk;
  return {
    risk: risk
      ? {
          customerId: risk.customerId,
          basis: risk.basis,
          risk: risk.risk,
          drivers: risk.drivers,
          valueAtStakeMinor: risk.valueAtStakeMinor,
          expectedLossMinor: risk.expectedLossMinor,
          computedAt: risk.computedAt.toISOString(),
          horizonMonths: risk.basis === 'contract' ? (latest?.horizonMonths ?? null) : null,
        }
      : null,
    contracts,
  };
}

function decodeLossCursor(cursor: string): { loss: number; customerId: string } {
  const v = decodeCursor(cursor);
  if (
    Array.isArray(v) &&
    v.length === 2 &&
    Number.isSafeInteger(v[0]) &&
    typeof v[1] === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v[1])
  )
    return { loss: v[0], customerId: v[1] };
  throw invalidCursor();
}

/** What some customers would lose by leaving (the bonds domain's stored switching costs), by customer id. */
export type SwitchingCostsSource = (
  ctx: Ctx,
  workspaceId: string,
  customerIds: string[],
) => Promise<Map<string, { bondIndex: number; switchingCostMinor: number }>>;

export async function getWorklist(
  ctx: Ctx,
  workspaceId: string,
  q: WorklistQueryInput,
  switchingCosts?: SwitchingCostsSource,
) {
  const rows = await worklistRows(
    ctx.db,
    workspaceId,
    { ...q, after: q.cursor ? decodeLossCursor(q.cursor) : undefined },
    q.limit + 1,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  const costs = switchingCosts
    ? await switchingCosts(
        ctx,
        workspaceId,
        items.map((r) => r.customerId),
      )
    : new Map();
  return {
    items: items.map((r) => ({
      customerId: r.customerId,
      customerName: r.customerName,
      basis: r.basis,
      risk: r.risk,
      drivers: r.drivers,
      valueAtStakeMinor: r.valueAtStakeMinor,
      expectedLossMinor: r.expectedLossMinor,
      tier: r.tier,
      segment: r.segment,
      accountManagerId: r.accountManagerId,
      bondIndex: costs.get(r.customerId)?.bondIndex ?? null,
      switchingCostMinor: costs.get(r.customerId)?.switchingCostMinor ?? null,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.expectedLossMinor, last.customerId]) : null,
  };
}

/** The whole filtered worklist as CSV, page by page (constant memory). */
export async function streamWorklistCsv(
  ctx: Ctx,
  workspaceId: string,
  q: Omit<WorklistQueryInput, 'limit' | 'cursor'>,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  await write(
    csvLine([
      'customer_id',
      'customer_name',
      'basis',
      'risk',
      'expected_loss_minor',
      'value_at_stake_minor',
      'tier',
      'segment',
      'account_manager_id',
      'drivers',
    ]),
  );
  let after: { loss: number; customerId: string } | undefined;
  for (;;) {
    const rows = await worklistRows(ctx.db, workspaceId, { ...q, after }, 2000);
    if (rows.length === 0) return;
    await write(
      rows
        .map((r) =>
          csvLine([
            r.customerId,
            r.customerName,
            r.basis,
            r.risk.toFixed(4),
            r.expectedLossMinor,
            r.valueAtStakeMinor,
            r.tier,
            r.segment,
            r.accountManagerId,
            r.drivers.map((d) => (d.level ? `${d.code}=${d.level}` : d.code)).join(' '),
          ]),
        )
        .join(''),
    );
    const last = rows[rows.length - 1];
    after = { loss: last.expectedLossMinor, customerId: last.customerId };
  }
}
