// Simulated contract books with known effects, for the churn tests and the benchmark: each
// contract's time to cancellation is exponential with monthly rate
//   λ = base × HR_invoice^[paid by invoice] × HR_premium^[Premium plan],
// so the hazard ratios a Cox model should recover are known. Exponential times are memoryless:
// a model whose clock starts at a snapshot (contracts running then) sees the same ratios.
// `wide` (the benchmark) spreads the same book over more columns without changing the hazards:
// 8 variants of each plan, the seven other payment methods in place of card, terms 1/12/24/36.
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { seededRng } from '../../lib/random.ts';
import { insertContracts } from '../contracts/index.ts';
import { findCustomerIdsByExternalIds, upsertCustomersByExternalId } from '../customers/index.ts';

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

const MONTH_MS = 2_629_800_000;

export async function simulateContractBook(db: Db, o: BookOptions): Promise<{ cancelled: number }> {
  const rng = seededRng(o.seed);
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
  }
  return { cancelled };
}
