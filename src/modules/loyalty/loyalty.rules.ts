// Owns the earning rules as pure functions: how many points a purchase earns and why (base rate,
// line multipliers by product or category, transaction multipliers by channel, membership level,
// pyramid tier and promotion, fixed bonuses, one rounding at the end), and how much a return
// takes back. Exact: every factor is a fraction of BigInts; no floats, no database, no clock.
import {
  add,
  type Fraction,
  formatFraction,
  fraction,
  mul,
  normaliseDecimal,
  parseDecimal,
  type Rounding,
  roundFraction,
} from '../../lib/decimal.ts';
import type { Multipliers } from './loyalty.schema.ts';

export type EarnProgram = {
  pointsPerUnit: string;
  rounding: Rounding;
  multipliers: Multipliers;
  currencyDigits: number;
};
export type EarnLine = { lineNo: number; sku: string | null; category: string | null; totalMinor: number };
export type EarnPurchase = { occurredAt: Date; channel: string | null; lines: EarnLine[] };
export type EarnPromotion = {
  id: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  multiplier: string | null;
  bonusPoints: number | null;
  targetTags: string[];
  targetLevelIds: string[];
  targetTiers: string[];
  active: boolean;
};
export type EarnMember = {
  level: { id: string; name: string; earnMultiplier: string } | null;
  tier: string | null;
  tags: string[];
};

export type BreakdownLine = {
  lineNo: number;
  sku: string | null;
  amountMinor: number;
  multiplier: string;
  rule: string | null;
};
export type EarnBreakdown = {
  eligibleMinor: number;
  pointsPerUnit: string;
  lines: BreakdownLine[];
  /** Σ line amount × line multiplier × rate, in points, before transaction multipliers. */
  base: string;
  multipliers: { rule: string; factor: string }[];
  bonuses: { rule: string; name: string; points: number }[];
  exact: string;
  rounding: Rounding;
  rounded: number;
  points: number;
};

const ONE = fraction(1);
const isOne = (s: string) => {
  const f = parseDecimal(s);
  return f.n === f.d;
};

/** The line multiplier: the product's (by SKU) if set, else its category's, else 1. */
function lineMultiplier(m: Multipliers, line: EarnLine): { factor: Fraction; text: string; rule: string | null } {
  const bySku = line.sku ? m.products[line.sku] : undefined;
  if (bySku !== undefined) return { factor: parseDecimal(bySku), text: bySku, rule: `product:${line.sku}` };
  const byCategory = line.category ? m.categories[line.category] : undefined;
  if (byCategory !== undefined)
    return { factor: parseDecimal(byCategory), text: byCategory, rule: `category:${line.category}` };
  return { factor: ONE, text: '1', rule: null };
}

/** A promotion applies in its period to members matching every target list it sets (any value within a list). */
export function promotionApplies(p: EarnPromotion, at: Date, member: EarnMember): boolean {
  if (!p.active || at < p.startsAt || at >= p.endsAt) return false;
  if (p.targetTags.length && !p.targetTags.some((t) => member.tags.includes(t))) return false;
  if (p.targetLevelIds.length && !(member.level && p.targetLevelIds.includes(member.level.id))) return false;
  if (p.targetTiers.length && !(member.tier && p.targetTiers.includes(member.tier))) return false;
  return true;
}

