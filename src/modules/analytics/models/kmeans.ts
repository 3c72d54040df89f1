// k-means clustering with k chosen by the silhouette, pure and seeded.
//   kMeans(X, n, p, k, { rng, restarts = 4, maxIterations = 100 }): Lloyd's algorithm from
//     k-means++ seeds (Arthur & Vassilvitskii 2007), best of `restarts` by within-cluster sum of
//     squares; empty clusters are re-seeded at the point farthest from its centre.
//   silhouette(X, n, p, assignment, k): mean silhouette width (Rousseeuw 1987),
//     s(i) = (b − a) / max(a, b), a = mean distance to its own cluster, b = smallest mean distance
//     to another; a point alone in its cluster scores 0. Exact, O(n² · p).
//   chooseK(X, n, p, { kMin = 2, kMax = 8, rng, sample = 2000, fitSample = 20000 }): a fit for
//     every k in range on a seeded sample of points, the one with the highest silhouette on a
//     sub-sample kept (ties to the smaller k), then refined on every point — 1M customers cost a
//     few Lloyd passes over all of them, not a fit per k.
// X is row-major (n × p) Float64Array (chooseK also takes the points as a reader of one row at a
// time); distances are Euclidean.
import type { Rng } from '../../../lib/random.ts';

export type KMeansFit = {
  k: number;
  /** k × p, row-major. */
  centres: Float64Array;
  assignment: Int32Array;
  sizes: Int32Array;
  /** Within-cluster sum of squared distances. */
  inertia: number;
  iterations: number;
};

const sq = (X: Float64Array, i: number, C: Float64Array, c: number, p: number) => {
  let s = 0;
  for (let j = 0; j < p; j++) {
    const d = X[i * p + j] - C[c * p + j];
    s += d * d;
  }
  return s;
};

function seedPlusPlus(X: Float64Array, n: number, p: number, k: number, rng: Rng): Float64Array {
  const C = new Float64Array(k * p);
  const d2 = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(rng() * n);
  for (let c = 0; c < k; c++) {
    C.set(X.subarray(pick * p, pick * p + p), c * p);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = sq(X, i, C, c, p);
      if (d < d2[i]) d2[i] = d;
      total += d2[i];
    }
    if (c + 1 === k) break;
    if (total === 0) {
      pick = Math.floor(rng() * n);
      continue;
    }
    let r = rng() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= d2[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
  }
  return C;
}

/** Points read one at a time: writes point i's p coordinates into out[0 .. p). */
export type PointRows = (i: number, out: Float64Array) => void;

const rowsOf =
  (X: Float64Array, p: number): PointRows =>
  (i, out) => {
    for (let j = 0; j < p; j++) out[j] = X[i * p + j];
  };

function lloyd(row: PointRows, n: number, p: number, k: number, C: Float64Array, maxIterations: number): KMeansFit {
  const assignment = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(k);
  const sums = new Float64Array(k * p);
  const x = new Float64Array(p);
  let iterations = 0;
  let inertia = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    inertia = 0;
    let far = -1;
    let farD = -1;
    sizes.fill(0);
    sums.fill(0);
    // One pass: each point joins its nearest centre and is added to that centre's sums (in point
    // order, as a second pass over the assignment would add them).
    for (let i = 0; i < n; i++) {
      row(i, x);
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        let d = 0;
        for (let j = 0; j < p; j++) {
          const e = x[j] - C[c * p + j];
          d += e * e;
        }
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      inertia += bestD;
      if (bestD > farD) {
        farD = bestD;
        far = i;
      }
      if (assignment[i] !== best) {
        assignment[i] = best;
        changed++;
      }
      sizes[best]++;
      for (let j = 0; j < p; j++) sums[best * p + j] += x[j];
    }
    let reseeded = false;
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        // An empty cluster takes the worst-served point; the next pass reassigns around it.
        row(far, x);
        C.set(x, c * p);
        reseeded = true;
        continue;
      }
      for (let j = 0; j < p; j++) C[c * p + j] = sums[c * p + j] / sizes[c];
    }
    if (changed === 0 && !reseeded) break;
  }
  return { k, centres: C, assignment, sizes, inertia, iterations };
}

