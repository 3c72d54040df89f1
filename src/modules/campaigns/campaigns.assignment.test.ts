// The Done-when of issue #19 for assignment: reproducible, and balanced enough that on 100,000
// customers the sample-ratio-mismatch test passes an honest split and catches a planted imbalance.
import { describe, expect, test } from 'vitest';
import { sampleRatioMismatch } from '../analytics/models/experiments.ts';
import { armCounts, assignArms, inGlobalHoldout, unitHash, type Member } from './campaigns.assignment.ts';

const ids = (n: number, prefix = 'c') =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i.toString(16).padStart(8, '0')}`);
const tiers = ['platinum', 'gold', 'iron', 'lead'];
const members: Member[] = ids(100_000).map((customerId, i) => ({ customerId, tier: tiers[(i * 7919) % 4] }));
const plan = [
  { key: 'control', share: 10 },
  { key: 'offer', share: 45 },
  { key: 'reminder', share: 45 },
];
const shares = plan.map((a) => a.share);

describe('assignment', () => {
  test('reproducible: same seed, same arms; another seed, another split', () => {
    const a = assignArms('seed-1', plan, members.slice(0, 5000));
    const b = assignArms('seed-1', plan, [...members.slice(0, 5000)].reverse());
    const byId = new Map(b.map((x) => [x.customerId, x.arm]));
    expect(a.every((x) => byId.get(x.customerId) === x.arm)).toBe(true);
    const c = assignArms('seed-2', plan, members.slice(0, 5000));
    const moved = c.filter((x, i) => x.arm !== a[i].arm).length;
    expect(moved).toBeGreaterThan(2000);
    expect(unitHash('s', 'x')).toBe(unitHash('s', 'x'));
  });

  test('100k customers: the SRM test passes an honest split and catches a planted imbalance', () => {
    for (const seed of ['campaign-a', 'campaign-b', 'campaign-c']) {
      const honest = sampleRatioMismatch(armCounts(plan, assignArms(seed, plan, members)), shares);
      expect(honest.mismatch, `seed ${seed}: p ${honest.p}`).toBe(false);
    }
    // Planted: a batch of the offer arm lost (2 % of it), as when a send job drops members.
    const assigned = assignArms('campaign-a', plan, members);
    let dropped = 0;
    const lossy = assigned.filter((a) => !(a.arm === 'offer' && dropped++ % 50 === 0));
    const planted = sampleRatioMismatch(armCounts(plan, lossy), shares);
    expect(planted.mismatch).toBe(true);
    expect(planted.p).toBeLessThan(1e-4);
  });

  test('stratified by tier: every tier carries the planned split exactly (to one member)', () => {
    const assigned = assignArms('strat', plan, members, { stratifyByTier: true });
    const tierOf = new Map(members.map((m) => [m.customerId, m.tier]));
    for (const tier of tiers) {
      const inTier = assigned.filter((a) => tierOf.get(a.customerId) === tier);
      const counts = armCounts(plan, inTier);
      counts.forEach((n, i) => expect(Math.abs(n - (inTier.length * shares[i]) / 100)).toBeLessThanOrEqual(1));
    }
    expect(sampleRatioMismatch(armCounts(plan, assigned), shares).p).toBeGreaterThan(0.99);
  });

  test('the global holdout is a stable share, independent of campaign arms', () => {
    const held = members.filter((m) => inGlobalHoldout('ws', 0.05, m.customerId));
    expect(Math.abs(held.length / members.length - 0.05)).toBeLessThan(0.003);
    expect(members.filter((m) => inGlobalHoldout('ws', 0.05, m.customerId)).length).toBe(held.length);
    expect(members.some((m) => inGlobalHoldout('ws', 0, m.customerId))).toBe(false);
    const arms = armCounts(plan, assignArms('campaign-a', plan, held));
    expect(sampleRatioMismatch(arms, shares).mismatch).toBe(false);
  });
});
