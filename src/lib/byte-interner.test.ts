// The byte interner numbers ids in order of first sight, with or without its hash table, and takes
// another interner's ids at once only when they are sure to be new.
import { describe, expect, test } from 'vitest';
import { createByteInterner } from './byte-interner.ts';

describe('createByteInterner', () => {
  test('numbers byte strings in order of first sight, through table growth', () => {
    const ids = createByteInterner();
    const bytes = (s: string) => Buffer.from(s);
    const seen: number[] = [];
    for (let i = 0; i < 100_000; i++) seen.push(ids.intern(bytes(`C${i}`), 0, bytes(`C${i}`).length));
    expect(seen.every((v, i) => v === -(i + 1))).toBe(true);
    const b = bytes('xxC77xx');
    expect(ids.intern(b, 2, 5)).toBe(77);
    expect(ids.intern(bytes(''), 0, 0)).toBe(-100_001);
    expect(ids.size).toBe(100_001);
  });

  test('ids in no order are numbered through the table as it grows, then found again', () => {
    const ids = createByteInterner(1_000);
    // A fixed shuffle of 100,000 ids: out of every order within the first few.
    const list = Array.from({ length: 100_000 }, (_, i) => `id-${(i * 7_919) % 100_000}`);
    list.forEach((id, i) => expect(ids.intern(Buffer.from(id), 0, id.length)).toBe(-(i + 1)));
    expect(ids.inOrder).toBe(false);
    list.forEach((id, i) => expect(ids.intern(Buffer.from(id), 0, id.length)).toBe(i));
    const { arena, offsets } = ids.entries();
    expect(Buffer.from(arena).toString('utf8', offsets[4_321], offsets[4_322])).toBe(list[4_321]);
  });

  test('ids in increasing order are numbered without a table; a repeat after them is still found', () => {
    const intern = (ids: ReturnType<typeof createByteInterner>, s: string) => ids.intern(Buffer.from(s), 0, s.length);
    // Byte order (zero-padded), then shorter-first order (unpadded numbers: 10 after 9), then names.
    for (const list of [
      Array.from({ length: 3000 }, (_, i) => `C${String(i).padStart(5, '0')}`),
      Array.from({ length: 3000 }, (_, i) => String(i + 1)),
      ['ann', 'bob', 'carla', 'dan', 'eve'],
    ]) {
      const ids = createByteInterner();
      list.forEach((id, i) => expect(intern(ids, id)).toBe(-(i + 1)));
      expect(intern(ids, list[list.length - 1])).toBe(list.length - 1); // the same id again
      expect(ids.inOrder).toBe(true);
      // An earlier id: out of every order, so the table is built and it is found, as is every other.
      expect(intern(ids, list[1])).toBe(1);
      expect(ids.inOrder).toBe(false);
      list.forEach((id, i) => expect(intern(ids, id)).toBe(i));
      expect(intern(ids, 'zz-new')).toBe(-(list.length + 1));
      expect(ids.size).toBe(list.length + 1);
    }
    // "10" before "9" holds byte order, "9" after "10" holds neither: a repeat of "10" must be found.
    const mixed = createByteInterner();
    for (const id of ['1', '10', '9', '10']) intern(mixed, id);
    expect(mixed.size).toBe(3);
    expect(intern(mixed, '10')).toBe(1);
  });

  test('appendAfter takes another set of ids at once only when all of them are sure to be new', () => {
    const intern = (ids: ReturnType<typeof createByteInterner>, s: string) => ids.intern(Buffer.from(s), 0, s.length);
    const of = (list: string[]) => {
      const ids = createByteInterner();
      for (const id of list) intern(ids, id);
      return ids;
    };
    const padded = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `C${String(from + i).padStart(6, '0')}`);
    // Both in byte order, the other's ids from 1 on after this one's last (its id 0 is skipped).
    const ids = of(padded(0, 40_000));
    expect(ids.appendAfter(of(['C000000', ...padded(40_000, 50_000)]).entries(), 1)).toBe(true);
    expect(ids.size).toBe(90_000);
    expect(ids.inOrder).toBe(true);
    expect(intern(ids, 'C089999')).toBe(89_999);
    expect(intern(ids, 'C040000')).toBe(40_000); // builds the table: every id is found, none twice
    expect(intern(ids, 'C000007')).toBe(7);
    expect(intern(ids, 'C090000')).toBe(-90_001);
    // Not after the last id, or not in order, or this set no longer in order: nothing appended.
    const before = of(padded(10, 5));
    expect(before.appendAfter(of(['x', ...padded(12, 5)]).entries(), 1)).toBe(false);
    expect(before.appendAfter(of(['x', 'C000099', 'C000098']).entries(), 1)).toBe(false);
    const shuffled = of(['b', 'a']);
    expect(shuffled.appendAfter(of(['x', 'c', 'd']).entries(), 1)).toBe(false);
    expect([before.size, shuffled.size]).toEqual([5, 2]);
    // Shorter-first order (unpadded numbers): "10" after "9" holds in both sets only by length.
    const numbers = of(['1', '2', '9']);
    expect(numbers.appendAfter(of(['x', '10', '11', '100']).entries(), 1)).toBe(true);
    expect(intern(numbers, '100')).toBe(5);
    expect(intern(numbers, '9')).toBe(2);
  });
});
