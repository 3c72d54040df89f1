// The bond index on constructed customers whose components are known by hand, and the hazard-ratio
// validation on generated data: weaker bonds made to churn faster (HR > 1, CI above 1) and no effect
// (CI covers 1).
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../lib/random.ts';
import {
  type BondInputs,
  bondHazardRatio,
  bondScore,
  defaultBondSettings,
  type HazardRow,
  sat,
  switchingCosts,
} from './bonds.model.ts';

const none: BondInputs = {
  relationships: 0,
  contacts12m: 0,
  topHandlerContacts: 0,
  preferences: 0,
  timesActedOn: 0,
  structuralTies: 0,
  automaticPayment: false,
  productLines: 0,
  pointsBalance: 0,
  pointsValueMinor: 0,
  levelPosition: 0,
  levelCount: 0,
  pendingVouchers: 0,
  vouchersValueMinor: 0,
  earlyTerminationFeeMinor: 0,
};
const e = Math.exp;

describe('bond index', () => {
  test('a customer with no bonds scores 0 everywhere and is told their weakest bond', () => {
    const s = bondScore(none);
    expect(s).toMatchObject({ index: 0, continuity: null });
    expect(s.components).toEqual({ social: 0, customisation: 0, structural: 0, financial: 0 });
    expect(s.explanation.map((x) => x.code)).toEqual(['weakest', 'no_preferences']);
  });

  test('saturating transform: 0, 1 − 1/e at its scale, below 1 always', () => {
    expect(sat(0, 3)).toBe(0);
    expect(sat(3, 3)).toBeCloseTo(1 - 1 / Math.E, 12);
    expect(sat(1e6, 1)).toBeLessThanOrEqual(1);
  });

  test('each component matches its formula on a customer built by hand', () => {
    const c: BondInputs = {
      ...none,
      relationships: 1, // social: 0.5·(1 − e^−1)
      contacts12m: 8,
      topHandlerContacts: 6, // + 0.5 · 0.75 · (1 − e^−2)
      preferences: 2, // customisation: 0.4·(1 − e^−1) + 0.6·(1 − e^−1)
      timesActedOn: 5,
      structuralTies: 2, // structural: 0.6·(1 − e^−2) + 0.4·(1 − e^−1) (3 lines → 2 beyond the first)
      automaticPayment: true,
      productLines: 3,
      pointsBalance: 1000, // financial: 0.5·(1 − e^−1) + 0.25·(2/4) + 0.25·(1 − e^−2)
      pointsValueMinor: 5000,
      levelPosition: 2,
      levelCount: 4,
      pendingVouchers: 2,
      vouchersValueMinor: 3000,
      earlyTerminationFeeMinor: 20000,
    };
    const social = Math.round(100 * (0.5 * (1 - e(-1)) + 0.5 * 0.75 * (1 - e(-2))));
    const customisation = Math.round(100 * (1 - e(-1)));
    const structural = Math.round(100 * (0.6 * (1 - e(-2)) + 0.4 * (1 - e(-1))));
    const financial = Math.round(100 * (0.5 * (1 - e(-1)) + 0.25 * 0.5 + 0.25 * (1 - e(-2))));
    const s = bondScore(c);
    expect(s.components).toEqual({ social, customisation, structural, financial });
    expect([social, customisation, structural, financial]).toEqual([64, 63, 77, 66]);
    expect(s.continuity).toBe(0.75);
    expect(s.index).toBe(Math.round(0.3 * social + 0.2 * customisation + 0.3 * structural + 0.2 * financial));
    expect(s.explanation[0]).toEqual({ code: 'strongest', component: 'structural', values: { score: 77 } });
    expect(s.explanation[1]).toEqual({ code: 'weakest', component: 'customisation', values: { score: 63 } });
    expect(s.explanation.find((x) => x.code === 'continuity')?.values).toEqual({ share: 0.75, contacts: 8 });
    expect(switchingCosts(c).totalMinor).toBe(5000 + 3000 + 20000);
  });

  test('weights are the workspace’s: all weight on one component gives that component', () => {
    const c = { ...none, structuralTies: 3, productLines: 5, relationships: 4 };
    const only = (k: 'structural' | 'social') => ({
      ...defaultBondSettings,
      weights: { social: 0, customisation: 0, structural: 0, financial: 0, [k]: 1 },
    });
    expect(bondScore(c, only('structural')).index).toBe(bondScore(c).components.structural);
    expect(bondScore(c, only('social')).index).toBe(bondScore(c).components.social);
  });

  test('one contact is not continuity: it counts only as contacts accumulate', () => {
    const one = bondScore({ ...none, contacts12m: 1, topHandlerContacts: 1 });
    const twelve = bondScore({ ...none, contacts12m: 12, topHandlerContacts: 12 });
    expect(one.continuity).toBe(1);
    expect(one.components.social).toBe(Math.round(100 * 0.5 * (1 - e(-1 / 4))));
    expect(twelve.components.social).toBe(Math.round(100 * 0.5 * (1 - e(-3))));
  });

  test('more of a bond never lowers its component, and every component stays within 0–100', () => {
    const rng = seededRng(7);
    for (let k = 0; k < 500; k++) {
      const c: BondInputs = {
        ...none,
        relationships: Math.floor(rng() * 5),
        contacts12m: 20,
        topHandlerContacts: Math.floor(rng() * 21),
        preferences: Math.floor(rng() * 8),
        timesActedOn: Math.floor(rng() * 40),
        structuralTies: Math.floor(rng() * 6),
        productLines: Math.floor(rng() * 9),
        pointsValueMinor: Math.floor(rng() * 1e6),
        levelPosition: 1,
        levelCount: 3,
      };
      const a = bondScore(c);
      const b = bondScore({ ...c, relationships: c.relationships + 1, structuralTies: c.structuralTies + 1 });
      expect(b.components.social).toBeGreaterThanOrEqual(a.components.social);
      expect(b.components.structural).toBeGreaterThanOrEqual(a.components.structural);
      for (const v of [...Object.values(a.components), a.index]) expect(v >= 0 && v <= 100).toBe(true);
    }
  });
});

