// The loyalty screens' shapes and pure helpers: the program form (state <-> PUT body, checks in
// the screen's language), the reward and level forms, which rewards a member may redeem, and
// the lines of an earn entry's "why". No React here, so it is unit-tested directly.
import type { Schemas } from '../../api.ts';

export type AccountDto = Schemas['LoyaltyAccount'];
export type EntryDto = Schemas['LoyaltyEntry'];
export type LevelDto = Schemas['LoyaltyLevel'];
export type ProgramDto = Schemas['LoyaltyProgram'];
export type ProgramInput = Schemas['LoyaltyProgramInput'];
export type RewardDto = Schemas['LoyaltyReward'];
export type PromotionDto = Schemas['LoyaltyPromotion'];
export type RedemptionDto = Schemas['LoyaltyRedemption'];
export type ParkedEarningDto = Schemas['LoyaltyParkedEarning'];

// The document's unions as values, keyed by the union so a kind added on one side fails here.
const kindSet: Record<RewardDto['kind'], true> = {
  percent_discount: true,
  amount_discount: true,
  voucher: true,
  cashback: true,
  priority_service: true,
  upgrade: true,
  experience: true,
  gift: true,
};
export const rewardKinds = Object.keys(kindSet) as RewardDto['kind'][];
export const pyramidTiers = ['platinum', 'gold', 'iron', 'lead'] as const satisfies readonly (keyof NonNullable<
  NonNullable<ProgramInput['multipliers']>['tiers']
>)[];
const entryKindSet: Record<EntryDto['kind'], true> = {
  earn: true,
  redeem: true,
  expire: true,
  adjust: true,
  compensation: true,
  reversal: true,
  transfer: true,
};
export const entryKinds = Object.keys(entryKindSet) as EntryDto['kind'][];

/** Problems keyed by field path, each a translation key (with its values). */
export type Problems = Record<string, { key: string; values?: Record<string, string | number> }>;

const DECIMAL = /^\d{1,9}(\.\d{1,4})?$/;
const COST = /^\d{1,9}(\.\d{1,6})?$/;

export const multiplierGroups = ['categories', 'products', 'channels', 'tiers'] as const;
export type MultiplierGroup = (typeof multiplierGroups)[number];
export type MultiplierRow = { key: string; factor: string };

export type ProgramForm = {
  name: string;
  pointsUnit: string;
  status: 'active' | 'paused';
  pointsPerUnit: string;
  rounding: 'floor' | 'nearest' | 'ceil';
  pendingDays: number | '';
  /** Blank: points never expire. */
  expiryMonths: number | '';
  costPerPointMinor: string;
  clawback: 'claw_back' | 'forgive';
  levelBasis: 'points' | 'spend';
  qualificationMonths: number | '';
  graceMonths: number | '';
  multipliers: Record<MultiplierGroup, MultiplierRow[]>;
};

const rows = (r: Record<string, string> | undefined): MultiplierRow[] =>
  Object.entries(r ?? {}).map(([key, factor]) => ({ key, factor }));

/** A new program's starting point (the API's own defaults). */
export function emptyProgram(): ProgramForm {
  return {
    name: '',
    pointsUnit: 'points',
    status: 'active',
    pointsPerUnit: '1',
    rounding: 'floor',
    pendingDays: 0,
    expiryMonths: '',
    costPerPointMinor: '0',
    clawback: 'claw_back',
    levelBasis: 'points',
    qualificationMonths: 12,
    graceMonths: 0,
    multipliers: { categories: [], products: [], channels: [], tiers: [] },
  };
}

export function fromProgram(p: ProgramDto): ProgramForm {
  return {
    name: p.name,
    pointsUnit: p.pointsUnit,
    status: p.status,
    pointsPerUnit: p.pointsPerUnit,
    rounding: p.rounding,
    pendingDays: p.pendingDays,
    expiryMonths: p.expiryMonths ?? '',
    costPerPointMinor: p.costPerPointMinor,
    clawback: p.clawback,
    levelBasis: p.levelBasis,
    qualificationMonths: p.qualificationMonths,
    graceMonths: p.graceMonths,
    multipliers: {
      categories: rows(p.multipliers.categories),
      products: rows(p.multipliers.products),
      channels: rows(p.multipliers.channels),
      tiers: rows(p.multipliers.tiers),
    },
  };
}

