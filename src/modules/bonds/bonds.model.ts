// The bond index as pure functions over plain numbers (docs/bonds.md has the formulas): four
// components, each 0–100 from saturating transforms sat(x, k) = 1 − e^(−x/k) (the first tie counts
// most, the tenth adds little), a weighted mean of them, the explanation as codes with numbers
// (the client words them in the reader's language), the switching costs, and the validation: the
// churn hazard ratio of the bottom fifth of the index against the top fifth, by Cox regression.
import { fitCox, ModelInputError } from '../analytics/index.ts';

export const bondComponents = ['social', 'customisation', 'structural', 'financial'] as const;
export type BondComponent = (typeof bondComponents)[number];

/** What the index reads of one customer; every count already limited to what is active now. */
export type BondInputs = {
  /** Named relationships with staff, not ended. */
  relationships: number;
  /** Contacts in the last 12 months, and how many of them the most frequent handler took. */
  contacts12m: number;
  topHandlerContacts: number;
  preferences: number;
  /** Times the business acted on the customer's preferences (all of them, ever). */
  timesActedOn: number;
  /** Recorded structural ties not ended. */
  structuralTies: number;
  /** A running contract paid automatically (direct debit or card), from contracts. */
  automaticPayment: boolean;
  /** Product categories bought plus plans running: the lines of business held. */
  productLines: number;
  pointsBalance: number;
  pointsValueMinor: number;
  /** 1-based position of the customer's level among the program's levels (0 = none), and how many levels. */
  levelPosition: number;
  levelCount: number;
  pendingVouchers: number;
  vouchersValueMinor: number;
  earlyTerminationFeeMinor: number;
};

export type BondSettings = {
  weights: Record<BondComponent, number>;
  /** Points worth this much (minor units) make half… (1 − 1/e) of the points part of the financial bond. */
  pointsValueScaleMinor: number;
};

export const defaultBondSettings: BondSettings = {
  weights: { social: 0.3, customisation: 0.2, structural: 0.3, financial: 0.2 },
  pointsValueScaleMinor: 5000,
};

export type Explanation = { code: string; component?: BondComponent; values?: Record<string, number> };

export type BondScore = {
  index: number;
  components: Record<BondComponent, number>;
  /** Share of the last 12 months' contacts taken by the most frequent handler; null without contacts. */
  continuity: number | null;
  explanation: Explanation[];
};

export type SwitchingCosts = {
  pointsBalance: number;
  pointsValueMinor: number;
  levelPosition: number;
  levelCount: number;
  pendingVouchers: number;
  vouchersValueMinor: number;
  earlyTerminationFeeMinor: number;
  /** Points value + vouchers + early-termination fees. Level benefits have no price and are listed apart. */
  totalMinor: number;
};

/** 1 − e^(−x/k): 0 at 0, 0.63 at k, 0.95 at 3k; never reaches 1. */
export const sat = (x: number, k: number): number => (x <= 0 ? 0 : 1 - Math.exp(-x / k));

const pct = (x: number) => Math.round(100 * Math.min(1, Math.max(0, x)));

export function socialBond(i: Pick<BondInputs, 'relationships' | 'contacts12m' | 'topHandlerContacts'>): {
  score: number;
  continuity: number | null;
} {
  const continuity = i.contacts12m > 0 ? Math.min(1, i.topHandlerContacts / i.contacts12m) : null;
  // Continuity counts fully only once there are a few contacts: one contact is always "the same person".
  const score = 0.5 * sat(i.relationships, 1) + 0.5 * (continuity ?? 0) * sat(i.contacts12m, 4);
  return { score: pct(score), continuity };
}

export const customisationBond = (i: Pick<BondInputs, 'preferences' | 'timesActedOn'>): number =>
  pct(0.4 * sat(i.preferences, 2) + 0.6 * sat(i.timesActedOn, 5));

