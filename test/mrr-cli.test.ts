// `tenure mrr` as a real process and as the analytics run behind it: the written fixture of
// src/modules/kpis/kpis.test.ts (the same customers, MRR at each month end, in euros rather than
// cents) gives the same figures as GET /kpis/revenue-retention, to the cent; --json prints exactly
// one JSON object; bad input exits 65 naming the line. No workspace, no database.
import { describe, expect, test } from 'vitest';
import { AppError } from '../src/errors.ts';
import { runMrr } from '../src/modules/analytics/analytics.mrr-file.ts';
import { analystSandbox } from './support/analyst-cli.ts';

const sb = analystSandbox('mrr');
const { cli, write } = sb;

// MRR at each month end (A has two subscriptions: its rows add up; '·' months have no row):
//        Jan      Feb      Mar      Apr      May      Jun
//   A  100.00   100.00   150.00   150.00   150.00   150.00
//   B  200.00   200.00   120.50   120.50   120.50   120.50
//   C   80.00    80.00     ·        ·        ·        ·
//   D   50.00     ·        ·      60.00    60.00    60.00
//   E     ·       ·      40.00    45.25    45.25    45.25
//   F   30.00    30.00    30.00    30.00    30.00    25.10
//   G     ·       ·        ·        ·      70.00      ·
//   H     ·     10.00    20.00    20.00    30.00      ·
const rows: [string, string, string][] = [];
const put = (c: string, months: string[], values: (string | null)[]) =>
  values.forEach((v, i) => v !== null && rows.push([c, months[i], v]));
const M = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];
put('A', M, ['60', '60', '60', '60', '60', '60']);
put('A', M, ['40', '40', '90', '90', '90', '90']);
put('B', M, ['200', '200', '120.50', '120.50', '120.50', '120.50']);
put('C', M, ['80', '80', null, null, null, null]);
put('D', M, ['50', null, null, '60', '60', '60']);
put('E', M, [null, null, '40', '45.25', '45.25', '45.25']);
put('F', M, ['30', '30', '30', '30', '30', '25.10']);
put('G', M, [null, null, null, null, '70', null]);
put('H', M, [null, '10', '20', '20', '30', null]);
const csv = `customer;month;mrr\n${rows.map((r) => r.join(';')).join('\n')}\n`;

const options = { customerCol: 'customer', monthCol: 'month', mrrCol: 'mrr', delimiter: ';' };

describe('tenure mrr', () => {
  test('the written fixture, March–June: the same figures as the API, in euros to the cent', async () => {
    const file = write('mrr.csv', csv);
    const r = await runMrr(file, { ...options, from: '2026-03', to: '2026-06' });
    expect(r).toMatchObject({
      startMrr: 420,
      new: 45.25,
      expansion: 50,
      contraction: 84.4,
      churned: 90,
      reactivation: 60,
      logoChurn: 0.4,
      breakdown: { from: '2026-03', to: '2026-06', endMrr: 400.85, customersAtStart: 5, customersLost: 2 },
    });
    expect(r.grr).toBeCloseTo(245.6 / 420, 12);
    expect(r.nrr).toBeCloseTo(295.6 / 420, 12);
    expect(r.quickRatio).toBeCloseTo(155.25 / 174.4, 12);
    expect(r.breakdown.months.map((m) => [m.month, m.new, m.expansion, m.contraction, m.churned, m.endMrr])).toEqual([
      ['2026-03', 40, 60, 79.5, 80, 360.5],
      ['2026-04', 0, 5.25, 0, 0, 425.75],
      ['2026-05', 70, 10, 0, 0, 505.75],
      ['2026-06', 0, 0, 4.9, 100, 400.85],
    ]);

    const out = await cli([
      'mrr',
      file,
      '--customer-col',
      'customer',
      '--month-col',
      'month',
      '--mrr-col',
      'mrr',
      '--delimiter',
      ';',
      '--from',
      '2026-03',
      '--to',
      '2026-06',
      '--json',
    ]);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(Object.keys(json).sort()).toEqual(
      [
        'startMrr',
        'new',
        'expansion',
        'contraction',
        'churned',
        'reactivation',
        'grr',
        'nrr',
        'logoChurn',
        'quickRatio',
        'breakdown',
      ].sort(),
    );
    expect(json).toEqual(JSON.parse(JSON.stringify(r)));
    // Without --from/--to: February (the month after the first) through June.
    const text = await cli([
      'mrr',
      file,
      '--customer-col',
      'customer',
      '--month-col',
      'month',
      '--mrr-col',
      'mrr',
      '--delimiter',
      ';',
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('2026-02 to 2026-06');
  });

  test('bad input exits 65 and names the line', async () => {
    const cases: [string, RegExp][] = [
      [`${csv}Z;2026-13;10\n`, new RegExp(`line ${rows.length + 2}: the month`)],
      [`${csv}Z;2026-03;-5\n`, new RegExp(`line ${rows.length + 2}: the MRR`)],
      [`${csv}Z;2026-03;ten\n`, new RegExp(`line ${rows.length + 2}: the MRR`)],
      [`${csv};2026-03;10\n`, new RegExp(`line ${rows.length + 2}: the customer id`)],
      ['customer;when;mrr\nA;2026-01;1\n', /Column "month" \(--month-col\) is not in the header/],
    ];
    for (const [text, message] of cases) {
      const file = write('bad.csv', text);
      const err = await runMrr(file, options).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as Error).message).toMatch(message);
      const out = await cli([
        'mrr',
        file,
        '--customer-col',
        'customer',
        '--month-col',
        'month',
        '--mrr-col',
        'mrr',
        '--delimiter',
        ';',
      ]);
      expect(out.code).toBe(65);
      expect(out.stderr).toMatch(message);
    }
    const bad = await cli([
      'mrr',
      write('ok.csv', csv),
      '--customer-col',
      'customer',
      '--month-col',
      'month',
      '--mrr-col',
      'mrr',
      '--from',
      '2026-3',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/must be a month YYYY-MM/);
  });
});
