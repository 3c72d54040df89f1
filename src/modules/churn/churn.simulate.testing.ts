// Simulated contract books with known effects, for the churn tests and the benchmark: each
// contract's time to cancellation is exponential with monthly rate
//   λ = base × HR_invoice^[paid by invoice] × HR_premium^[Premium plan],
// so the hazard ratios a Cox model should recover are known. Exponential times are memoryless:
// a model whose clock starts at a snapshot (contracts running then) sees the same ratios.
// `wide` (the benchmark) spreads the same book over more columns without changing the hazards:
// 8 variants of each plan, the seven other payment methods in place of card, terms 1/12/24/36,
// and the other domains' facts the model reads: every customer scored by the value engine (a
// pyramid tier, R, F and M scores 1–5) and a quarter of them with 1–3 logged contacts with a cost.
// These draws come from a second generator, so the contracts are the same wide or narrow.
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { seededRng } from '../../lib/random.ts';
import { insertSimulatedScores, type PyramidTier } from '../analytics/index.ts';
import { insertContracts } from '../contracts/index.ts';
import { findCustomerIdsByExternalIds, upsertCustomersByExternalId } from '../customers/index.ts';
import { insertInteractions } from '../interactions/index.ts';

export type BookOptions = {
  workspaceId: string;
  contracts: number;
  asOf: Date;
  seed: number;
  /** Monthly cancellation rate of a card-paying Basic contract. */
  base?: number;
  invoiceHazardRatio?: number;
  premiumHazardRatio?: number;
  /** Contracts start uniformly over this many months before asOf. */
  months?: number;
  currency?: string;
  batch?: number;
  /** More levels of plan, payment method and term (no effect on the hazard): a wider design. */
  wide?: boolean;
};

const otherMethods = ['card', 'direct_debit', 'bank_transfer', 'pix', 'boleto', 'cash', 'other'] as const;
const terms = [1, 12, 24, 36];
/** Cumulative shares of the pyramid tiers, top first. */
const tierShares: [PyramidTier, number][] = [
  ['platinum', 0.05],
  ['gold', 0.2],
  ['iron', 0.5],
  ['lead', 1],
];
const channels = ['phone', 'email', 'chat'] as const;

const MONTH_MS = 2_629_800_000;

export async function simulateContractBook(db: Db, o: BookOptions): Promise<{ cancelled: number }> {
  const rng = seededRng(o.seed);
  const facts = seededRng(o.seed + 7_919);
  const base = o.base ?? 0.03;
  const hrInvoice = o.invoiceHazardRatio ?? 2;
  const hrPremium = o.premiumHazardRatio ?? 0.7;
  const months = o.months ?? 36;
  const batch = o.batch ?? 2_000;
  let cancelled = 0;
  for (let from = 0; from < o.contracts; from += batch) {
    const n = Math.min(batch, o.contracts - from);
    const people = Array.from({ length: n }, (_, k) => ({
      workspaceId: o.workspaceId,
      id: newId(),
      name: `Subscriber ${from + k}`,
      externalId: `sim-${from + k}`,
    }));
    await upsertCustomersByExternalId(db, people);
    const ids = await findCustomerIdsByExternalIds(
      db,
      o.workspaceId,
      people.map((p) => p.externalId),
    );
    const rows = people.map((p) => {
      const invoice = rng() < 0.4;
      const premium = rng() < 0.5;
      const rate = base * (invoice ? hrInvoice : 1) * (premium ? hrPremium : 1);
      const startedAt = new Date(o.asOf.getTime() - rng() * months * MONTH_MS);
      const lifetime = (-Math.log(1 - rng()) / rate) * MONTH_MS;
      const end = new Date(startedAt.getTime() + lifetime);
      const isCancelled = end < o.asOf;
      // Draws in the order the narrow book always took them (value, then term): same seed, same book.
      const value = (premium ? 9_000 : 4_000) + Math.round(rng() * 2_000);
      const variant = o.wide ? ` ${1 + Math.floor(rng() * 8)}` : '';
      const method: (typeof otherMethods)[number] | 'invoice' = invoice
        ? 'invoice'
        : o.wide
          ? otherMethods[Math.floor(rng() * otherMethods.length)]
          : 'card';
      const term = o.wide ? terms[Math.floor(rng() * terms.length)] : rng() < 0.5 ? 1 : 12;
      if (isCancelled) cancelled++;
      return {
        workspaceId: o.workspaceId,
        id: newId(),
        customerId: ids.get(p.externalId) as string,
        externalId: `sim-contract-${p.externalId}`,
        plan: (premium ? 'Premium' : 'Basic') + variant,
        status: isCancelled ? ('cancelled' as const) : ('active' as const),
        startedAt,
        monthlyValueMinor: value,
        currency: o.currency ?? 'BRL',
        termMonths: term,
        paymentMethod: method,
        cancelledAt: isCancelled ? end : null,
        cancellationReason: isCancelled ? 'simulated' : null,
        createdAt: o.asOf,
        updatedAt: o.asOf,
      };
    });
    await insertContracts(db, rows);
    if (o.wide) await simulateOtherFacts(db, o, rows, facts);
  }
  return { cancelled };
}

/** Scores for every customer of a batch and contacts for about a quarter (in their contract's life, within 18 months of asOf). */
async function simulateOtherFacts(
  db: Db,
  o: BookOptions,
  rows: { customerId: string; startedAt: Date; cancelledAt: Date | null }[],
  rng: () => number,
): Promise<void> {
  const score = () => 1 + Math.floor(rng() * 5);
  await insertSimulatedScores(
    db,
    o.workspaceId,
    rows.map((r) => {
      const u = rng();
      const tier = (tierShares.find(([, share]) => u < share) ?? tierShares[3])[0];
      return { customerId: r.customerId, tier, rScore: score(), fScore: score(), mScore: score() };
    }),
  );
  const contacts = [];
  const earliest = o.asOf.getTime() - 18 * MONTH_MS;
  for (const r of rows) {
    if (rng() >= 0.25) continue;
    const from = Math.max(r.startedAt.getTime(), earliest);
    const to = Math.min(r.cancelledAt?.getTime() ?? Infinity, o.asOf.getTime());
    for (let k = 1 + Math.floor(rng() * 3); k > 0 && to > from; k--)
      contacts.push({
        workspaceId: o.workspaceId,
        id: newId(),
        customerId: r.customerId,
        occurredAt: new Date(from + rng() * (to - from)),
        channel: channels[Math.floor(rng() * channels.length)],
        direction: 'inbound' as const,
        type: 'support',
        durationSeconds: 60 + Math.floor(rng() * 900),
        costMinor: 200 + Math.round(rng() * 1_800),
      });
  }
  if (contacts.length > 0) await insertInteractions(db, contacts);
}
