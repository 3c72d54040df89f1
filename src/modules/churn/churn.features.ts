// Owns the churn model's features: which facts become which columns of the design matrix, and
// the encoding learned on the training rows (categorical levels, reference level, constant
// columns left out) that scoring rows reuse. Pure: a feature table in, Float64Array out.
import { numberColumns } from '../../db/number-columns.ts';
import {
  FEATURE_NUMBERS,
  type FeatureNumber,
  type FeatureRow,
  type FeatureTable,
  labelsOf,
} from './churn.facts.repository.ts';

/**
 * A numeric feature: the fact it reads, the value standing in when the fact is unknown (NaN in
 * the table), what it is divided by (minor units to money) and the step its effect is reported per.
 */
type Numeric = { code: string; field: FeatureNumber; missing: number; per: number; step: number };

const numeric = (code: string, field: FeatureNumber, step: number, o: { missing?: number; per?: number } = {}) =>
  ({ code, field, step, missing: o.missing ?? 0, per: o.per ?? 1 }) satisfies Numeric;

export const numericFeatures: Numeric[] = [
  numeric('tenure_months', 'tenure_months', 12),
  numeric('monthly_value', 'monthly_value_minor', 0, { per: 100 }),
  // Unknown term: month to month, the most common contract without a commitment.
  numeric('term_months', 'term_months', 12, { missing: 1 }),
  numeric('products_held', 'products_held', 1),
  numeric('contacts_90d', 'contacts_90d', 1),
  numeric('contact_cost', 'contact_cost_minor', 0, { per: 100 }),
  numeric('complaints', 'complaints', 1),
  numeric('open_complaints', 'open_complaints', 1),
  numeric('sla_breaches', 'sla_breaches', 1),
  numeric('dissatisfied', 'dissatisfied', 1),
  numeric('loyalty_member', 'loyalty_member', 1),
  numeric('loyalty_balance', 'loyalty_balance', 0),
  numeric('loyalty_activity_90d', 'loyalty_activity_90d', 1),
  // Unscored customers read 0; their tier is `none`, which carries the difference.
  numeric('r_score', 'r_score', 1),
  numeric('f_score', 'f_score', 1),
  numeric('m_score', 'm_score', 1),
];

/** A numeric feature's values over a table. */
function valuesOf(t: FeatureTable, f: Numeric): Float64Array {
  const raw = t.num[f.field];
  const out = new Float64Array(t.n);
  for (let i = 0; i < t.n; i++) {
    const v = raw[i];
    out[i] = Number.isNaN(v) ? f.missing : f.per === 1 ? v : v / f.per;
  }
  return out;
}

/** A table's categorical labels (feature tables and survival records alike). */
type Labels = Pick<FeatureTable, 'plan' | 'payment_method' | 'tier'>;

/** The categorical features and each row's level (missing payment method `unknown`, missing tier `none`). */
export const categoricalFeatures: {
  code: string;
  read: (t: Labels, i: number) => string;
}[] = [
  { code: 'plan', read: (t, i) => t.plan[i] },
  { code: 'payment_method', read: (t, i) => t.payment_method[i] ?? 'unknown' },
  { code: 'tier', read: (t, i) => t.tier[i] ?? 'none' },
];

/** Rows as a feature table (the uplift model builds its members' rows itself). */
export function tableOf(rows: FeatureRow[]): FeatureTable {
  const num = numberColumns(FEATURE_NUMBERS, rows.length);
  rows.forEach((r, i) => {
    for (const f of FEATURE_NUMBERS) {
      const v = r[f];
      num[f][i] = v === null ? NaN : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
    }
  });
  return { n: rows.length, num, ...labelsOf(rows) };
}

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

export function learnEncoding(t: FeatureTable): Encoding {
  const columns: Column[] = [];
  const constant: string[] = [];
  for (const f of numericFeatures) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let sq = 0;
    for (const v of valuesOf(t, f)) {
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
    const sd = Math.sqrt(Math.max(sq / t.n - (sum / t.n) ** 2, 0));
    const step = f.step || roundSignificant(sd);
    columns.push({ code: f.code, step });
  }
  const levels: Record<string, string[]> = {};
  for (const f of categoricalFeatures) {
    const counts = new Map<string, number>();
    for (let i = 0; i < t.n; i++) {
      const level = f.read(t, i);
      counts.set(level, (counts.get(level) ?? 0) + 1);
    }
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

/** The row-major design matrix of a table under an encoding (levels unseen in training read as `other` or the reference). */
export function encode(t: FeatureTable, enc: Encoding): Float64Array {
  const p = enc.columns.length;
  const X = new Float64Array(t.n * p);
  const byCode = new Map(numericFeatures.map((f) => [f.code, f]));
  enc.columns.forEach((c, j) => {
    if (c.level !== undefined) return;
    const values = valuesOf(t, byCode.get(c.code)!);
    for (let i = 0, o = j; i < t.n; i++, o += p) X[o] = values[i];
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
  for (let k = 0; k < categorical.length; k++) {
    const read = categoricalFeatures[k].read;
    for (let i = 0; i < t.n; i++) {
      const j = categorical[k](read(t, i));
      if (j >= 0) X[i * p + j] = 1;
    }
  }
  return X;
}

/** The column indices of one feature code (a categorical's levels together). */
export const columnsOf = (enc: Encoding, code: string): number[] =>
  enc.columns.flatMap((c, j) => (c.code === code ? [j] : []));