export function computeEarn(
  program: EarnProgram,
  purchase: EarnPurchase,
  member: EarnMember,
  promotions: EarnPromotion[],
): EarnBreakdown {
  const m = program.multipliers;
  let weighted = fraction(0);
  const lines: BreakdownLine[] = purchase.lines.map((line) => {
    const lm = lineMultiplier(m, line);
    const amount = Math.max(0, line.totalMinor);
    weighted = add(weighted, mul(fraction(amount), lm.factor));
    return { lineNo: line.lineNo, sku: line.sku, amountMinor: amount, multiplier: lm.text, rule: lm.rule };
  });
  const base = mul(
    mul(weighted, parseDecimal(program.pointsPerUnit)),
    fraction(1, 10n ** BigInt(program.currencyDigits)),
  );

  const multipliers: { rule: string; factor: string }[] = [];
  const channelFactor = purchase.channel ? m.channels[purchase.channel] : undefined;
  if (channelFactor !== undefined) multipliers.push({ rule: `channel:${purchase.channel}`, factor: channelFactor });
  if (member.level && !isOne(member.level.earnMultiplier))
    multipliers.push({ rule: `level:${member.level.name}`, factor: normaliseDecimal(member.level.earnMultiplier) });
  const tierFactor = member.tier ? m.tiers[member.tier] : undefined;
  if (tierFactor !== undefined) multipliers.push({ rule: `tier:${member.tier}`, factor: tierFactor });
  const bonuses: EarnBreakdown['bonuses'] = [];
  for (const p of promotions) {
    if (!promotionApplies(p, purchase.occurredAt, member)) continue;
    if (p.multiplier !== null) multipliers.push({ rule: `promotion:${p.id}`, factor: normaliseDecimal(p.multiplier) });
    if (p.bonusPoints !== null && p.bonusPoints > 0)
      bonuses.push({ rule: `promotion:${p.id}`, name: p.name, points: p.bonusPoints });
  }

  const exact = multipliers.reduce((acc, x) => mul(acc, parseDecimal(x.factor)), base);
  const rounded = Number(roundFraction(exact, program.rounding));
  const eligibleMinor = lines.reduce((s, l) => s + l.amountMinor, 0);
  // A purchase that earns nothing by its amount earns no bonus either (a zero-value order).
  const bonusTotal = eligibleMinor > 0 ? bonuses.reduce((s, b) => s + b.points, 0) : 0;
  return {
    eligibleMinor,
    pointsPerUnit: normaliseDecimal(program.pointsPerUnit),
    lines,
    base: formatFraction(base),
    multipliers,
    bonuses: eligibleMinor > 0 ? bonuses : [],
    exact: formatFraction(exact),
    rounding: program.rounding,
    rounded,
    points: rounded + bonusTotal,
  };
}

/** Σ amount × multiplier of the earn's lines: the measure returns are taken against. */
function weightedOf(lines: BreakdownLine[]): Fraction {
  return lines.reduce<Fraction>(
    (acc, l) => add(acc, mul(fraction(l.amountMinor), parseDecimal(l.multiplier))),
    fraction(0),
  );
}

export type ReturnLine = { sku: string | null; amountMinor: number };

/**
 * Points a return takes back from the earn it undoes. Cumulative, so partial returns never
 * drift: after the k-th return the total taken is floor(P × returned so far / bought), and
 * exactly P once everything is back. Lines use the multiplier their SKU earned with.
 */
export function computeReversal(
  earn: { points: number; breakdown: Pick<EarnBreakdown, 'lines'> },
  previously: { reversedPoints: number; returnedWeighted: Fraction },
  returned: ReturnLine[],
): { target: number; points: number; returnedWeighted: Fraction; cumulativeWeighted: Fraction } {
  const total = weightedOf(earn.breakdown.lines);
  const eligible = earn.breakdown.lines.reduce((s, l) => s + l.amountMinor, 0);
  const average: Fraction = eligible > 0 ? { n: total.n, d: total.d * BigInt(eligible) } : ONE;
  const thisTime = returned.reduce<Fraction>((acc, r) => {
    const line = earn.breakdown.lines.find((l) => l.sku !== null && l.sku === r.sku);
    return add(acc, mul(fraction(Math.abs(r.amountMinor)), line ? parseDecimal(line.multiplier) : average));
  }, fraction(0));
  const cumulative = add(previously.returnedWeighted, thisTime);
  const complete = total.n === 0n || cumulative.n * total.d >= total.n * cumulative.d;
  const target = complete
    ? earn.points
    : Number(roundFraction({ n: BigInt(earn.points) * cumulative.n * total.d, d: cumulative.d * total.n }, 'floor'));
  return {
    target,
    points: Math.max(0, target - previously.reversedPoints),
    returnedWeighted: thisTime,
    cumulativeWeighted: cumulative,
  };
}

/** Minor-unit digits of an ISO currency (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
