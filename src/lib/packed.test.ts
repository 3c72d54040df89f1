import { describe, expect, test } from 'vitest';
import { GrowingArray, UuidList } from './packed.ts';
import { seededRng } from './random.ts';

describe('GrowingArray', () => {
  test('holds every push in order past the jump to a mapped size and its doublings', () => {
    const a = new GrowingArray((n) => new Float32Array(n));
    const n = (32 << 20) / 4 + 70_000;
    for (let i = 0; i < n; i++) a.push(i % 1000);
    const v = a.done();
    expect(v.length).toBe(n);
    expect(v[0]).toBe(0);
    expect(v[65_535]).toBe(535);
    expect(v[n - 1]).toBe((n - 1) % 1000);
  });
});

describe('UuidList', () => {
  test('gives back each id as it was pushed', () => {
    const rng = seededRng(3);
    const hex = (k: number) => Array.from({ length: k }, () => Math.floor(rng() * 16).toString(16)).join('');
    const ids = Array.from({ length: 5000 }, () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`);
    ids.push('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
    const list = new UuidList();
    for (const id of ids) list.push(id);
    expect(list.length).toBe(ids.length);
    expect(list.seal().slice()).toEqual(ids);
    expect(list.slice(10, 13)).toEqual(ids.slice(10, 13));
    expect(list.get(4999)).toBe(ids[4999]);
    expect(() => list.push(ids[0])).toThrow();
    expect(() => new UuidList().push('not-a-uuid')).toThrow(RangeError);
  });
});
