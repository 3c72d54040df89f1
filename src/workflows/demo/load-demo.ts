// Loads generated demo data into a workspace through each domain's bulk writer, in batches,
// each batch in one transaction. Idempotent: external ids make a re-run converge.
import type { Db } from '../../db/client.ts';
import { refreshStatistics } from '../../db/maintenance.ts';
import { runChurnNow } from '../../modules/churn/index.ts';
import { loadDemoCampaigns } from './campaigns-demo.ts';
import { runAffinityNow } from '../../modules/affinity/index.ts';
import { newId } from '../../ids.ts';
import { yieldToEventLoop } from '../../lib/yield.ts';
import { upsertProductsBySku, writeTransactions } from '../../modules/commerce/index.ts';
import { insertContracts, insertContractValueChanges } from '../../modules/contracts/index.ts';
import { findCustomerIdsByExternalIds, upsertCustomersByExternalId } from '../../modules/customers/index.ts';
import { insertInteractions, interactionCost, setCostRates } from '../../modules/interactions/index.ts';
import { getWorkspace } from '../../modules/workspaces/index.ts';
import { scoreWorkspace } from '../score-customers.ts';
import { loadDemoBooks } from './books-demo.ts';
import { loadDemoBonds } from './bonds-demo.ts';
import { loadDemoBundles } from './bundles-demo.ts';
import { loadDemoComplaints } from './complaints-demo.ts';
import { type CancelledDemoContract, loadDemoDefections } from './defections-demo.ts';
import { type DemoCustomerBundle, type DemoOptions, demoProducts, generateDemo } from './generator.ts';
import { type DemoLoyaltyResult, settleDemoLoyalty, setUpDemoLoyalty } from './loyalty-demo.ts';
import { loadDemoVoice } from './surveys-demo.ts';

export type DemoLoadResult = {
  customers: number;
  transactions: number;
  interactions: number;
  contracts: number;
  complaints: number;
  /** Cancelled contracts fed to the defection register, and win-backs among them. */
  defections: { defections: number; reactivations: number };
  loyalty: DemoLoyaltyResult | null;
  /** Answered NPS/CSAT surveys and feedback entries (the voice of the customer). */
  voice: { surveys: number; feedback: number };
  bonds: { relationships: number; preferences: number; structural: number } | null;
  /** The scoring run after the load: tiers, RFM and CLV for the demo customers. */
  scoring: { runId: string; customers: number; tierChanges: number; modelConverged: boolean | null } | null;
  /** The churn-model run after scoring: whether its model is used, and its cross-validated AUC. */
  churn: { runId: string; used: boolean; auc: number | null } | null;
  /** The demo campaign launched with a control group (null when one existed already). */
  campaigns: { campaigns: number; members: number } | null;
  /** Account books, tasks and kudos for the workspace's people (after scoring: books take the most valuable). */
  books: { books: number; tasks: number; kudos: number } | null;
  /** The affinity run: rules found and whether the offers beat the popularity baseline offline. */
  affinity: { runId: string; rules: number | null; beatsBaseline: boolean; bundles: number } | null;
  seconds: number;
};

const BATCH = 500;

