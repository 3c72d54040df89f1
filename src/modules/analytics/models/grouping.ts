// Owns grouping equal rows: by hashing the bit patterns of their values (groupRows), by a whole
// number per row through a table (groupCodes), one key at a time as a reader closes each customer
// (createKeyGrouper), and the distinct values of a column or pairs of index columns.
import { mix32 } from '../../../lib/mix32.ts';

/** Groups equal tuples of numbers: groupOf[i] is the group of row i; firstOf[g] a row of group g. */
export type Grouping = { groupOf: Int32Array; firstOf: Int32Array; count: number };

/** Customers grouped by equal (x, t_x, T), with each group's rowKey where a reader made them from keys. */
export type RowGrouping = Grouping & { keys?: Float64Array };

/**
 * A customer's (x, days from first to last purchase, days from first purchase to the calibration
 * end) as one whole number below 2^53: x·2^32 + t_x days·2^16 + T days. For one period length,
 * equal keys are equal (x, t_x, T) and different keys different ones, so the accumulator groups
 * customers for compress as it closes them, by one number instead of three, each reading thread
 * its own (1M customers: compress took 0.3–0.4 s on the main thread, 0.06–0.1 s now). NaN when a
 * value is out of range (x ≥ 2^21, a span of 2^16 days or more): the summary then has no
 * grouping and compress makes it.
 */
export function rowKey(x: number, txDays: number, TDays: number): number {
  return x < 2 ** 21 && TDays < 2 ** 16 ? x * 2 ** 32 + txDays * 2 ** 16 + TDays : Number.NaN;
}

/** The x, t_x days and T days of each key (rowKey), each a whole number below 2^21. */
export function keyParts(keys: Float64Array): [Int32Array, Int32Array, Int32Array] {
  const x = new Int32Array(keys.length);
  const txDays = new Int32Array(keys.length);
  const TDays = new Int32Array(keys.length);
  for (let r = 0; r < keys.length; r++) {
    const high = Math.floor(keys[r] / 2 ** 32);
    const low = (keys[r] - high * 2 ** 32) >>> 0;
    x[r] = high;
    txDays[r] = low >>> 16;
    TDays[r] = low & 0xffff;
  }
  return [x, txDays, TDays];
}

/**
 * groupRows' grouping of whole-number codes ≥ 0, group for group and in the same order, through a
 * table by code instead of hashing (~5 times faster); `range` bounds the codes.
 */
export function groupCodes(codes: Int32Array, range: number): Grouping {
  const n = codes.length;
  const table = new Int32Array(range); // group + 1 (0: not seen)
  const groupOf = new Int32Array(n);
  const firstOf = new Int32Array(Math.min(n, range));
  let count = 0;
  for (let i = 0; i < n; i++) {
    const code = codes[i];
    let g = table[code] - 1;
    if (g < 0) {
      g = count++;
      table[code] = count;
      firstOf[g] = i;
    }
    groupOf[i] = g;
  }
  return { groupOf, firstOf: firstOf.slice(0, count), count };
}

/**
 * Exact grouping of rows by the bit patterns of their values (open-addressing hash; −0 = 0). The
 * table grows with the groups, not the rows: a million customers fall into a few hundred thousand
 * distinct rows, and a table sized for those stays in cache where one sized for every row (16 MB)
 * made each look-up a memory miss. Each slot holds its group's hash beside the group, and each
 * group's values are kept together, so a look-up touches two places in memory, not the columns at
 * the group's first row (measured at 1M customers, 412,567 groups, on a busy machine: 250–300 ms
 * against 310–450 ms when each look-up read the columns at the group's first row).
 */
