// The fast CSV reader gives the same records as csv-parse (BOM, CRLF, CR-only, quotes, escaped
// quotes, line breaks inside quotes, empty lines), whatever the chunk size, with the line each
// record starts on; and it refuses ragged and oversized records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, test } from 'vitest';
import { csvField, readCsvRecords } from './csv-read.ts';

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
