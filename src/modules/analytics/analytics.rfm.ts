// RFM scores 1–5 of a run's buyers, on whole columns in JavaScript (the database is busy with the
// other metrics meanwhile; three million-row sorts cost it 5–6 s of a run at 1M customers).
//
// A full run ranks: each score is ntile(5) over the buyers ordered by the metric and then by
// customer id, so each quintile holds a fifth of the buyers (the first ones one more when the count
// does not divide by five), and keeps the lowest value that made each score 2..5. An incremental
// run places its customers against those cut-offs: the score is 1 plus the number of cut-offs at
// or below the value (3 when the full run had fewer than five buyers).
//
// The metrics are oriented so that higher is better: recency as the negated days since the last
// purchase, frequency as purchases in the window, monetary value as the average purchase in it.

/** One value per buyer of each metric, the buyers in customer-id order. */
export type RfmValues = { recency: ArrayLike<number>; frequency: ArrayLike<number>; monetary: ArrayLike<number> };
export type RfmCutoffs = { recency: number[]; frequency: number[]; monetary: number[] };
export type RfmScores = { r: Uint8Array; f: Uint8Array; m: Uint8Array; cutoffs: RfmCutoffs };

const QUINTILES = 5;

/** Full run: quintiles and their cut-offs. Incremental run: scores from the given cut-offs. */
export function rfmScores(values: RfmValues, cutoffs: RfmCutoffs | null): RfmScores {
  if (cutoffs) {
    return {
      r: byCutoffs(values.recency, cutoffs.recency),
      f: byCutoffs(values.frequency, cutoffs.frequency),
      m: byCutoffs(values.monetary, cutoffs.monetary),
      cutoffs,
    };
  }
  const r = quintiles(values.recency);
  const f = quintiles(values.frequency);
  const m = quintiles(values.monetary);
  return {
    r: r.scores,
    f: f.scores,
    m: m.scores,
    cutoffs: { recency: r.cutoffs, frequency: f.cutoffs, monetary: m.cutoffs },
  };
}

/** ntile(5) in value order, ties in index (customer id) order; the lowest value of each score 2..5 that occurs. */
export function quintiles(values: ArrayLike<number>): { scores: Uint8Array; cutoffs: number[] } {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  const scores = new Uint8Array(n);
  const size = Math.floor(n / QUINTILES);
  const larger = n % QUINTILES; // the first `larger` quintiles hold size + 1
  const lowest = new Array<number>(QUINTILES + 1).fill(Number.NaN);
  for (let pos = 0; pos < n; pos++) {
    const score =
      pos < larger * (size + 1)
        ? Math.floor(pos / (size + 1)) + 1
        : larger + Math.floor((pos - larger * (size + 1)) / size) + 1;
    const i = order[pos];
    scores[i] = score;
    if (Number.isNaN(lowest[score])) lowest[score] = values[i];
  }
  return { scores, cutoffs: lowest.slice(2).filter((v) => !Number.isNaN(v)) };
}

function byCutoffs(values: ArrayLike<number>, cuts: number[]): Uint8Array {
  const scores = new Uint8Array(values.length);
  if (cuts.length !== QUINTILES - 1) return scores.fill(3);
  for (let i = 0; i < values.length; i++) {
    let s = 1;
    for (const c of cuts) if (values[i] >= c) s++;
    scores[i] = s;
  }
  return scores;
}