export async function loadDemo(
  ctx: { db: Db; now: () => Date },
  options: {
    workspaceId: string;
    customers: number;
    seed: number;
    end?: Date;
    onProgress?: (done: number, total: number) => void;
    signal?: AbortSignal;
    score?: boolean;
  },
): Promise<DemoLoadResult> {
  const started = performance.now();
  const { currency, locale } = await getWorkspace(ctx, options.workspaceId);
  const end =
    options.end ?? new Date(Date.UTC(ctx.now().getUTCFullYear(), ctx.now().getUTCMonth(), ctx.now().getUTCDate()));
  const demo: DemoOptions = {
    customers: options.customers,
    seed: options.seed,
    start: new Date(end.getTime() - 3 * 365 * 86_400_000),
    end,
  };
  const now = ctx.now();
  const ws = options.workspaceId;
  const products = await upsertProductsBySku(
    ctx.db,
    demoProducts().map((p) => ({ workspaceId: ws, id: newId(), ...p, currency, createdAt: now, updatedAt: now })),
  );
  const productBySku = new Map(products.map((p) => [p.sku, p.id]));
  await setCostRates(
    ctx,
    ws,
    Object.entries(demoRates).map(([channel, rate]) => ({ channel, ...rate })),
  );
  // Before the purchases are written, so each one is queued to earn points as it is inserted.
  await setUpDemoLoyalty(ctx, ws, locale);
  const totals = { customers: 0, transactions: 0, interactions: 0, contracts: 0 };
  const cancelled: CancelledDemoContract[] = [];

  const flush = async (batch: DemoCustomerBundle[]) => {
    await ctx.db.transaction(async (tx) => {
      await upsertCustomersByExternalId(
        tx,
        batch.map(({ customer: c }) => ({
          workspaceId: ws,
          id: newId(),
          externalId: c.externalId,
          name: c.name,
          email: c.email,
          phone: c.phone,
          acquiredAt: c.acquiredAt,
          acquisitionChannel: c.acquisitionChannel,
          tags: c.tags,
          locale: c.locale,
          declaredWalletMinor: c.declaredWalletMinor,
          createdAt: c.acquiredAt,
          updatedAt: now,
        })),
      );
      const ids = await findCustomerIdsByExternalIds(
        tx,
        ws,
        batch.map((b) => b.customer.externalId),
      );
      const id = (ext: string) => ids.get(ext) as string;
      const written = await writeTransactions(
        tx,
        { workspaceId: ws, currency, now },
        batch.flatMap((b) =>
          b.transactions.map((t) => ({
            externalId: t.externalId,
            customerId: id(t.customerExternalId),
            occurredAt: t.occurredAt,
            channel: t.channel,
            location: t.location,
            returnOfExternalId: t.returnOf,
            lines: t.lines.map((l) => ({
              productId: productBySku.get(l.sku) ?? null,
              sku: l.sku,
              qty: l.quantity * 1000,
              price: l.unitPriceMinor,
              cost: l.unitCostMinor,
              discount: l.discountMinor,
            })),
          })),
        ),
      );
      const interactions = await insertInteractions(
        tx,
        batch.flatMap((b) =>
          b.interactions.map((i) => ({
            workspaceId: ws,
            id: newId(),
            customerId: id(i.customerExternalId),
            externalId: i.externalId,
            occurredAt: i.occurredAt,
            channel: i.channel,
            direction: i.direction,
            type: i.type,
            durationSeconds: i.durationSeconds,
            costMinor: interactionCost(demoRates[i.channel], i.durationSeconds),
            createdAt: now,
          })),
        ),
      );
      const contracts = await insertContracts(
        tx,
        batch.flatMap(({ contract: k }) =>
          k
            ? [
                {
                  workspaceId: ws,
                  id: newId(),
                  customerId: id(k.customerExternalId),
                  externalId: k.externalId,
                  plan: k.plan,
                  status: k.cancelledAt ? ('cancelled' as const) : ('active' as const),
                  startedAt: k.startedAt,
                  monthlyValueMinor: k.monthlyValueMinor,
                  termMonths: k.termMonths,
                  paymentMethod: k.paymentMethod,
                  currency,
                  cancelledAt: k.cancelledAt,
                  cancellationReason: k.reason,
                  createdAt: now,
                  updatedAt: now,
                },
              ]
            : [],
        ),
      );
      const changesOf = new Map(batch.flatMap(({ contract: k }) => (k ? [[k.externalId, k.changes] as const] : [])));
      await insertContractValueChanges(
        tx,
        contracts.flatMap((k) =>
          (changesOf.get(k.externalId as string) ?? []).map((c) => ({
            workspaceId: ws,
            id: newId(),
            contractId: k.id,
            effectiveAt: c.effectiveAt,
            monthlyValueMinor: c.monthlyValueMinor,
            createdAt: now,
          })),
        ),
      );
      totals.customers += batch.length;
      totals.transactions += written.inserted;
      totals.interactions += interactions.length;
      totals.contracts += contracts.length;
      for (const k of contracts)
        if (k.cancelledAt)
          cancelled.push({
            id: k.id,
            customerId: k.customerId,
            cancelledAt: k.cancelledAt,
            reason: k.cancellationReason,
          });
    });
    options.onProgress?.(totals.customers, options.customers);
  };

  let batch: DemoCustomerBundle[] = [];
  for (const bundle of generateDemo(demo)) {
    // Stopping between batches leaves whole customers; a re-run completes the rest.
    if (options.signal?.aborted) break;
    batch.push(bundle);
    if (batch.length >= BATCH) {
      await flush(batch);
      batch = [];
      await yieldToEventLoop(); // requests and signals get a turn between batches (embedded database)
    }
  }
  if (batch.length && !options.signal?.aborted) await flush(batch);
  const complaints = options.signal?.aborted
    ? 0
    : await loadDemoComplaints(ctx, {
        workspaceId: ws,
        seed: options.seed,
        customers: totals.customers,
        signal: options.signal,
      });
  const defections = options.signal?.aborted
    ? { defections: 0, reactivations: 0 }
    : await loadDemoDefections(ctx, ws, cancelled);
  const loyalty = options.signal?.aborted ? null : await settleDemoLoyalty(ctx, ws, options.signal);
  const voice = options.signal?.aborted ? { surveys: 0, feedback: 0 } : await loadDemoVoice(ctx, ws, options.seed, end);
  // Before scoring, which computes every customer's bond index from them.
  const bonds = options.signal?.aborted ? null : await loadDemoBonds(ctx, ws, options.seed, end);
  // The planner's statistics of the tables just filled (PGlite never gathers them by itself):
  // without them the scoring run's joins take minutes on the embedded database.
  if (!options.signal?.aborted && options.score !== false) await refreshStatistics(ctx.db);
  // Last, so the run sees every cost to serve (contacts, complaints, rewards redeemed).
  const run = options.signal?.aborted || options.score === false ? null : await scoreWorkspace(ctx, ws, 'full', 'demo');
  const scoring = run
    ? {
        runId: run.run.id,
        customers: run.customersScored,
        tierChanges: run.tierChanges,
        modelConverged: run.run.converged,
      }
    : null;
  // After scoring (tiers, RFM and P(alive) are churn features): the churn page has a model to show.
  const churnRun =
    options.signal?.aborted || options.score === false ? null : await runChurnNow(ctx, ws, 'demo').catch(() => null); // recorded on the run; the demo stands without it
  const churn = churnRun ? { runId: churnRun.id, used: churnRun.used, auc: churnRun.auc } : null;
  // After scoring too: the segment is tiers.
  const campaigns =
    options.signal?.aborted || options.score === false ? null : await loadDemoCampaigns(ctx, ws, end, locale);
  const books = options.signal?.aborted || options.score === false ? null : await loadDemoBooks(ctx, ws, end);
  const affinityRun =
    options.signal?.aborted || options.score === false ? null : await runAffinityNow(ctx, ws, 'demo').catch(() => null); // recorded on the run, like churn's
  const affinity = affinityRun
    ? {
        runId: affinityRun.id,
        rules: affinityRun.rules,
        beatsBaseline: Boolean((affinityRun.card as { beatsBaseline?: boolean } | null)?.beatsBaseline),
        // From the run's suggestions: the Bundles screen has defined bundles with adoption to show.
        bundles: await loadDemoBundles(ctx, ws),
      }
    : null;
  return {
    ...totals,
    complaints,
    defections,
    loyalty,
    voice,
    bonds,
    scoring,
    churn,
    campaigns,
    books,
    affinity,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** The demo's cost to serve per channel (minor units), recorded on each contact. */
export const demoRates: Record<string, { perContactMinor: number; perMinuteMinor: number }> = {
  phone: { perContactMinor: 50, perMinuteMinor: 90 },
  store_visit: { perContactMinor: 0, perMinuteMinor: 60 },
  email: { perContactMinor: 120, perMinuteMinor: 0 },
  whatsapp: { perContactMinor: 80, perMinuteMinor: 0 },
  sms: { perContactMinor: 10, perMinuteMinor: 0 },
  web: { perContactMinor: 5, perMinuteMinor: 0 },
};
