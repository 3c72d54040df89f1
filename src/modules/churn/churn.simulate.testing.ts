// Simulated contract books with known effects, for the churn tests and the benchmark: each
// contract's time to cancellation is exponential with monthly rate
//   λ = base × HR_invoice^[paid by invoice] × HR_premium^[Premium plan],
// so the hazard ratios a Cox model should recover are known. Exponential times are memoryless:
// a model whose clock starts at a snapshot (contracts running then) sees the same ratios.
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
};

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
      if (isCancelled) cancelled++;
      return {
        workspaceId: o.workspaceId,
        id: newId(),
        customerId: ids.get(p.externalId) as string,
        externalId: `sim-contract-${p.externalId}`,
        plan: premium ? 'Premium' : 'Basic',
        status: isCancelled ? ('cancelled' as const) : ('active' as const),
        startedAt,
        monthlyValueMinor: (premium ? 9_000 : 4_000) + Math.round(rng() * 2_000),
        currency: o.currency ?? 'BRL',
        termMonths: rng() < 0.5 ? 1 : 12,
        paymentMethod: invoice ? ('invoice' as const) : ('card' as const),
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
