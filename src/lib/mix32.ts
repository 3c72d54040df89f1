// Owns the last step of the in-memory hash tables' hashes (the CSV reader's id interner, the
// models' row grouping). FNV-style multiplies carry a difference only towards the high bits, and
// the tables index by the low bits: ids like C0000001…C0999999 or whole-number doubles then fall
// into a few long runs of slots (grouping 1M rows of whole numbers took 3× as long). MurmurHash3's
// 32-bit finaliser (fmix32) spreads every input bit over every output bit.
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
