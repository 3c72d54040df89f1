// The upload's record count agrees with the CSV parser the importer uses, however the bytes
// are split into pieces; and it finds where the header ends.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { RecordCounter } from './record-counter.ts';

const feedInPieces = (counter: RecordCounter, bytes: Buffer, cuts: number[]) => {
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    counter.feed(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  counter.feed(bytes.subarray(at));
};

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'ã', '1') }),
  fc.string({ unit: fc.constantFrom('a', ',', '\n', '\r\n', '"', 'é') }).map((s) => `"${s.replace(/"/g, '""')}"`),
);

test('counts the records csv-parse reads (quoted line breaks, CRLF, blank lines, any split)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 12 }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 5 }),
      (rows, eol, trailing, cuts) => {
        const text = rows.map((r) => r.join(',')).join(eol) + (trailing ? eol : '');
        const expected = (parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][]).length;
        const counter = new RecordCounter('csv');
        feedInPieces(counter, Buffer.from(text), cuts);
        expect(counter.records).toBe(expected);
      },
    ),
  );
});

test('finds the end of a header with a quoted line break', () => {
  const counter = new RecordCounter('csv');
  const text = '"external\nid",name\r\nA,B\n';
  counter.feed(Buffer.from(text.slice(0, 5)));
  expect(counter.firstRecordEnd).toBeUndefined();
  counter.feed(Buffer.from(text.slice(5)));
  expect(counter.firstRecordEnd).toBe(text.indexOf('\r\n') + 2);
  expect(counter.records).toBe(2);
});

test('NDJSON: non-blank lines', () => {
  const counter = new RecordCounter('ndjson');
  counter.feed(Buffer.from('{"a":"x\\ny"}\n\n  \r\n{"b":1}'));
  expect(counter.records).toBe(2);
});
