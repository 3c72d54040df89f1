// Owns the service-recovery proposal as a pure function: a goodwill amount sized to what the
// customer is worth and how badly they were let down, in integer minor units.
import type { Severity, Tier } from './complaints.sla.ts';

/**
 * value = clamp(round(revenue of the last 12 months × share[severity] × tierWeight[tier]),
 *               floor[severity], cap)
 * Shares: low 1 %, medium 2 %, high 4 %, critical 8 %. Floors (minor units): 500 / 1,000 /
 * 2,500 / 5,000. Tier weights: Platinum 1.5, Gold 1.25, others 1. The cap is a workspace
 * setting. Points = value ÷ the value of one point (rounded up, so the customer never gets less).
 */
export const proposalShare: Record<Severity, number> = { low: 0.01, medium: 0.02, high: 0.04, critical: 0.08 };
export const proposalFloorMinor: Record<Severity, number> = { low: 500, medium: 1_000, high: 2_500, critical: 5_000 };
export const tierWeight: Record<Tier, number> = { platinum: 1.5, gold: 1.25, iron: 1, lead: 1, none: 1 };

export type Proposal = {
  valueMinor: number;
  points: number;
  basis: {
    revenue12mMinor: number;
    severity: Severity;
    tier: Tier;
    share: number;
    tierWeight: number;
    floorMinor: number;
    capMinor: number;
    pointValueMinor: number;
  };
};

export function proposeCompensation(input: {
  revenue12mMinor: number;
  severity: Severity;
  tier: Tier;
  capMinor: number;
  pointValueMinor: number;
}): Proposal {
  const revenue = Math.max(0, Math.round(input.revenue12mMinor));
  const share = proposalShare[input.severity];
  const weight = tierWeight[input.tier];
  const floor = proposalFloorMinor[input.severity];
  const cap = Math.max(0, Math.round(input.capMinor));
  const valueMinor = Math.min(cap, Math.max(floor, Math.round(revenue * share * weight)));
  const pointValue = Math.max(1, Math.round(input.pointValueMinor));
  return {
    valueMinor,
    points: Math.ceil(valueMinor / pointValue),
    basis: {
      revenue12mMinor: revenue,
      severity: input.severity,
      tier: input.tier,
      share,
      tierWeight: weight,
      floorMinor: floor,
      capMinor: cap,
      pointValueMinor: pointValue,
    },
  };
}
