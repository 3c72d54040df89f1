// Owns who gets what in a campaign, as pure functions of seeds and customer ids: the global
// holdout (a persistent share of the workspace kept out of every campaign) and the split of a
// frozen segment into arms. A customer's place comes from SHA-256 of "<seed>:<customer id>", so the
// same seed and members always give the same assignment, and two campaigns' seeds are independent.
// Stratified by tier, each tier is split by its members' hash order in exact proportion to the
// planned shares (largest part first), so every tier carries the plan, not just the whole.
import { createHash } from 'node:crypto';

export type ArmPlan = { key: string; share: number };
export type Member = { customerId: string; tier: string | null };
export type Assignment = { customerId: string; arm: string };

/** A uniform number in [0, 1) from 52 bits of SHA-256 of seed and id. */
export function unitHash(seed: string | number, customerId: string): number {
  const digest = createHash('sha256').update(`${seed}:${customerId}`).digest();
  return (digest.readUInt32BE(0) * 2 ** 20 + (digest.readUInt32BE(4) >>> 12)) / 2 ** 52;
}

/** Whether the customer is in the workspace's global holdout of `share` (0–1) under `seed`. */
export const inGlobalHoldout = (seed: string | number, share: number, customerId: string) =>
  share > 0 && unitHash(`holdout:${seed}`, customerId) < share;

/** The arm whose slice of [0, 1), by cumulative share, holds u. */
function armAt(arms: readonly ArmPlan[], total: number, u: number): string {
  let edge = 0;
  for (const arm of arms) {
    edge += arm.share / total;
    if (u < edge) return arm.key;
  }
  return arms[arms.length - 1].key;
}

/**
 * Arms for the members: each by its own hash, or (stratified) by its rank in its tier's hash
 * order, the rank's midpoint placed on the cumulative shares — exact proportions in every tier.
 */
export function assignArms(
  seed: string | number,
  arms: readonly ArmPlan[],
  members: readonly Member[],
  options: { stratifyByTier?: boolean } = {},
): Assignment[] {
  if (arms.length < 2) throw new RangeError('a campaign needs at least two arms');
  const total = arms.reduce((s, a) => s + a.share, 0);
  const keyed = members.map((m) => ({ ...m, u: unitHash(seed, m.customerId) }));
  if (!options.stratifyByTier) return keyed.map((m) => ({ customerId: m.customerId, arm: armAt(arms, total, m.u) }));
  const strata = new Map<string, typeof keyed>();
  for (const m of keyed) {
    const key = m.tier ?? '';
    const list = strata.get(key);
    if (list) list.push(m);
    else strata.set(key, [m]);
  }
  const out: Assignment[] = [];
  for (const list of strata.values()) {
    list.sort((a, b) => a.u - b.u || (a.customerId < b.customerId ? -1 : 1));
    list.forEach((m, i) => out.push({ customerId: m.customerId, arm: armAt(arms, total, (i + 0.5) / list.length) }));
  }
  return out;
}

/** Members per arm, in the plan's order. */
export function armCounts(arms: readonly ArmPlan[], assignments: readonly { arm: string }[]): number[] {
  const index = new Map(arms.map((a, i) => [a.key, i]));
  const counts = arms.map(() => 0);
  for (const a of assignments) counts[index.get(a.arm)!]++;
  return counts;
}
