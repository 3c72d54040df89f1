// Owns frequent-itemset mining by FP-growth (Han, Pei & Yin 2000, "Mining frequent patterns
// without candidate generation", SIGMOD): exact — every itemset whose basket count reaches the
// minimum is returned with its count, nothing else. Built for speed on typed arrays:
// - items below the minimum are dropped first and the rest renumbered by falling frequency, so
//   each basket is a sorted run of small integers and the tree shares the most prefixes;
// - a tree is struct-of-arrays (item, count, parent, next-node-of-the-same-item) and is built from
//   its paths sorted lexicographically: a path then shares nodes only with the path before it, so
//   insertion compares with a stack instead of searching a node's children;
// - conditional trees renumber their items locally and keep the global order, so their paths are
//   already sorted within themselves.
// Baskets come as CSR arrays (offsets + item ids, an item at most once per basket).

export type Baskets = {
  /** Basket b holds items[offsets[b] .. offsets[b + 1]); length = baskets + 1. */
  offsets: Int32Array;
  /** Item ids 0 .. itemCount − 1, distinct within a basket. */
  items: Int32Array;
  itemCount: number;
};

export type FpGrowthOptions = {
  /** Smallest basket count of an itemset kept (≥ 1). */
  minCount: number;
  /** Largest itemset size mined (default: no limit). */
  maxLen?: number;
};

/** Itemsets in CSR form: itemset k is items[offsets[k] .. offsets[k + 1]) (ids ascending), counts[k] baskets. */
export type Itemsets = {
  offsets: Int32Array;
  items: Int32Array;
  counts: Int32Array;
  size: number;
  /** Baskets holding each item (all items, frequent or not). */
  itemCounts: Int32Array;
  baskets: number;
};

type Tree = {
  /** Local item → global rank (ascending). */
  globalOf: Int32Array;
  /** Count of each local item in this tree. */
  totals: Int32Array;
  /** First node of each local item (−1 if none); nodes of an item are chained by `next`. */
  head: Int32Array;
  item: Int32Array;
  count: Int32Array;
  parent: Int32Array;
  next: Int32Array;
};

/**
 * Builds a tree of `paths` (CSR of local items in ascending order, each with a count). Any order
 * of the paths gives a correct tree; grouped by shared prefixes it gives the smallest. Baskets are
 * sorted here; a conditional base comes grouped already (see mine), so it skips the sort.
 */
function buildTree(
  globalOf: Int32Array,
  totals: Int32Array,
  offs: Int32Array,
  items: Int32Array,
  counts: Int32Array,
  nPaths: number,
  sort: boolean,
): Tree {
  const order = new Int32Array(nPaths);
  for (let p = 0; p < nPaths; p++) order[p] = p;
  if (sort)
    order.sort((x, y) => {
      const ax = offs[x];
      const ay = offs[y];
      const lx = offs[x + 1] - ax;
      const ly = offs[y + 1] - ay;
      const l = lx < ly ? lx : ly;
      for (let j = 0; j < l; j++) {
        const d = items[ax + j] - items[ay + j];
        if (d !== 0) return d;
      }
      return lx - ly;
    });
  const k = globalOf.length;
  // The nodes a path adds are its items past the prefix it shares with the path before it:
  // counted first, so the arrays are their exact size (a path per basket of a few categories
  // makes a small tree out of millions of items).
  let capacity = 1;
  for (let o = 0; o < nPaths; o++) {
    const p = order[o];
    const a = offs[p];
    const len = offs[p + 1] - a;
    let d = 0;
    if (o > 0) {
      const q = order[o - 1];
      const b = offs[q];
      const shared = Math.min(len, offs[q + 1] - b);
      while (d < shared && items[b + d] === items[a + d]) d++;
    }
    capacity += len - d;
  }
  const item = new Int32Array(capacity);
  const count = new Int32Array(capacity);
  const parent = new Int32Array(capacity);
  const next = new Int32Array(capacity);
  const head = new Int32Array(k).fill(-1);
  let maxLen = 0;
  for (let p = 0; p < nPaths; p++) maxLen = Math.max(maxLen, offs[p + 1] - offs[p]);
  // stackNode[d] is the node at depth d of the previous path (0 = root); stackItem[d] its item.
  const stackNode = new Int32Array(maxLen + 1);
  const stackItem = new Int32Array(maxLen + 1);
  item[0] = -1;
  parent[0] = -1;
  let nodes = 1;
  let depth = 0;
  for (let o = 0; o < nPaths; o++) {
    const p = order[o];
    const a = offs[p];
    const len = offs[p + 1] - a;
    const c = counts[p];
    let d = 0;
    while (d < depth && d < len && stackItem[d + 1] === items[a + d]) {
      count[stackNode[d + 1]] += c;
      d++;
    }
    for (let j = d; j < len; j++) {
      const it = items[a + j];
      const n = nodes++;
      item[n] = it;
      count[n] = c;
      parent[n] = stackNode[j];
      next[n] = head[it];
      head[it] = n;
      stackNode[j + 1] = n;
      stackItem[j + 1] = it;
    }
    depth = len;
  }
  return { globalOf, totals, head, item, count, parent, next };
}

class Output {
  offsets: number[] = [0];
  items: number[] = [];
  counts: number[] = [];
  emit(suffix: number[], depth: number, count: number, idOf: Int32Array) {
    const start = this.items.length;
    for (let j = 0; j < depth; j++) this.items.push(idOf[suffix[j]]);
    // Ids ascending within the itemset (insertion sort: itemsets are short).
    for (let i = start + 1; i < this.items.length; i++) {
      const v = this.items[i];
      let j = i - 1;
      while (j >= start && this.items[j] > v) {
        this.items[j + 1] = this.items[j];
        j--;
      }
      this.items[j + 1] = v;
    }
    this.offsets.push(this.items.length);
    this.counts.push(count);
  }
}

