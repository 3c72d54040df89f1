// Kaplan–Meier and the log-rank test on the 6-MP leukaemia remission data against published
// output, and the log-rank statistic against the Cox score test on untied simulated data.
import { describe, expect, test } from 'vitest';
import { fitCox } from './cox.ts';
import { kaplanMeier, logRank } from './kaplan-meier.ts';
import { gehan, simulateCox } from './survival-data.testing.ts';

const rowsOf = (treated: number) => gehan.treated.flatMap((t, i) => (t === treated ? [i] : []));
const fmt = (v: number) => v.toFixed(4);

describe('Kaplan–Meier on the 6-MP leukaemia remission data', () => {
  test('placebo group: survival, Greenwood SE and log-log band as Stata lists them', () => {
    // G. Rodríguez, "The Gehan survival data" (Princeton POP 509 notes, data.princeton.edu/pop509/gehan.html),
    // `sts list, by(group)`, Control: time 1: 21 at risk, 2 fail, 0.9048, SE 0.0641, 95% CI 0.6700–0.9753;
    // time 2: 19, 2, 0.8095, 0.0857, 0.5689–0.9239 (Stata's interval is the log(−log) one).
    const km = kaplanMeier(gehan.time, gehan.event, rowsOf(0));
    const [p1, p2] = km.points;
    expect([p1.time, p1.atRisk, p1.events, fmt(p1.survival), fmt(p1.se), fmt(p1.lower), fmt(p1.upper)]).toEqual([
      1,
      21,
      2,
      '0.9048',
      '0.0641',
      '0.6700',
      '0.9753',
    ]);
    expect([p2.time, p2.atRisk, p2.events, fmt(p2.survival), fmt(p2.se), fmt(p2.lower), fmt(p2.upper)]).toEqual([
      2,
      19,
      2,
      '0.8095',
      '0.0857',
      '0.5689',
      '0.9239',
    ]);
    expect(km.points.at(-1)!.survival).toBe(0);
    expect(km.n).toBe(21);
    expect(km.events).toBe(21);
  });

  test('6-MP group: the product-limit table and both medians of Kleinbaum & Klein', () => {
    // Kleinbaum & Klein, "Survival Analysis: A Self-Learning Text", 3rd ed. (2012), ch. 2, the KM
    // table of the remission data, group 1 (6-MP): event times 6, 7, 10, 13, 16, 22, 23 with
    // 21, 17, 15, 12, 11, 7, 6 at risk and S = .8571, .8067, .7529, .6902, .6275, .5378, .4482;
    // median remission 23 weeks on 6-MP and 8 weeks on placebo.
    const km = kaplanMeier(gehan.time, gehan.event, rowsOf(1));
    expect(km.points.map((p) => p.time)).toEqual([6, 7, 10, 13, 16, 22, 23]);
    expect(km.points.map((p) => p.atRisk)).toEqual([21, 17, 15, 12, 11, 7, 6]);
    expect(km.points.map((p) => fmt(p.survival))).toEqual([
      '0.8571',
      '0.8067',
      '0.7529',
      '0.6902',
      '0.6275',
      '0.5378',
      '0.4482',
    ]);
    // Censored rows are counted at the next event time's point: 6+ with 6, 9+ and 10+ by 10, …
    expect(km.points.map((p) => p.censored)).toEqual([1, 0, 2, 1, 0, 3, 0]);
    expect(km.median).toBe(23);
    expect(kaplanMeier(gehan.time, gehan.event, rowsOf(0)).median).toBe(8);
    // Greenwood's variance by hand at t = 6: S² · 3/(21·18).
    expect(km.points[0].se).toBeCloseTo(Math.sqrt((18 / 21) ** 2 * (3 / (21 * 18))), 14);
    // The band holds the estimate and stays in [0, 1].
    for (const p of km.points)
      expect(p.lower <= p.survival && p.survival <= p.upper && p.lower >= 0 && p.upper <= 1).toBe(true);
  });

  test("a curve exactly at ½ takes the midpoint to the next event time (R's rule); no median when it never gets there", () => {
    // A censored row before the events: S = 1 − 1/3 at time 2, then (2/3)(1 − 1/2) at time 3.
    const km = kaplanMeier([1, 2, 3, 4], [0, 1, 1, 0]);
    expect(km.points.map((p) => p.survival.toFixed(12))).toEqual([(2 / 3).toFixed(12), (1 / 3).toFixed(12)]);
    // Four events: S = ¾, ½, ¼, 0 — exactly ½ from time 2 to time 3, so the median is 2.5.
    expect(kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1]).median).toBe(2.5);
    expect(kaplanMeier([1, 2, 3, 4], [1, 0, 0, 0]).median).toBeNull();
  });
});

