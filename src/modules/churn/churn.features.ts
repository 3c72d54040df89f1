// Owns the churn model's features: which facts become which columns of the design matrix, and
// the encoding learned on the training rows (categorical levels, reference level, constant
// columns left out) that scoring rows reuse. Pure: rows in, Float64Array out.
import type { FeatureRow } from './churn.repository.ts';

/** A numeric feature, its reading from a row and the step its effect is reported per. */
type Numeric = { code: string; read: (r: FeatureRow) => number; step: number };

const num = (v: string | number | null) => (v === null ? 0 : Number(v));

export const numericFeatures: Numeric[] = [
  { code: 'tenure_months', read: (r) => r.tenure_months, step: 12 },
  { code: 'monthly_value', read: (r) => num(r.monthly_value_minor) / 100, step: 0 },
  // Unknown term: month to month, the most common contract without a commitment.
  { code: 'term_months', read: (r) => r.term_months ?? 1, step: 12 },
  { code: 'products_held', read: (r) => r.products_held, step: 1 },
  { code: 'contacts_90d', read: (r) => r.contacts_90d, step: 1 },
  { code: 'contact_cost', read: (r) => num(r.contact_cost_minor) / 100, step: 0 },
  { code: 'complaints', read: (r) => r.complaints, step: 1 },
  { code: 'open_complaints', read: (r) => r.open_complaints, step: 1 },
  { code: 'sla_breaches', read: (r) => r.sla_breaches, step: 1 },
  { code: 'dissatisfied', read: (r) => r.dissatisfied, step: 1 },
  { code: 'loyalty_member', read: (r) => (r.loyalty_member ? 1 : 0), step: 1 },
  { code: 'loyalty_balance', read: (r) => num(r.loyalty_balance), step: 0 },
  { code: 'loyalty_activity_90d', read: (r) => r.loyalty_activity_90d, step: 1 },
  // Unscored customers read 0; their tier is `none`, which carries the difference.
  { code: 'r_score', read: (r) => r.r_score ?? 0, step: 1 },
  { code: 'f_score', read: (r) => r.f_score ?? 0, step: 1 },
  { code: 'm_score', read: (r) => r.m_score ?? 0, step: 1 },
];

export const categoricalFeatures: { code: string; read: (r: FeatureRow) => string }[] = [
  { code: 'plan', read: (r) => r.plan },
  { code: 'payment_method', read: (r) => r.payment_method ?? 'unknown' },
  { code: 'tier', read: (r) => r.tier ?? 'none' },
];

/** Levels beyond this many (by frequency) of one categorical share the `other` column. */
const MAX_LEVELS = 12;

/** One column of the design: a numeric feature, or one non-reference level of a categorical. */
export type Column = { code: string; level?: string; reference?: string; step: number };

export type Encoding = {
  columns: Column[];
  /** Per categorical: its levels, most frequent (the reference) first. */
  levels: Record<string, string[]>;
  /** Numeric features constant in the training rows (they carry nothing and are left out). */
  constant: string[];
};

export function learnEncoding(rows: FeatureRow[]): Encoding {
  const columns: Column[] = [];
  const constant: string[] = [];
  for (const f of numericFeatures) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let sq = 0;
    for (const r of rows) {
      const v = f.read(r);
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      sq += v * v;
    }
    if (!(max > min)) {
      constant.push(f.code);
      continue;
    }
    // Money and points are reported per one standard deviation, rounded to one significant figure.
    const sd = Math.sqrt(Math.max(sq / rows.length - (sum / rows.length) ** 2, 0));
    const step = f.step || roundSignificant(sd);
    columns.push({ code: f.code, step });
  }
  const levels: Record<string, string[]> = {};
  for (const f of categoricalFeatures) {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(f.read(r), (counts.get(f.read(r)) ?? 0) + 1);
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
    const kept = sorted.slice(0, MAX_LEVELS);
    if (sorted.length > MAX_LEVELS) kept.push('other');
    levels[f.code] = kept;
    for (const level of kept.slice(1)) columns.push({ code: f.code, level, reference: kept[0], step: 1 });
  }
  return { columns, levels, constant };
}

function roundSignificant(x: number): number {
  if (!(x > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(x));
  return Math.round(x / e) * e;
}

/** The row-major design matrix of `rows` under an encoding (levels unseen in training read as `other` or the reference). */
export function encode(rows: FeatureRow[], enc: Encoding): Float64Array {
  const p = enc.columns.length;
  const X = new Float64Array(rows.length * p);
  const numericIndex = new Map(numericFeatures.map((f) => [f.code, f.read]));
  const numericSlots: number[] = [];
  const numericReads: Numeric['read'][] = [];
  enc.columns.forEach((c, j) => {
    if (c.level !== undefined) return;
    numericSlots.push(j);
    numericReads.push(numericIndex.get(c.code)!);
  });
  // Per categorical, each level's column once (-1: the reference, or unseen without `other`): no key built per row.
  const categorical = categoricalFeatures.map((f) => {
    const slot = new Map<string, number>();
    enc.columns.forEach((c, j) => c.code === f.code && c.level !== undefined && slot.set(c.level, j));
    const known = new Set(enc.levels[f.code]);
    const other = slot.get('other') ?? -1;
    const column = new Map<string, number>();
    return (level: string) => {
      let j = column.get(level);
      if (j === undefined) column.set(level, (j = slot.get(level) ?? (known.has(level) ? -1 : other)));
      return j;
    };
  });
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const o = i * p;
    for (let k = 0; k < numericSlots.length; k++) X[o + numericSlots[k]] = numericReads[k](r);
    for (let k = 0; k < categorical.length; k++) {
      const j = categorical[k](categoricalFeatures[k].read(r));
      if (j >= 0) X[o + j] = 1;
    }
  }
  return X;
}

/** The column indices of one feature code (a categorical's levels together). */
export const columnsOf = (enc: Encoding, code: string): number[] =>
  enc.columns.flatMap((c, j) => (c.code === code ? [j] : []));