export function groupRows(columns: ArrayLike<number>[], n: number): Grouping {
  const k = columns.length;
  let capacity = 1 << 12;
  let mask = capacity - 1;
  // slots[2s] = hash, slots[2s + 1] = group + 1 (0: empty).
  let slots = new Int32Array(capacity * 2);
  let keys = new Float64Array((1 << 12) * k);
  let firstOf = new Int32Array(1 << 12);
  let count = 0;
  const groupOf = new Int32Array(n);
  const row = new Float64Array(k);
  const words = new Int32Array(row.buffer);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let c = 0; c < k; c++) {
      row[c] = columns[c][i] + 0; // +0 folds −0 into 0
      h = Math.imul(h ^ words[2 * c], 0x01000193);
      h = Math.imul(h ^ words[2 * c + 1], 0x01000193);
    }
    h = mix32(h);
    let slot = h & mask;
    for (;;) {
      const g = slots[2 * slot + 1] - 1;
      if (g === -1) {
        if (count === firstOf.length) {
          firstOf = grow(firstOf, new Int32Array(firstOf.length * 2));
          keys = grow(keys, new Float64Array(keys.length * 2));
        }
        slots[2 * slot] = h;
        slots[2 * slot + 1] = count + 1;
        for (let c = 0; c < k; c++) keys[count * k + c] = row[c];
        firstOf[count] = i;
        groupOf[i] = count++;
        if (count * 2 > capacity) {
          capacity *= 2;
          mask = capacity - 1;
          slots = rehash(slots, capacity);
        }
        break;
      }
      if (slots[2 * slot] === h) {
        let same = true;
        for (let c = 0; c < k && same; c++) same = keys[g * k + c] === row[c];
        if (same) {
          groupOf[i] = g;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  return { groupOf, firstOf: firstOf.slice(0, count), count };
}

/** A grouping table's slots ([hash, group + 1] pairs) moved into a table of `capacity` slots. */
function rehash(old: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const mask = capacity - 1;
  const slots = new Int32Array(capacity * 2);
  for (let q = 0; q < old.length; q += 2) {
    if (old[q + 1] === 0) continue;
    let s = old[q] & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = old[q];
    slots[2 * s + 1] = old[q + 1];
  }
  return slots;
}

// Keys whose T is below this are grouped through a table by (t_x, T); the rest by hashing.
const cellLimit = 2048;

/**
 * groupRows([keys]) made one key at a time, as a reader closes each customer (summary-accumulator):
 * add(key, at) answers the key's group, a new one first seen at row `at` when the key is new, so
 * keys added in row order give groupRows' groups in its order. Keys are rowKey's.
 * A key's (t_x days, T days) picks a cell of a table, T·(T+1)/2 + t_x (t_x ≤ T), and the cell
 * holds a chain of its groups, one per x (a few): a look-up touches a table of ~1 MB and a key,
 * where hashing touched ~8 MB (1M customers' 412,567 groups, alternated in one process: median
 * 63.8 against 76.9 ms). Keys with T of cellLimit days or more (a long history) are hashed instead.
 */
export function createKeyGrouper() {
  let room = 1 << 12;
  let keys = new Float64Array(room);
  let firstOf = new Int32Array(room);
  let next = new Int32Array(room); // the cell's chain: group + 1 (0: end)
  let xOf = new Int32Array(room); // the x of a cell's group
  let cells = new Int32Array(1 << 16); // first group + 1 of each cell (0: none)
  // Keys past the cells: open addressing over their hashes, each slot group + 1.
  let mask = (1 << 10) - 1;
  let slots = new Int32Array(mask + 1);
  let hashed = 0;
  let count = 0;
  const scratch = new Float64Array(1);
  const words = new Int32Array(scratch.buffer);
  const hash = (key: number) => {
    scratch[0] = key;
    return mix32(Math.imul(Math.imul(0x811c9dc5 ^ words[0], 0x01000193) ^ words[1], 0x01000193));
  };
  const makeRoom = (more: number) => {
    if (count + more <= room) return;
    while (count + more > room) room *= 2;
    keys = grow(keys, new Float64Array(room));
    firstOf = grow(firstOf, new Int32Array(room));
    next = grow(next, new Int32Array(room));
    xOf = grow(xOf, new Int32Array(room));
  };
  const newGroup = (key: number, at: number, chain: number) => {
    makeRoom(1);
    keys[count] = key;
    firstOf[count] = at;
    next[count] = chain;
    return ++count;
  };
  const addHashed = (key: number, at: number) => {
    let slot = hash(key) & mask;
    for (let g = slots[slot] - 1; g !== -1; g = slots[slot] - 1) {
      if (keys[g] === key) return g;
      slot = (slot + 1) & mask;
    }
    slots[slot] = newGroup(key, at, 0);
    if (++hashed * 2 > mask) {
      mask = mask * 2 + 1;
      const old = slots;
      slots = new Int32Array(mask + 1);
      for (const g1 of old) {
        if (g1 === 0) continue;
        let q = hash(keys[g1 - 1]) & mask;
        while (slots[q] !== 0) q = (q + 1) & mask;
        slots[q] = g1;
      }
    }
    return count - 1;
  };
  const add = (key: number, at: number): number => {
    // Whole-number arithmetic (a multiplication by 2^−32 is exact; no floating division or modulo).
    const x = Math.floor(key * 2 ** -32);
    const low = (key - x * 2 ** 32) >>> 0;
    const T = low & 0xffff;
    if (T >= cellLimit) return addHashed(key, at);
    const cell = ((T * (T + 1)) >>> 1) + (low >>> 16);
    if (cell >= cells.length) {
      let length = cells.length;
      while (length <= cell) length *= 2;
      cells = grow(cells, new Int32Array(length));
    }
    // A cell's groups differ in x only.
    const first = cells[cell];
    for (let g = first - 1; g !== -1; g = next[g] - 1) if (xOf[g] === x) return g;
    cells[cell] = newGroup(key, at, first);
    xOf[count - 1] = x;
    return count - 1;
  };
  return {
    add,
    /**
     * Adds another grouper's groups, in its order (its keys, and each one's first row there, which
     * is row base + firstOf[g] here); answers each one's group here. One loop here, not the caller's:
     * a caller's loop of add calls ran in baseline code (the key boxed on every call).
     */
    addAll(theirKeys: Float64Array, theirFirst: Int32Array, base: number): Int32Array {
      makeRoom(theirKeys.length);
      const group = new Int32Array(theirKeys.length);
      for (let g = 0; g < theirKeys.length; g++) group[g] = add(theirKeys[g], base + theirFirst[g]);
      return group;
    },
    get count() {
      return count;
    },
    /** Each group's key and first row, in group order. */
    keys: () => keys.subarray(0, count),
    firstOf: () => firstOf.subarray(0, count),
  };
}

/**
 * A column of `length` zeros, in shared memory when `shared` (another thread is handed it without
 * a copy) or not.
 */
export function newColumn<A extends Float64Array | Int32Array>(
  Kind: { new (buffer: ArrayBufferLike): A; BYTES_PER_ELEMENT: number },
  length: number,
  shared = false,
): A {
  return new Kind(new (shared ? SharedArrayBuffer : ArrayBuffer)(Kind.BYTES_PER_ELEMENT * length));
}

/** `next` (a larger column) holding `a`'s values first. */
export function grow<T extends Int32Array | Float64Array>(a: T, next: T): T {
  next.set(a);
  return next;
}

/**
 * The distinct values of a column and each entry's index into them; `codes`, when given, are
 * whole numbers ≥ 0 equal exactly where the values are (grouped through a table, not hashed).
 */
export function distinct(column: Float64Array, codes?: Int32Array): { values: Float64Array; index: Int32Array } {
  let range = 0;
  if (codes) for (let i = 0; i < codes.length; i++) if (codes[i] >= range) range = codes[i] + 1;
  const g = codes ? groupCodes(codes, range) : groupRows([column], column.length);
  const values = new Float64Array(g.count);
  for (let k = 0; k < g.count; k++) values[k] = column[g.firstOf[k]];
  return { values, index: g.groupOf };
}

/**
 * The distinct values of a column of whole numbers ≥ 0 in ascending order, with how many rows
 * hold each: counted in a table by value (no hashing) when the largest is below 2^20.
 */
export function wholeNumberCounts(column: Float64Array): { values: Float64Array; counts: Float64Array } {
  let max = 0;
  for (let i = 0; i < column.length; i++) if (column[i] > max) max = column[i];
  if (max >= 1 << 20) {
    const g = groupRows([column], column.length);
    const order = Array.from(g.firstOf, (i) => column[i]).map((v, k) => [v, k] as const);
    order.sort((a, b) => a[0] - b[0]);
    const byGroup = new Float64Array(g.count);
    for (let i = 0; i < column.length; i++) byGroup[g.groupOf[i]]++;
    return {
      values: Float64Array.from(order, ([v]) => v),
      counts: Float64Array.from(order, ([, k]) => byGroup[k]),
    };
  }
  const table = new Float64Array(max + 1);
  for (let i = 0; i < column.length; i++) table[column[i]]++;
  let distinctValues = 0;
  for (let v = 0; v <= max; v++) if (table[v] > 0) distinctValues++;
  const values = new Float64Array(distinctValues);
  const counts = new Float64Array(distinctValues);
  for (let v = 0, k = 0; v <= max; v++) {
    if (table[v] === 0) continue;
    values[k] = v;
    counts[k++] = table[v];
  }
  return { values, counts };
}

/**
 * Distinct (a, b) pairs of two row-aligned index columns (whole numbers ≥ 0), as groupRows([a, b])
 * groups them: in a table by pair (no hashing) when the pairs are few enough for one.
 */
export function distinctPairs(a: Int32Array, b: Int32Array): Grouping {
  const n = a.length;
  let width = 0;
  let height = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] >= height) height = a[i] + 1;
    if (b[i] >= width) width = b[i] + 1;
  }
  if (width * height > Math.max(1 << 16, 4 * n)) return groupRows([a, b], n);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = a[i] * width + b[i];
  return groupCodes(codes, width * height);
}
