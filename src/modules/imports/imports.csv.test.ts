import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { describe, expect, test } from 'vitest';
import { csvRecordValues } from './imports.csv.ts';

/** What csv-parse alone makes of the whole file: its records, then its error message if any. */
async function byCsvParse(body: Buffer, delimiter: string, maxRecordSize: number) {
  const records: string[][] = [];
  const parser = Readable.from([body]).pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      max_record_size: maxRecordSize,
    }),
  );
  const error = await new Promise<string | undefined>((resolve) => {
    parser.on('data', (r: string[]) => records.push(r));
    parser.on('error', (err) => resolve(err.message));
    parser.on('end', () => resolve(undefined));
  });
  return { records, error };
}

/** The same file through csvRecordValues, fed in chunks cut at the given byte offsets. */
async function bySplitter(body: Buffer, cuts: number[], delimiter: string, maxRecordSize: number) {
  const chunks = [0, ...cuts, body.length].slice(1).map((end, i, ends) => body.subarray(i ? ends[i - 1] : 0, end));
  const records: string[][] = [];
  try {
    for await (const some of csvRecordValues(Readable.from(chunks.length ? chunks : [Buffer.alloc(0)]), {
      delimiter,
      maxRecordSize,
    }))
      records.push(...some);
  } catch (err) {
    return { records, error: (err as Error).message };
  }
  return { records, error: undefined };
}

/** A seeded generator (mulberry32), so a failure names a case that can be run again. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = ['a', 'bc', 'Ünïcode', '日本', '', ' ', '123', '2026-01-05T10:00:00Z', 'x'.repeat(30)];
const rare = ['"', '""', '"q, ""x""\n"', '\r', '\n', '\r\n', '\uFEFF', ';', '\t', '\u0000'];

function file(rnd: () => number, delimiter: string) {
  const eol = ['\n', '\r\n', '\r'][Math.floor(rnd() * 3 * 0.7 + (rnd() < 0.1 ? 0.9 : 0))] ?? '\n';
  const lines: string[] = [];
  const count = Math.floor(rnd() * 30);
  for (let i = 0; i < count; i++) {
    if (rnd() < 0.05) {
      lines.push('');
      continue;
    }
    const width = 1 + Math.floor(rnd() * 5);
    const cells = Array.from({ length: width }, () =>
      rnd() < 0.03 ? rare[Math.floor(rnd() * rare.length)] : pieces[Math.floor(rnd() * pieces.length)],
    );
    lines.push(cells.join(delimiter));
  }
  const text = (rnd() < 0.2 ? '\uFEFF' : '') + lines.join(eol) + (rnd() < 0.7 ? eol : '');
  return Buffer.from(text);
}

describe('csvRecordValues reads a file as csv-parse does', () => {
  test('the bad-file cases and edge shapes', async () => {
    const bodies = [
      '',
      '\uFEFF',
      'a,b\n1,2\n',
      'a,b\r\n1,2\r\n\r\n3,4',
      'a,b\r1,2\r',
      'a,b\n1,"x\ny"\n2,3\n',
      'a,b\nT1,Complete\nT2,"Unterminated\n',
      'a,b\n1,2\r\n3,4\n',
      'a,b\r\n1,2\n3,4\r\n',
      'a,b\n\n\n1,2',
      'a,b\n1,ab"c\n',
      '\uFEFF\uFEFFa,b\n1,2\n',
    ];
    for (const body of bodies) {
      const b = Buffer.from(body);
      for (const cuts of [[], [1], [2, 5], [...Array(b.length).keys()].slice(1)]) {
        expect(await bySplitter(b, cuts, ',', 1_000_000), JSON.stringify({ body, cuts })).toEqual(
          await byCsvParse(b, ',', 1_000_000),
        );
      }
    }
  });

  test('random files, delimiters, record size caps and chunk boundaries', async () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const rnd = random(seed);
      const delimiter = [',', ';', '\t', '|'][seed % 4];
      const body = file(rnd, delimiter);
      const max = rnd() < 0.2 ? 20 + Math.floor(rnd() * 80) : 1_000_000;
      const cuts = [...new Set(Array.from({ length: Math.floor(rnd() * 6) }, () => Math.floor(rnd() * body.length)))]
        .filter((c) => c > 0)
        .sort((x, y) => x - y);
      expect(await bySplitter(body, cuts, delimiter, max), `seed ${seed}`).toEqual(
        await byCsvParse(body, delimiter, max),
      );
    }
  });
});
