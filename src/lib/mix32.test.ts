import { describe, expect, test } from 'vitest';
import { mix32 } from './mix32.ts';

// Mean slots probed per insertion into an open-addressing table at half load, slot = h & mask
// (the tables' scheme). A uniform hash needs about 2.5 at this load (Knuth, unsuccessful search
// under linear probing: (1 + 1/(1 − α)²) / 2 at α = 0.5).
function meanProbes(hashes: Int32Array): number {
  const mask = hashes.length * 2 - 1;
  const used = new Uint8Array(mask + 1);
  let probes = 0;
  for (const h of hashes) {
    let slot = h & mask;
    probes++;
    while (used[slot]) {
      slot = (slot + 1) & mask;
      probes++;
    }
    used[slot] = 1;
  }
  return probes / hashes.length;
}

// The row grouping's hash of a row of doubles before mixing.
function fnvOfRow(values: number[]): number {
  const words = new Int32Array(new Float64Array(values).buffer);
  let h = 0x811c9dc5;
  for (const w of words) h = Math.imul(h ^ w, 0x01000193);
  return h;
}

describe('mix32', () => {
  const n = 1 << 16;
  test('rows of whole-number doubles probe as few slots as a uniform hash once mixed', () => {
    // A million distinct (x, t_x, T) rows in whole periods (a model's input with daily periods):
    // their doubles' low 10 bits are all zero, and the multiplies only carry differences upwards.
    const raw = Int32Array.from({ length: 1 << 20 }, (_, i) => fnvOfRow([i % 31, (i * 7) % 1021, 1100 + (i % 1031)]));
    // The old last step (h ^ h >>> 15) leaves long runs of taken slots.
    expect(meanProbes(raw.map((h) => h ^ (h >>> 15)))).toBeGreaterThan(5);
    expect(meanProbes(raw.map(mix32))).toBeLessThan(3);
  });

  test('sequential customer ids probe as few slots as a uniform hash', () => {
    const ids = Int32Array.from({ length: n }, (_, i) => {
      let h = 0x811c9dc5;
      for (const b of Buffer.from(`C${String(i).padStart(7, '0')}`)) h = Math.imul(h ^ b, 0x01000193);
      return h;
    });
    expect(meanProbes(ids.map(mix32))).toBeLessThan(3);
  });

  test('is a 32-bit integer function', () => {
    expect(mix32(0)).toBe(0);
    expect(Number.isInteger(mix32(0x7fffffff))).toBe(true);
    expect(mix32(1)).not.toBe(mix32(2));
  });
});
