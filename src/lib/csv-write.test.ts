// The byte writer writes numbers exactly as Number#toFixed does and cells exactly as csvCell does,
// and a file written through its two buffers holds every byte in order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { csvCell } from './csv.ts';
import { ByteBuffer, CsvFileWriter } from './csv-write.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-csv-write-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const written = (fill: (b: ByteBuffer) => void) => {
  const b = new ByteBuffer(4);
  fill(b);
  return b.buf.toString('utf8', 0, b.pos);
};

describe('ByteBuffer', () => {
  test('fixed(v, d) is v.toFixed(d), ties and edges included', () => {
    const edges = [
      0,
      -0,
      0.5,
      1.5,
      2.5,
      1.005,
      0.00005,
      0.000049999,
      5e-7,
      123456789.12345,
      1e21,
      -3.25,
      NaN,
      Infinity,
    ];
    for (const v of edges) for (const d of [0, 2, 4, 6]) expect(written((b) => b.fixed(v, d))).toBe(v.toFixed(d));
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e12, max: 1e12 }), fc.constantFrom(0, 1, 4, 6, 9), (v, d) => {
        expect(written((b) => b.fixed(v, d))).toBe(v.toFixed(d));
        // Values on a tie after scaling, the hard case for the integer path.
        const tie = (Math.round(v * 10 ** d) + 0.5) / 10 ** d;
        expect(written((b) => b.fixed(tie, d))).toBe(tie.toFixed(d));
      }),
      { numRuns: 20_000 },
    );
  });

  test('number(v) is String(v); cell(s) and cellBytes of its UTF-8 are csvCell(s)', () => {
    for (const v of [0, 7, 123456, 2 ** 53, 1.5, -2, 1e21]) expect(written((b) => b.number(v))).toBe(String(v));
    const cells = [
      'C1',
      '',
      '=cmd|calc',
      '+55 11 5555',
      '-12',
      '@x',
      '\tx',
      'a,b',
      'a "b"',
      'line\nbreak',
      'Ä 3',
      'x\ty',
    ];
    // cellBytes: the same cell from the text's UTF-8 bytes, found inside a larger buffer.
    const fromBytes = (s: string) => {
      const bytes = Buffer.from(`xx${s}yy`);
      return written((b) => b.cellBytes(bytes, 2, bytes.length - 2));
    };
    for (const s of cells) {
      expect(written((b) => b.cell(s))).toBe(csvCell(s));
      expect(fromBytes(s)).toBe(csvCell(s));
    }
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(written((b) => b.cell(s))).toBe(csvCell(s));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(fromBytes(s)).toBe(csvCell(s));
      }),
    );
  });
});

test('CsvFileWriter writes every line in order through small buffers', async () => {
  const file = path.join(dir, 'out.csv');
  const out = await CsvFileWriter.open(file, 8192);
  let expected = '';
  for (let i = 0; i < 5000; i++) {
    out.cell(`C${i}`);
    out.byte(0x2c);
    out.fixed(i / 7, 4);
    out.text('\r\n');
    expected += `C${i},${(i / 7).toFixed(4)}\r\n`;
    if (out.full) await out.flush();
  }
  await out.close();
  expect(fs.readFileSync(file, 'utf8')).toBe(expected);
});
