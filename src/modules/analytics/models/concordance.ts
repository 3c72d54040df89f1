// Owns Harrell's concordance index (Harrell et al. 1982) for a risk score and censored times: of
// the pairs whose order of events is known, the share the score puts in the right order. A pair
// (i, j) is comparable when i's event came first (t_i < t_j, or t_i = t_j with j censored, as in
// R's survival::concordance); it is concordant when i has the higher risk, and a tie in risk
// counts one half. Tied event times are not comparable. With strata, only pairs within a stratum
// count. Computed in O(n log n): rows in descending time insert their risk rank into a Fenwick
// tree, and each event asks how many later rows have a lower, equal or higher risk.

export type Concordance = {
  concordance: number;
  concordant: number;
  discordant: number;
  tiedRisk: number;
  comparable: number;
};

export function harrellC(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  risk: ArrayLike<number>,
  strata?: ArrayLike<number>,
): Concordance {
  const n = time.length;
  // Dense ranks of the risk score, 1-based for the Fenwick tree.
  const sortedRisk = Float64Array.from(risk).sort();
  const uniques: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sortedRisk[i] !== sortedRisk[i - 1]) uniques.push(sortedRisk[i]);
  const m = uniques.length;
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (uniques[mid] < risk[i]) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo + 1;
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (strata ? strata[a] - strata[b] : 0) || time[b] - time[a],
  );
  const tree = new Float64Array(m + 1);
  const touched: number[] = [];
  const add = (r: number) => {
    for (let k = r; k <= m; k += k & -k) {
      if (tree[k] === 0) touched.push(k);
      tree[k]++;
    }
  };
  const countUpTo = (r: number) => {
    let s = 0;
    for (let k = r; k > 0; k -= k & -k) s += tree[k];
    return s;
  };
  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  let inTree = 0;
  let g = 0;
  while (g < n) {
    const first = order[g];
    if (g > 0 && strata && strata[first] !== strata[order[g - 1]]) {
      for (const k of touched) tree[k] = 0;
      touched.length = 0;
      inTree = 0;
    }
    let end = g;
    while (end < n && time[order[end]] === time[first] && (!strata || strata[order[end]] === strata[first])) end++;
    // Censored rows at this time outlive the events at this time.
    for (let k = g; k < end; k++)
      if (!event[order[k]]) {
        add(rank[order[k]]);
        inTree++;
      }
    for (let k = g; k < end; k++) {
      const i = order[k];
      if (!event[i]) continue;
      const below = countUpTo(rank[i] - 1);
      const equal = countUpTo(rank[i]) - below;
      concordant += below;
      tiedRisk += equal;
      discordant += inTree - below - equal;
    }
    for (let k = g; k < end; k++)
      if (event[order[k]]) {
        add(rank[order[k]]);
        inTree++;
      }
    g = end;
  }
  const comparable = concordant + discordant + tiedRisk;
  return {
    concordance: comparable > 0 ? (concordant + tiedRisk / 2) / comparable : Number.NaN,
    concordant,
    discordant,
    tiedRisk,
    comparable,
  };
}