/** n customers, index uniform 0–100, exponential churn at rate 0.05·e^(−effect·index/100), censored at 24. */
function generate(n: number, effect: number, seed: number): HazardRow[] {
  const rng = seededRng(seed);
  return Array.from({ length: n }, () => {
    const index = Math.round(rng() * 100);
    const t = -Math.log(1 - rng()) / (0.05 * Math.exp((-effect * index) / 100));
    return t < 24 ? { index, time: t, event: 1 as const } : { index, time: 24, event: 0 as const };
  });
}

describe('hazard-ratio validation', () => {
  test('recovers that weaker bonds churn faster (HR > 1, CI above 1)', () => {
    const v = bondHazardRatio(generate(2000, 1.5, 11));
    expect(v.status).toBe('ok');
    if (v.status !== 'ok') return;
    // Bottom fifth ≈ index 10, top ≈ 90: true HR ≈ e^(1.5 · 0.8) ≈ 3.3.
    expect(v.lower).toBeGreaterThan(1);
    expect(v.hazardRatio).toBeGreaterThan(2.2);
    expect(v.hazardRatio).toBeLessThan(4.8);
    expect(v.n).toBe(800);
    expect(v.events).toBe(v.bottom.events + v.top.events);
    expect(v.bottom.events).toBeGreaterThan(v.top.events);
    expect(v.bottom.maxIndex).toBeLessThan(v.top.minIndex);
  });

  test('finds nothing where there is nothing (CI covers 1), on several seeds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const v = bondHazardRatio(generate(2000, 0, seed));
      expect(v.status).toBe('ok');
      if (v.status !== 'ok') return;
      expect(v.lower).toBeLessThan(1);
      expect(v.upper).toBeGreaterThan(1);
    }
  });

  test('says why when it cannot answer', () => {
    expect(bondHazardRatio(generate(100, 1, 1))).toMatchObject({ status: 'insufficient', reason: 'too_few_customers' });
    const flat = generate(500, 1, 1).map((r) => ({ ...r, index: 40 }));
    expect(bondHazardRatio(flat)).toMatchObject({ status: 'insufficient', reason: 'no_spread' });
    const noEvents = generate(500, 1, 1).map((r) => ({ ...r, event: 0 as const }));
    expect(bondHazardRatio(noEvents)).toMatchObject({ status: 'insufficient', reason: 'too_few_events' });
  });
});