function intIn(problems: Problems, path: string, v: number | '', min: number, max: number, required = true) {
  if (v === '') {
    if (required) problems[path] = { key: 'loyalty.check.required' };
    return;
  }
  if (!Number.isInteger(v) || v < min || v > max)
    problems[path] = { key: 'loyalty.check.wholeBetween', values: { min, max } };
}

/** What the screen can tell before asking the server (the server's 422 still lands beside the field). */
export function checkProgram(f: ProgramForm): Problems {
  const problems: Problems = {};
  if (!f.name.trim()) problems.name = { key: 'loyalty.check.required' };
  if (!f.pointsUnit.trim()) problems.pointsUnit = { key: 'loyalty.check.required' };
  if (!DECIMAL.test(f.pointsPerUnit.trim())) problems.pointsPerUnit = { key: 'loyalty.check.decimal' };
  if (!COST.test(f.costPerPointMinor.trim())) problems.costPerPointMinor = { key: 'loyalty.check.decimal' };
  intIn(problems, 'pendingDays', f.pendingDays, 0, 365);
  intIn(problems, 'expiryMonths', f.expiryMonths, 1, 240, false);
  intIn(problems, 'qualificationMonths', f.qualificationMonths, 1, 60);
  intIn(problems, 'graceMonths', f.graceMonths, 0, 24);
  for (const group of multiplierGroups) {
    const seen = new Set<string>();
    for (const r of f.multipliers[group]) {
      const key = r.key.trim();
      if (!key) problems[`multipliers.${group}`] = { key: 'loyalty.check.multiplierKey' };
      else if (seen.has(key)) problems[`multipliers.${group}`] = { key: 'loyalty.check.duplicate', values: { key } };
      else if (!DECIMAL.test(r.factor.trim()) || Number(r.factor) > 1000)
        problems[`multipliers.${group}`] = { key: 'loyalty.check.factor', values: { key } };
      seen.add(key);
    }
  }
  return problems;
}

/** The PUT /loyalty/program body (the whole rule set: PUT replaces it). */
export function toProgramBody(f: ProgramForm, earnFrom: string | null | undefined): ProgramInput {
  const record = (group: MultiplierGroup) =>
    Object.fromEntries(f.multipliers[group].map((r) => [r.key.trim(), r.factor.trim()]));
  return {
    name: f.name.trim(),
    pointsUnit: f.pointsUnit.trim(),
    status: f.status,
    pointsPerUnit: f.pointsPerUnit.trim(),
    rounding: f.rounding,
    pendingDays: Number(f.pendingDays),
    expiryMonths: f.expiryMonths === '' ? null : Number(f.expiryMonths),
    costPerPointMinor: f.costPerPointMinor.trim(),
    clawback: f.clawback,
    levelBasis: f.levelBasis,
    qualificationMonths: Number(f.qualificationMonths),
    graceMonths: Number(f.graceMonths),
    multipliers: {
      categories: record('categories'),
      products: record('products'),
      channels: record('channels'),
      tiers: record('tiers'),
    },
    ...(earnFrom !== undefined ? { earnFrom } : {}),
  };
}

/** Server paths inside a multiplier map ("multipliers.categories.Coffee") belong to the group's field. */
export function fieldOf(path: string): string {
  const m = /^multipliers\.(categories|products|channels|tiers)/.exec(path);
  return m ? `multipliers.${m[1]}` : path.replace(/\.\d+$/, '');
}

// ---- redeeming

export type Eligibility = { ok: true } | { ok: false; key: string; values?: Record<string, string | number> };

