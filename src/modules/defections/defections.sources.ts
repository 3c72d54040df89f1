// Sources the defection register declares for other domains (the churn drivers set the share of
// recorded reasons beside the hazard ratios). Defections with no reason yet count under a null code.
import type { Db } from '../../db/client.ts';
import type { CustomerFilter } from '../../db/customer-filter.ts';
import { tiersOfCustomers } from '../analytics/index.ts';
import { type CountRow, countDefections } from './defections.repository.ts';

export type ReasonShare = {
  reasonCode: string | null;
  controllable: boolean | null;
  count: number;
  /** Of all defections in the same group (or the whole period without groupBy). */
  share: number;
  /** The UTC month (YYYY-MM) or the customer's current pyramid tier (null when never scored). */
  group?: string | null;
};

const key = (r: { reasonCode: string | null; controllable: boolean | null; group?: string | null }) =>
  JSON.stringify([r.group ?? null, r.reasonCode, r.controllable]);

/** Counts and shares of defection reasons over [from, to), optionally per tier or month. */
export async function defectionReasonShares(
  db: Db,
  workspaceId: string,
  options: { from?: Date; to?: Date; groupBy?: 'tier' | 'month'; customers?: CustomerFilter },
): Promise<ReasonShare[]> {
  const filter = { from: options.from, to: options.to, customers: options.customers };
  let rows: CountRow[];
  if (options.groupBy === 'tier') {
    const perCustomer = await countDefections(db, workspaceId, filter, 'customer');
    const tiers = new Map<string, string>();
    const ids = [...new Set(perCustomer.map((r) => r.grp as string))];
    for (let i = 0; i < ids.length; i += 1000)
      for (const [c, t] of await tiersOfCustomers(db, workspaceId, ids.slice(i, i + 1000))) tiers.set(c, t);
    rows = perCustomer.map((r) => ({ ...r, grp: tiers.get(r.grp as string) ?? null }));
  } else {
    rows = await countDefections(db, workspaceId, filter, options.groupBy === 'month' ? 'month' : null);
  }
  const merged = new Map<string, ReasonShare>();
  for (const r of rows) {
    const share: ReasonShare = { reasonCode: r.reason_code, controllable: r.controllable, count: r.count, share: 0 };
    if (options.groupBy) share.group = r.grp;
    const k = key(share);
    const prior = merged.get(k);
    if (prior) prior.count += r.count;
    else merged.set(k, share);
  }
  const totals = new Map<string | null, number>();
  for (const r of merged.values()) totals.set(r.group ?? null, (totals.get(r.group ?? null) ?? 0) + r.count);
  return [...merged.values()]
    .map((r) => ({ ...r, share: r.count / (totals.get(r.group ?? null) as number) }))
    .sort((a, b) => String(a.group ?? '').localeCompare(String(b.group ?? '')) || b.count - a.count);
}