export const structuralBond = (i: Pick<BondInputs, 'structuralTies' | 'automaticPayment' | 'productLines'>): number =>
  pct(0.6 * sat(i.structuralTies + (i.automaticPayment ? 1 : 0), 1.5) + 0.4 * sat(i.productLines - 1, 2));

export function financialBond(
  i: Pick<BondInputs, 'pointsValueMinor' | 'levelPosition' | 'levelCount' | 'pendingVouchers'>,
  settings: BondSettings,
): number {
  const level = i.levelCount > 0 ? Math.min(1, i.levelPosition / i.levelCount) : 0;
  return pct(
    0.5 * sat(i.pointsValueMinor, settings.pointsValueScaleMinor) + 0.25 * level + 0.25 * sat(i.pendingVouchers, 1),
  );
}

/** Checks weights: finite, ≥ 0, not all 0. Throws ModelInputError naming the problem. */
export function checkSettings(s: BondSettings): void {
  const ws = bondComponents.map((c) => s.weights[c]);
  if (ws.some((w) => !(Number.isFinite(w) && w >= 0))) throw new ModelInputError('every weight must be a number ≥ 0');
  if (ws.every((w) => w === 0)) throw new ModelInputError('at least one weight must be above 0');
  if (!(s.pointsValueScaleMinor > 0)) throw new ModelInputError('the points value scale must be above 0');
}

export function bondScore(i: BondInputs, settings: BondSettings = defaultBondSettings): BondScore {
  const social = socialBond(i);
  const components: Record<BondComponent, number> = {
    social: social.score,
    customisation: customisationBond(i),
    structural: structuralBond(i),
    financial: financialBond(i, settings),
  };
  const totalWeight = bondComponents.reduce((s, c) => s + settings.weights[c], 0);
  const index = Math.round(bondComponents.reduce((s, c) => s + settings.weights[c] * components[c], 0) / totalWeight);
  return { index, components, continuity: social.continuity, explanation: explain(i, components, social.continuity) };
}

/** Codes with numbers, strongest component first; the client words them (web/src/locales bonds.explain.*). */
export function explain(
  i: BondInputs,
  components: Record<BondComponent, number>,
  continuity: number | null,
): Explanation[] {
  const out: Explanation[] = [];
  const ranked = [...bondComponents].sort((a, b) => components[b] - components[a]);
  const [strongest, weakest] = [ranked[0], ranked[ranked.length - 1]];
  if (components[strongest] > 0)
    out.push({ code: 'strongest', component: strongest, values: { score: components[strongest] } });
  if (components[weakest] < components[strongest] || components[strongest] === 0)
    out.push({ code: 'weakest', component: weakest, values: { score: components[weakest] } });
  if (i.relationships > 0) out.push({ code: 'relationships', component: 'social', values: { n: i.relationships } });
  if (continuity !== null)
    out.push({
      code: 'continuity',
      component: 'social',
      values: { share: Math.round(continuity * 100) / 100, contacts: i.contacts12m },
    });
  if (i.preferences > 0)
    out.push({
      code: 'preferences',
      component: 'customisation',
      values: { n: i.preferences, actedOn: i.timesActedOn },
    });
  else out.push({ code: 'no_preferences', component: 'customisation' });
  if (i.structuralTies > 0)
    out.push({ code: 'structural_ties', component: 'structural', values: { n: i.structuralTies } });
  if (i.automaticPayment) out.push({ code: 'automatic_payment', component: 'structural' });
  if (i.productLines > 0) out.push({ code: 'product_lines', component: 'structural', values: { n: i.productLines } });
  if (i.pointsBalance > 0)
    out.push({
      code: 'points',
      component: 'financial',
      values: { points: i.pointsBalance, valueMinor: i.pointsValueMinor },
    });
  if (i.levelPosition > 0)
    out.push({ code: 'level', component: 'financial', values: { position: i.levelPosition, of: i.levelCount } });
  if (i.pendingVouchers > 0)
    out.push({
      code: 'vouchers',
      component: 'financial',
      values: { n: i.pendingVouchers, valueMinor: i.vouchersValueMinor },
    });
  return out;
}