/** Whether a member may redeem a reward now, as far as the screen can tell (the server decides). */
export function eligibility(reward: RewardDto, account: AccountDto, levels: LevelDto[], now: Date): Eligibility {
  if (!reward.active) return { ok: false, key: 'loyalty.redeem.why.inactive' };
  if (reward.validFrom && now < new Date(reward.validFrom)) return { ok: false, key: 'loyalty.redeem.why.notYet' };
  if (reward.validUntil && now >= new Date(reward.validUntil)) return { ok: false, key: 'loyalty.redeem.why.ended' };
  if (reward.stock !== null && reward.stock <= 0) return { ok: false, key: 'loyalty.redeem.why.outOfStock' };
  if (reward.minLevelId) {
    const needed = levels.find((l) => l.id === reward.minLevelId);
    if (needed && (!account.level || account.level.rank < needed.rank))
      return { ok: false, key: 'loyalty.redeem.why.level', values: { level: needed.name } };
  }
  if (account.spendable < reward.pointsPrice)
    return { ok: false, key: 'loyalty.redeem.why.points', values: { count: reward.pointsPrice - account.spendable } };
  return { ok: true };
}

/** The error codes a redemption can answer with that have their own sentence. */
export const redeemErrors = [
  'insufficient_points',
  'reward_unavailable',
  'reward_not_eligible',
  'reward_limit_reached',
] as const;

// ---- the "why" of an entry

export type WhyLine = { key: string; values: Record<string, string | number> };

type Breakdown = {
  eligibleMinor?: number;
  pointsPerUnit?: string;
  lines?: { lineNo: number; sku: string | null; amountMinor: number; multiplier: string; rule: string | null }[];
  multipliers?: { rule: string; factor: string }[];
  bonuses?: { rule: string; name: string; points: number }[];
  exact?: string;
  rounding?: string;
  points?: number;
  rewardName?: string;
  earned?: number;
  taken?: number;
};

/** A rule id ("category:Coffee", "promotion:<id>") as words; promotions by name when known. */
export function ruleLabel(rule: string, promotions: Map<string, string>): WhyLine {
  const at = rule.indexOf(':');
  const kind = at < 0 ? rule : rule.slice(0, at);
  const value = at < 0 ? '' : rule.slice(at + 1);
  if (kind === 'promotion')
    return { key: 'loyalty.why.rule.promotion', values: { name: promotions.get(value) ?? value } };
  if (['category', 'product', 'channel', 'level', 'tier'].includes(kind))
    return { key: `loyalty.why.rule.${kind}`, values: { name: value } };
  return { key: 'loyalty.why.rule.other', values: { name: rule } };
}

/** The sentences that explain an entry, from the breakdown the ledger stored with it. */
export function explain(
  entry: Pick<EntryDto, 'kind' | 'breakdown' | 'spendMinor'>,
  money: (minor: number) => string,
  promotions: Map<string, string>,
): { lines: WhyLine[]; rules: { rule: WhyLine; factor?: string; points?: number }[] } {
  const b = (entry.breakdown ?? {}) as Breakdown;
  const lines: WhyLine[] = [];
  const rules: { rule: WhyLine; factor?: string; points?: number }[] = [];
  if (entry.kind === 'earn' && b.pointsPerUnit !== undefined) {
    lines.push({
      key: 'loyalty.why.spend',
      values: { amount: money(b.eligibleMinor ?? entry.spendMinor ?? 0), rate: b.pointsPerUnit },
    });
    for (const l of b.lines ?? [])
      if (l.rule && l.multiplier !== '1') rules.push({ rule: ruleLabel(l.rule, promotions), factor: l.multiplier });
    for (const m of b.multipliers ?? []) rules.push({ rule: ruleLabel(m.rule, promotions), factor: m.factor });
    for (const bonus of b.bonuses ?? [])
      rules.push({ rule: { key: 'loyalty.why.rule.bonus', values: { name: bonus.name } }, points: bonus.points });
    if (b.exact !== undefined && b.rounding)
      lines.push({
        key: 'loyalty.why.rounded',
        values: { exact: b.exact, rounding: b.rounding, points: b.points ?? 0 },
      });
  } else if (entry.kind === 'redeem' && b.rewardName) {
    lines.push({ key: 'loyalty.why.redeemed', values: { name: b.rewardName } });
  } else if (entry.kind === 'reversal' && b.earned !== undefined) {
    lines.push({ key: 'loyalty.why.reversal', values: { earned: b.earned, taken: b.taken ?? 0 } });
  }
  return { lines, rules };
}