function mine(
  tree: Tree,
  suffix: number[],
  depth: number,
  minCount: number,
  maxLen: number,
  idOf: Int32Array,
  out: Output,
) {
  const k = tree.globalOf.length;
  const { item, count, parent, next, head } = tree;
  const local = new Int32Array(k);
  const condTotals = new Int32Array(k);
  for (let r = k - 1; r >= 0; r--) {
    suffix[depth] = tree.globalOf[r];
    out.emit(suffix, depth + 1, tree.totals[r], idOf);
    if (depth + 1 >= maxLen) continue;
    // The conditional pattern base of r: the prefix path of each of its nodes, with the node's count.
    // The chain runs from the newest node back, and nodes were made in the order of their paths, so
    // the base comes out in (reverse) lexicographic order: paths sharing a prefix are adjacent, which
    // is all buildTree needs (dropping infrequent items can split a few groups; the tree stays exact).
    condTotals.fill(0, 0, r);
    let nPaths = 0;
    let nItems = 0;
    for (let n = head[r]; n >= 0; n = next[n]) {
      const c = count[n];
      let len = 0;
      for (let q = parent[n]; q > 0; q = parent[q]) {
        condTotals[item[q]] += c;
        len++;
      }
      if (len > 0) {
        nPaths++;
        nItems += len;
      }
    }
    if (nPaths === 0) continue;
    let kept = 0;
    for (let i = 0; i < r; i++) local[i] = condTotals[i] >= minCount ? kept++ : -1;
    if (kept === 0) continue;
    const globalOf = new Int32Array(kept);
    const totals = new Int32Array(kept);
    for (let i = 0; i < r; i++)
      if (local[i] >= 0) {
        globalOf[local[i]] = tree.globalOf[i];
        totals[local[i]] = condTotals[i];
      }
    const offs = new Int32Array(nPaths + 1);
    const items = new Int32Array(nItems);
    const counts = new Int32Array(nPaths);
    let p = 0;
    let w = 0;
    for (let n = head[r]; n >= 0; n = next[n]) {
      // Walking up gives descending items: write them backwards into the path's slot.
      let len = 0;
      for (let q = parent[n]; q > 0; q = parent[q]) if (local[item[q]] >= 0) len++;
      if (len === 0) continue;
      let at = w + len;
      for (let q = parent[n]; q > 0; q = parent[q]) if (local[item[q]] >= 0) items[--at] = local[item[q]];
      w += len;
      counts[p] = count[n];
      offs[++p] = w;
    }
    if (p === 0) continue;
    mine(buildTree(globalOf, totals, offs, items, counts, p, false), suffix, depth + 1, minCount, maxLen, idOf, out);
  }
}

/** Every itemset held by at least minCount baskets (up to maxLen items), with its basket count. */
export function fpGrowth(baskets: Baskets, options: FpGrowthOptions): Itemsets {
  const { offsets, items, itemCount } = baskets;
  const n = offsets.length - 1;
  const minCount = Math.max(1, Math.ceil(options.minCount));
  const maxLen = options.maxLen ?? Number.POSITIVE_INFINITY;
  const itemCounts = new Int32Array(itemCount);
  for (let i = 0; i < items.length; i++) itemCounts[items[i]]++;

  // Frequent items ranked by falling count (ties by id, so the same data gives the same tree).
  const frequent: number[] = [];
  for (let i = 0; i < itemCount; i++) if (itemCounts[i] >= minCount) frequent.push(i);
  frequent.sort((a, b) => itemCounts[b] - itemCounts[a] || a - b);
  const idOf = Int32Array.from(frequent);
  const rankOf = new Int32Array(itemCount).fill(-1);
  for (let r = 0; r < idOf.length; r++) rankOf[idOf[r]] = r;
  const out = new Output();
  if (idOf.length === 0 || maxLen < 1) return finish(out, itemCounts, n);

  // Each basket's frequent items as ascending ranks.
  const offs = new Int32Array(n + 1);
  const ranks = new Int32Array(items.length);
  let w = 0;
  let p = 0;
  for (let b = 0; b < n; b++) {
    const start = w;
    for (let i = offsets[b]; i < offsets[b + 1]; i++) {
      const r = rankOf[items[i]];
      if (r >= 0) ranks[w++] = r;
    }
    if (w === start) continue;
    ranks.subarray(start, w).sort();
    offs[++p] = w;
  }
  const totals = Int32Array.from(idOf, (id) => itemCounts[id]);
  const globalOf = Int32Array.from(idOf, (_, r) => r);
  const tree = buildTree(globalOf, totals, offs, ranks, new Int32Array(p).fill(1), p, true);
  mine(tree, [], 0, minCount, maxLen, idOf, out);
  return finish(out, itemCounts, n);
}

function finish(out: Output, itemCounts: Int32Array, baskets: number): Itemsets {
  return {
    offsets: Int32Array.from(out.offsets),
    items: Int32Array.from(out.items),
    counts: Int32Array.from(out.counts),
    size: out.counts.length,
    itemCounts,
    baskets,
  };
}

/** The number of itemsets of each size: { 1: n1, 2: n2, … }. */
export function itemsetSizes(sets: Itemsets): Record<string, number> {
  const bySize: Record<string, number> = {};
  for (let k = 0; k < sets.size; k++) {
    const len = String(sets.offsets[k + 1] - sets.offsets[k]);
    bySize[len] = (bySize[len] ?? 0) + 1;
  }
  return bySize;
}
