import { describe, expect, test } from 'vitest';
import { csatFromCounts, npsFromCounts, npsFromScores } from './satisfaction.ts';

describe('NPS and its standard error', () => {
  test('matches the published worked example', () => {
    // whuber's answer to "How can I calculate margin of error in a NPS result?", Cross Validated,
    // https://stats.stackexchange.com/q/18603: a population of 1/2 promoters, 1/3 passives, 1/6
    // detractors has NPS = 1/3 and a per-answer variance of 5/9 (= p + d − (p − d)², the closed
    // form also derived by A. Bøgh, cybaea.net, 2016-01-14, "NPS confidence intervals"); the
    // standard error of n answers is √(5/9 / n). With n = 300: 100 · √(5/2700) = 4.3033 points.
    const r = npsFromCounts({ promoters: 150, passives: 100, detractors: 50 });
    expect(r.n).toBe(300);
    expect(r.nps).toBeCloseTo(100 / 3, 10);
    expect(r.standardError).toBeCloseTo(100 * Math.sqrt(5 / 9 / 300), 10);
    expect(r.standardError).toBeCloseTo(4.3033, 4);
    expect(r.low).toBeCloseTo(100 / 3 - 1.96 * 4.3033, 2);
  });

  test('equals the sample standard deviation of +1/0/−1 tickets over √n', () => {
    const scores = [10, 9, 9, 8, 7, 6, 3, 0, 10, 10, 5];
    const tickets: number[] = scores.map((s) => (s >= 9 ? 1 : s >= 7 ? 0 : -1));
    const mean = tickets.reduce((a, b) => a + b, 0) / tickets.length;
    const variance = tickets.reduce((a, b) => a + (b - mean) ** 2, 0) / tickets.length;
    const r = npsFromScores(scores);
    expect(r).toMatchObject({ promoters: 5, passives: 2, detractors: 4, n: 11 });
    expect(r.nps).toBeCloseTo(100 * mean, 10);
    expect(r.standardError).toBeCloseTo(100 * Math.sqrt(variance / tickets.length), 10);
  });

  test('no answers give no score; all promoters give 100 with no error', () => {
    expect(npsFromScores([]).nps).toBeNull();
    expect(npsFromScores([9, 10])).toMatchObject({ nps: 100, standardError: 0, high: 100 });
  });
});

describe('CSAT', () => {
  test('share of 4–5 answers with the binomial standard error', () => {
    const r = csatFromCounts(80, 100);
    expect(r.csat).toBe(80);
    expect(r.standardError).toBeCloseTo(4, 10); // 100 · √(0.8 · 0.2 / 100)
    expect(csatFromCounts(0, 0).csat).toBeNull();
  });
});