export type KMeansOptions = { rng: Rng; restarts?: number; maxIterations?: number };

export function kMeans(X: Float64Array, n: number, p: number, k: number, o: KMeansOptions): KMeansFit {
  if (n === 0 || k < 1) throw new RangeError('k-means needs points and k ≥ 1');
  const kk = Math.min(k, n);
  let best: KMeansFit | null = null;
  for (let r = 0; r < (o.restarts ?? 4); r++) {
    const fit = lloyd(rowsOf(X, p), n, p, kk, seedPlusPlus(X, n, p, kk, o.rng), o.maxIterations ?? 100);
    if (!best || fit.inertia < best.inertia) best = fit;
  }
  return best!;
}

export function silhouette(X: Float64Array, n: number, p: number, assignment: Int32Array, k: number): number {
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[assignment[i]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let m = 0; m < n; m++) {
      if (m === i) continue;
      let s = 0;
      for (let j = 0; j < p; j++) {
        const d = X[i * p + j] - X[m * p + j];
        s += d * d;
      }
      sums[assignment[m]] += Math.sqrt(s);
    }
    const own = assignment[i];
    if (sizes[own] <= 1) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    if (!Number.isFinite(b)) continue;
    const w = Math.max(a, b);
    total += w === 0 ? 0 : (b - a) / w;
  }
  return n ? total / n : 0;
}

export type ChooseKOptions = KMeansOptions & {
  kMin?: number;
  kMax?: number;
  /** Points the silhouette of each k is measured on (a seeded sample). */
  sample?: number;
  /** Points each k is fitted on; the chosen k is then refined on every point. */
  fitSample?: number;
};
export type ChosenK = { fit: KMeansFit; silhouette: number; tried: { k: number; silhouette: number }[] };

/** The first m rows of a seeded permutation (a partial Fisher–Yates shuffle), in row order. */
function sampleRows(n: number, m: number, rng: Rng): Int32Array {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const perm = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, m).sort();
}

const pickRows = (row: PointRows, p: number, rows: Int32Array) => {
  const out = new Float64Array(rows.length * p);
  const x = new Float64Array(p);
  for (let r = 0; r < rows.length; r++) {
    row(rows[r], x);
    out.set(x, r * p);
  }
  return out;
};

/**
 * `X`: the points as an n × p array, or read a row at a time (a million points need not be held
 * as doubles: only the fit sample is, and the refining passes read every point as they go).
 */
export function chooseK(X: Float64Array | PointRows, n: number, p: number, o: ChooseKOptions): ChosenK {
  const row = typeof X === 'function' ? X : rowsOf(X, p);
  const kMin = Math.max(2, o.kMin ?? 2);
  const kMax = Math.min(o.kMax ?? 8, n - 1);
  if (kMax < kMin) {
    const fit = kMeans(pickRows(row, p, sampleRows(n, n, o.rng)), n, p, 1, o);
    return { fit, silhouette: 0, tried: [{ k: 1, silhouette: 0 }] };
  }
  const fitRows = sampleRows(n, Math.min(o.fitSample ?? 20_000, n), o.rng);
  const F = fitRows.length === n && typeof X !== 'function' ? X : pickRows(row, p, fitRows);
  const nf = fitRows.length;
  const scoreAt = sampleRows(nf, Math.min(o.sample ?? 2000, nf), o.rng);
  const S = pickRows(rowsOf(F, p), p, scoreAt);
  let best: { fit: KMeansFit; silhouette: number } | null = null;
  const tried: { k: number; silhouette: number }[] = [];
  for (let k = kMin; k <= kMax; k++) {
    const fit = kMeans(F, nf, p, k, o);
    const s = silhouette(
      S,
      scoreAt.length,
      p,
      Int32Array.from(scoreAt, (i) => fit.assignment[i]),
      k,
    );
    tried.push({ k, silhouette: s });
    if (!best || s > best.silhouette + 1e-12) best = { fit, silhouette: s };
  }
  // Every point joins the chosen centres, and a few Lloyd passes settle them.
  const fit = nf === n ? best!.fit : lloyd(row, n, p, best!.fit.k, best!.fit.centres.slice(), o.maxIterations ?? 20);
  return { fit, silhouette: best!.silhouette, tried };
}
