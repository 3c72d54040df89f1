// The fast CSV reader gives the same records as csv-parse (BOM, CRLF, CR-only, quotes, escaped
// quotes, line breaks inside quotes, empty lines), whatever the chunk size, with the line each
// record starts on; and it refuses ragged and oversized records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, test } from 'vitest';
import { createByteInterner, csvField, readCsvRecords } from './csv-read.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-csv-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function read(
  text: string | Buffer,
  options: { delimiter?: string; chunkSize?: number; maxRecordSize?: number } = {},
) {
  const file = path.join(dir, `f${n++}.csv`);
  fs.writeFileSync(file, text);
  const records: { fields: string[]; line: number }[] = [];
  await readCsvRecords(
    file,
    { delimiter: options.delimiter ?? ',', chunkSize: options.chunkSize, maxRecordSize: options.maxRecordSize },
    (buf, starts, ends, count, line) => {
      records.push({ fields: Array.from({ length: count }, (_, k) => csvField(buf, starts, ends, k)), line });
    },
  );
  return records;
}

const csvParse = (text: string, delimiter = ',') =>
  parse(text, { bom: true, delimiter, skip_empty_lines: true }) as string[][];

describe('readCsvRecords', () => {
  test('plain, CRLF, BOM and empty lines, with line numbers', async () => {
    const text = '\uFEFFid,date,amount\r\nC1,2024-01-01,5\r\n\r\nC2,2024-01-02,7.5\r\nC3,2024-01-03,\r\n';
    const records = await read(text);
    expect(records.map((r) => r.fields)).toEqual(csvParse(text));
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
  });

  test('no line end after the last record; CR-only line ends', async () => {
    expect((await read('a,b\n1,2')).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect((await read('a,b\r1,2\r3,4\r')).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  test('quoted fields: delimiters, escaped quotes and line breaks inside quotes, mixed with plain lines', async () => {
    const text = 'id,note\r\n1,plain\r\n"2","a, b"\r\n3,"say ""hi"""\r\n4,"two\r\nlines"\r\n5,after\r\n"6",""\r\n';
    const records = await read(text);
    expect(records.map((r) => r.fields)).toEqual(csvParse(text));
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 7, 8]);
    const lf = text.replaceAll('\r\n', '\n');
    expect((await read(lf)).map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 7, 8]);
  });

  test('tab and semicolon delimiters; non-ASCII text', async () => {
    const text = 'kund\tdatum\nÅsa Öberg\t2024-01-01\n"名前\t付き"\t2024-01-02\n';
    expect((await read(text, { delimiter: '\t' })).map((r) => r.fields)).toEqual(csvParse(text, '\t'));
    expect((await read('a;b\n1;2\n', { delimiter: ';' })).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  test('the same records as csv-parse for any chunk size (property)', async () => {
    const quoted = fc
      .string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\n', '\r\n'), maxLength: 6 })
      .map((s) => `"${s.replaceAll('"', '""')}"`);
    const field = fc.oneof(fc.stringMatching(/^[a-z0-9 .-]{0,6}$/), quoted);
    const file = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('\n', '\r\n'))
      .chain(([width, eol]) =>
        fc
          .array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 })
          .map((rows) => rows.map((r) => r.join(',')).join(eol) + eol),
      );
    await fc.assert(
      fc.asyncProperty(file, fc.integer({ min: 1, max: 200 }), async (text, chunkSize) => {
        let expected: string[][];
        try {
          expected = csvParse(text);
        } catch {
          return; // csv-parse rejects it (e.g. a stray CR); the reader is only required to agree on valid files
        }
        if (expected.some((r) => r.length !== expected[0].length)) return;
        const got = await read(text, { chunkSize, maxRecordSize: 100 });
        expect(got.map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('ragged records, oversized records and unclosed quotes are errors naming the line', async () => {
    await expect(read('a,b\n1,2\n1,2,3\n')).rejects.toThrow(/Invalid Record Length: expect 2, got 3 on line 3/);
    await expect(read('a,b\n"1",2\n"1",2,3\n')).rejects.toThrow(/Invalid Record Length: expect 2, got 3 on line 3/);
    await expect(read(`a,b\n${'x'.repeat(300)},1\n`, { maxRecordSize: 100, chunkSize: 64 })).rejects.toThrow(
      /Max Record Size.*line 2/,
    );
    await expect(read('a,b\n1,2\n"3,4\n5,6\n')).rejects.toThrow(/Quote Not Closed/);
    await expect(read('a,b\n1,2\n3,x"y\n')).rejects.toThrow(/Invalid Opening Quote.*line 3/);
  });

  test('refuses a delimiter it cannot split on', async () => {
    await expect(read('a"b\n', { delimiter: '"' })).rejects.toThrow(/delimiter/);
  });
});

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