export const switchingCosts = (i: BondInputs): SwitchingCosts => ({
  pointsBalance: i.pointsBalance,
  pointsValueMinor: i.pointsValueMinor,
  levelPosition: i.levelPosition,
  levelCount: i.levelCount,
  pendingVouchers: i.pendingVouchers,
  vouchersValueMinor: i.vouchersValueMinor,
  earlyTerminationFeeMinor: i.earlyTerminationFeeMinor,
  totalMinor: i.pointsValueMinor + i.vouchersValueMinor + i.earlyTerminationFeeMinor,
});

export type HazardRow = { index: number; time: number; event: 0 | 1 };

export type HazardValidation =
  | {
      status: 'ok';
      /** Hazard of the bottom fifth over the top fifth: above 1 means weaker bonds churn faster. */
      hazardRatio: number;
      lower: number;
      upper: number;
      pValue: number;
      n: number;
      events: number;
      bottom: { n: number; events: number; maxIndex: number };
      top: { n: number; events: number; minIndex: number };
    }
  | {
      status: 'insufficient';
      reason: 'too_few_customers' | 'too_few_events' | 'no_spread' | 'group_without_events' | 'no_fit';
      n: number;
      events: number;
    };

export const MIN_VALIDATION_CUSTOMERS = 50;
export const MIN_VALIDATION_EVENTS = 5;

/**
 * Cox regression with one covariate, 1 for the bottom fifth of the index and 0 for the top fifth
 * (the middle three fifths left out); ties in time by Efron. Fifths by rank, so ties in the index
 * at a boundary are split by the row order given (callers order by customer id for stability).
 */
export function bondHazardRatio(rows: HazardRow[]): HazardValidation {
  const allEvents = rows.reduce((s, r) => s + r.event, 0);
  const fifth = Math.floor(rows.length / 5);
  if (fifth * 2 < MIN_VALIDATION_CUSTOMERS)
    return { status: 'insufficient', reason: 'too_few_customers', n: rows.length, events: allEvents };
  const sorted = rows.map((r, i) => ({ ...r, i })).sort((a, b) => a.index - b.index || a.i - b.i);
  const bottom = sorted.slice(0, fifth);
  const top = sorted.slice(sorted.length - fifth);
  const bottomMax = bottom[bottom.length - 1].index;
  const topMin = top[0].index;
  if (bottomMax >= topMin) return { status: 'insufficient', reason: 'no_spread', n: rows.length, events: allEvents };
  const both = [...bottom, ...top];
  const events = both.reduce((s, r) => s + r.event, 0);
  if (events < MIN_VALIDATION_EVENTS)
    return { status: 'insufficient', reason: 'too_few_events', n: both.length, events };
  const count = (g: typeof both) => g.reduce((s, r) => s + r.event, 0);
  // With no event in one fifth the likelihood has no maximum (the ratio runs off to 0 or ∞).
  if (count(bottom) === 0 || count(top) === 0)
    return { status: 'insufficient', reason: 'group_without_events', n: both.length, events };
  const fit = fitCox({
    time: Float64Array.from(both, (r) => r.time),
    event: Uint8Array.from(both, (r) => r.event),
    X: Float64Array.from(both, (_, k) => (k < bottom.length ? 1 : 0)),
    p: 1,
  });
  if (!fit.converged || !Number.isFinite(fit.upper[0]))
    return { status: 'insufficient', reason: 'no_fit', n: both.length, events };
  return {
    status: 'ok',
    hazardRatio: fit.hazardRatio[0],
    lower: fit.lower[0],
    upper: fit.upper[0],
    pValue: fit.pValue[0],
    n: both.length,
    events,
    bottom: { n: bottom.length, events: count(bottom), maxIndex: bottomMax },
    top: { n: top.length, events: count(top), minIndex: topMin },
  };
}
