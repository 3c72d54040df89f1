// Owns a fast, stable ascending order of many non-negative doubles (a million survival times):
// a least-significant-digit radix sort on their bits, four passes of 16 bits, where a comparator
// sort of a million indices takes seconds. The bit pattern of a non-negative double orders as the
// number does.

/** The indices of `values` (each ≥ 0, finite, no NaN) in ascending order of value, ties in index order. */
export function ascendingOrder(values: Float64Array): Uint32Array {
  const n = values.length;
  for (let i = 0; i < n; i++)
    if (!(values[i] >= 0 && values[i] < Infinity))
      throw new RangeError(`ascendingOrder: value ${i} is ${values[i]}, not a finite number ≥ 0`);
  // Plain loops: a typed array's `from` with a callback is slow at a million values.
  const copy = new Float64Array(n);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    copy[i] = values[i] === 0 ? 0 : values[i]; // -0 and 0 have different bits; both read 0
    order[i] = i;
  }
  const bits = new Uint32Array(copy.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const lo = little ? 0 : 1;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(65_536);
  // Pass by pass: the low word's low and high halves, then the high word's.
  for (const [word, shift] of [
    [lo, 0],
    [lo, 16],
    [1 - lo, 0],
    [1 - lo, 16],
  ]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(bits[2 * i + word] >>> shift) & 0xffff]++;
    if (counts.some((c) => c === n)) continue; // every value has the same digit: nothing moves
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[counts[(bits[2 * i + word] >>> shift) & 0xffff]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** The indices of `values` (as for `ascendingOrder`) in descending order of value, ties in index order. */
export function descendingOrder(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  // Ascending over the values read backwards puts ties in decreasing index order; read back to front, increasing.
  const reversed = new Float64Array(n);
  for (let i = 0; i < n; i++) reversed[i] = values[n - 1 - i];
  const up = ascendingOrder(reversed);
  const order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = n - 1 - up[n - 1 - k];
  return order;
}