describe('log-rank test', () => {
  test('6-MP against placebo reproduces R survdiff', () => {
    // R survdiff(Surv(time, event) ~ group) on these data (rpubs.com, "79128", Question 3):
    // Observed 21 and 9, Expected 10.7 and 19.3, Chisq = 16.8 on 1 degree of freedom, p = 4.17e-05.
    const test = logRank(gehan.time, gehan.event, gehan.treated);
    expect(test.observed).toEqual([21, 9]);
    expect(test.expected.map((e) => e.toFixed(1))).toEqual(['10.7', '19.3']);
    expect(test.chisq.toFixed(1)).toBe('16.8');
    expect(test.df).toBe(1);
    expect(test.p.toExponential(2)).toBe('4.17e-5');
  });

  test('three groups without tied times: equals the Cox score test with two group indicators', () => {
    // With one event per time the hypergeometric variance is the Cox information at β = 0, so the
    // two statistics must agree to rounding; they are computed by separate code.
    const sim = simulateCox({ n: 3000, beta: [0.4, 0.2], seed: 9 });
    const group = Int32Array.from({ length: 3000 }, (_, i) =>
      sim.X[i * 2] === 1 ? 2 : sim.X[i * 2 + 1] > 0.5 ? 1 : 0,
    );
    const X = Float64Array.from({ length: 6000 }, (_, k) => (group[k >> 1] === (k & 1) + 1 ? 1 : 0));
    const test = logRank(sim.time, sim.event, group);
    expect(test.df).toBe(2);
    const score = fitCox({ time: sim.time, event: sim.event, X, p: 2 }).scoreTest;
    expect(test.chisq).toBeCloseTo(score.chisq, 8);
    expect(test.p).toBeLessThan(1e-6);
    // Observed and expected events balance over the groups.
    expect(test.observed.reduce((a, b) => a + b)).toBeCloseTo(
      test.expected.reduce((a, b) => a + b),
      9,
    );
  });

  test('groups drawn from one curve: the p-values are spread like a uniform (about 5% below 0.05)', () => {
    let below = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const sim = simulateCox({ n: 300, beta: [0], seed, resolution: 1 });
      const group = Int32Array.from({ length: 300 }, (_, i) => i % 3);
      if (logRank(sim.time, sim.event, group).p < 0.05) below++;
    }
    expect(below).toBeGreaterThanOrEqual(3);
    expect(below).toBeLessThanOrEqual(20);
  });

  test('stratified: sums over strata; rows with group −1 are left out', () => {
    const sim = simulateCox({ n: 2000, beta: [0.5], seed: 4, strata: 2, resolution: 1 });
    const group = Int32Array.from({ length: 2000 }, (_, i) => sim.X[i]);
    const whole = logRank(sim.time, sim.event, group, sim.strata);
    const parts = [0, 1].map((s) =>
      logRank(
        sim.time,
        sim.event,
        Int32Array.from(group, (g, i) => (sim.strata[i] === s ? g : -1)),
      ),
    );
    expect(whole.observed[0]).toBe(parts[0].observed[0] + parts[1].observed[0]);
    expect(whole.expected[0]).toBeCloseTo(parts[0].expected[0] + parts[1].expected[0], 9);
    expect(whole.p).toBeLessThan(1e-6);
  });
});

describe('presorted rows (a caller curving many subsets sorts once)', () => {
  test('give the same curve and test as unsorted rows, ties included', () => {
    // Whole-month times: many ties of events and censorings at one time.
    const n = 2_000;
    const time = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 37);
    const event = Float64Array.from({ length: n }, (_, i) => ((i * 31) % 5 < 2 ? 1 : 0));
    const group = Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : i % 3));
    const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a] - time[b]);
    const sTime = Float64Array.from(order, (i) => time[i]);
    const sEvent = Float64Array.from(order, (i) => event[i]);
    const sGroup = Int32Array.from(order, (i) => group[i]);
    for (let g = 0; g < 3; g++) {
      const rows = [...group.keys()].filter((i) => group[i] === g);
      const sRows = [...sGroup.keys()].filter((i) => sGroup[i] === g);
      expect(kaplanMeier(sTime, sEvent, sRows, true)).toEqual(kaplanMeier(time, event, rows));
    }
    const sorted = logRank(sTime, sEvent, sGroup, undefined, true);
    const plain = logRank(time, event, group);
    expect(sorted.observed).toEqual(plain.observed);
    sorted.expected.forEach((e, a) => expect(e).toBeCloseTo(plain.expected[a], 9));
    expect(sorted.chisq).toBeCloseTo(plain.chisq, 9);
  });
});

describe('a curve kept to a few points', () => {
  test('keeps every k-th point and the last, with the medians of the whole curve', () => {
    // Continuous times: one point per event; medians read off every point, not the kept ones.
    const n = 5_000;
    const time = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 4999) / 37);
    const event = Float64Array.from({ length: n }, (_, i) => ((i * 31) % 5 < 3 ? 1 : 0));
    const whole = kaplanMeier(time, event);
    const few = kaplanMeier(time, event, undefined, false, 120);
    const every = Math.ceil(whole.points.length / 120);
    expect(every).toBeGreaterThan(1);
    expect(few.points).toEqual(whole.points.filter((_, i) => i % every === 0 || i === whole.points.length - 1));
    expect(few.points.length).toBeLessThanOrEqual(121);
    expect([few.n, few.events, few.median, few.medianLower, few.medianUpper]).toEqual([
      whole.n,
      whole.events,
      whole.median,
      whole.medianLower,
      whole.medianUpper,
    ]);
    expect(whole.median).not.toBeNull();
  });
});
