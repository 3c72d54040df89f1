import { describe, expect, test } from 'vitest';
import { mix32 } from './mix32.ts';

// How evenly hashes fall into 2^12 slots by their low bits (the tables index by h & mask):
// the largest slot's count against the mean.
function worstSlot(hashes: number[]): number {
  const slots = new Int32Array(1 << 12);
  for (const h of hashes) slots[h & 0xfff]++;
  return Math.max(...slots) / (hashes.length / slots.length);
}

const fnv = (bytes: Buffer) => {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h;
};

describe('mix32', () => {
  test('sequential ids and whole-number doubles spread over the low bits', () => {
    const n = 1 << 16;
    const ids = Array.from({ length: n }, (_, i) => fnv(Buffer.from(`C${String(i).padStart(7, '0')}`)));
    const bits = new Float64Array(1);
    const words = new Int32Array(bits.buffer);
    const doubles = Array.from({ length: n }, (_, i) => {
      bits[0] = i;
      return Math.imul(Math.imul(0x811c9dc5 ^ words[0], 0x01000193) ^ words[1], 0x01000193);
    });
    // Whole numbers as doubles have zero low words: unmixed, a slot gets over 3× its share.
    expect(worstSlot(doubles.map((h) => h ^ (h >>> 15)))).toBeGreaterThan(3);
    // Mixed, no slot gets more than twice its share (a uniform hash: about 1.5× at this size).
    expect(worstSlot(doubles.map(mix32))).toBeLessThan(2);
    expect(worstSlot(ids.map(mix32))).toBeLessThan(2);
  });

  test('is a 32-bit integer function', () => {
    expect(mix32(0)).toBe(0);
    expect(Number.isInteger(mix32(0x7fffffff))).toBe(true);
    expect(mix32(1)).not.toBe(mix32(2));
  });
});
