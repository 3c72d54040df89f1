// The revenue-movement arithmetic on its own: the reconciliation identity on simulated series
// (end = start + new + reactivation + expansion − contraction − churned, per period and per month),
// the bounds of GRR, and the edge cases a written fixture names (a customer who comes and goes
// inside the period, a return after a gap, empty starts). The hand-computed fixture itself is
// checked through the API (src/modules/kpis/kpis.test.ts) and the CLI (test/mrr-cli.test.ts).
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../../lib/random.ts';
import { buildSeries, customerMovements, formatMonth, parseMonth, revenueRetention } from './revenue-movements.ts';

const jan = parseMonth('2026-01') as number;

describe('revenue movements', () => {
  test('reconcile start to end on simulated series, per period and per month; GRR stays in [0, 1]', () => {
    const rng = seededRng(7);
    const points = [];
    for (let c = 0; c < 300; c++)
      for (let m = 0; m < 18; m++)
        if (rng() < 0.6) points.push({ customer: `c${c}`, month: jan + m, mrr: Math.floor(rng() * 5) * 1000 });
    const series = buildSeries(points);
    const r = revenueRetention(series, jan + 6, jan + 17);
    for (const f of [r, ...r.months]) {
      expect(f.end).toBe(f.start + f.new + f.reactivation + f.expansion - f.contraction - f.churned);
      expect(f.grr).toBeGreaterThanOrEqual(0);
      expect(f.grr).toBeLessThanOrEqual(1);
      expect(f.nrr).toBeCloseTo((f.start + f.expansion - f.contraction - f.churned) / f.start, 12);
    }
    for (let i = 1; i < r.months.length; i++) expect(r.months[i].start).toBe(r.months[i - 1].end);
    const movers = customerMovements(series, jan + 5, jan + 17);
    expect(movers.filter((m) => m.kind === 'churned').length).toBe(r.customersLost);
    expect(movers.filter((m) => m.kind === 'new').reduce((n, m) => n + m.amount, 0)).toBe(r.new);
  });

  test('a customer who returns after a gap is reactivation; one who comes and goes inside the period moves nothing', () => {
    const series = buildSeries([
      { customer: 'back', month: jan, mrr: 500 },
      { customer: 'back', month: jan + 3, mrr: 700 },
      { customer: 'brief', month: jan + 2, mrr: 900 },
    ]);
    const r = revenueRetention(series, jan + 2, jan + 3);
    expect([r.start, r.new, r.reactivation, r.churned, r.end]).toEqual([0, 0, 700, 0, 700]);
    expect([r.grr, r.nrr, r.logoChurn, r.quickRatio]).toEqual([null, null, null, null]);
    expect(r.months.map((m) => [formatMonth(m.month), m.new, m.reactivation, m.churned])).toEqual([
      ['2026-03', 900, 0, 0],
      ['2026-04', 0, 700, 900],
    ]);
  });

  test('months are read and written as YYYY-MM within 1900–2199', () => {
    expect(formatMonth(parseMonth('1999-12') as number)).toBe('1999-12');
    for (const bad of ['2026-13', '2026-1', '1899-12', '2200-01', '2026-00', ' 2026-01'])
      expect(parseMonth(bad)).toBeNull();
    expect(() => buildSeries([{ customer: 'x', month: jan, mrr: -1 }])).toThrow(/MRR/);
  });
});
