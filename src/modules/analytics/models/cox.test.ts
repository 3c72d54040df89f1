// Cox proportional hazards: the published fits of the Freireich/Gehan leukaemia data with Efron
// (R) and Breslow (Stata) ties, recovery of known hazard ratios from seeded simulations (also
// stratified), and Harrell's C against its pairwise definition.
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../../lib/random.ts';
import { harrellC } from './concordance.ts';
import { coxLinearPredictor, fitCox } from './cox.ts';
import { ModelInputError } from './rows.ts';
import { gehan, simulateCox } from './survival-data.testing.ts';

const gehanData = { time: gehan.time, event: gehan.event, X: Float64Array.from(gehan.treated), p: 1 };

describe('Cox on the 6-MP leukaemia remission data (Freireich 1963 / Gehan 1965)', () => {
  test('Efron ties reproduce R coxph', () => {
    // G. Rodríguez, "Cox regression analysis of the Gehan data" (Princeton WWS 509 survival notes,
    // grodri.github.io/survival/gehancox), R output of coxph(Surv(weeks, relapse) ~ treated):
    // coef −1.5721, exp(coef) 0.2076, se(coef) 0.4124, z −3.812, p 0.000138.
    const fit = fitCox(gehanData);
    expect(fit.converged, fit.reason).toBe(true);
    expect(fit.coef[0].toFixed(4)).toBe('-1.5721');
    expect(fit.hazardRatio[0].toFixed(4)).toBe('0.2076');
    expect(fit.se[0].toFixed(4)).toBe('0.4124');
    expect((fit.coef[0] / fit.se[0]).toFixed(3)).toBe('-3.812');
    expect(fit.pValue[0].toPrecision(3)).toBe('0.000138');
    expect(fit.n).toBe(42);
    expect(fit.events).toBe(30);
  });

  test('Breslow ties reproduce Stata stcox', () => {
    // Same source, Stata output of `stcox treated` (Breslow method for ties): log likelihood
    // −86.379622 (−93.98505 at iteration 0), LR chi2(1) 15.21, hazard ratio .2210887, std. err.
    // .0905501, 95% CI .0990706 to .4933877.
    const fit = fitCox(gehanData, { ties: 'breslow' });
    expect(fit.logLikelihood.toFixed(6)).toBe('-86.379622');
    expect(fit.nullLogLikelihood.toFixed(5)).toBe('-93.98505');
    expect(fit.likelihoodRatio.chisq.toFixed(2)).toBe('15.21');
    expect(fit.hazardRatio[0].toFixed(7)).toBe('0.2210887');
    // Stata reports the delta-method SE of the hazard ratio, HR × SE(β).
    expect((fit.hazardRatio[0] * fit.se[0]).toFixed(7)).toBe('0.0905501');
    expect([fit.lower[0].toFixed(7), fit.upper[0].toFixed(7)]).toEqual(['0.0990706', '0.4933877']);
  });

  test("Harrell's C matches its pairwise definition", () => {
    const fit = fitCox(gehanData);
    const risk = coxLinearPredictor(fit, gehanData.X);
    expect(harrellC(gehan.time, gehan.event, risk).concordance).toBeCloseTo(
      bruteForceC(gehan.time, gehan.event, risk),
      12,
    );
  });
});

/** Harrell's C by enumerating every pair, with the comparability rules of concordance.ts. */
function bruteForceC(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  risk: ArrayLike<number>,
  strata?: ArrayLike<number>,
): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < time.length; i++) {
    if (!event[i]) continue;
    for (let j = 0; j < time.length; j++) {
      if (i === j || (strata && strata[i] !== strata[j])) continue;
      const comparable = time[i] < time[j] || (time[i] === time[j] && !event[j]);
      if (!comparable) continue;
      den++;
      num += risk[i] > risk[j] ? 1 : risk[i] === risk[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

describe('Cox recovers known hazard ratios', () => {
  test('20,000 seeded rows with tied monthly times: each true β inside its 95% interval, a null covariate not significant', () => {
    const beta = [0.7, -0.4, 0.25, 0];
    const sim = simulateCox({ n: 20_000, beta, seed: 17, resolution: 1 });
    const fit = fitCox(sim);
    expect(fit.converged, fit.reason).toBe(true);
    beta.forEach((b, j) => {
      expect(Math.exp(b), `covariate ${j}`).toBeGreaterThan(fit.lower[j]);
      expect(Math.exp(b), `covariate ${j}`).toBeLessThan(fit.upper[j]);
    });
    expect(fit.pValue[0]).toBeLessThan(1e-10);
    expect(fit.pValue[3]).toBeGreaterThan(0.01);
    // Breslow's approximation is biased towards 0 with this many ties; Efron much less so.
    const breslow = fitCox(sim, { ties: 'breslow' });
    expect(Math.abs(breslow.coef[0] - 0.7)).toBeGreaterThan(Math.abs(fit.coef[0] - 0.7));
  });

  test('stratified: strata with their own baseline hazards share one β, recovered within its CIs; ignoring the strata attenuates it', () => {
    const beta = [0.5, 0.3];
    const sim = simulateCox({ n: 30_000, beta, seed: 5, strata: 3, resolution: 0.5 });
    const stratified = fitCox(sim);
    expect(stratified.converged, stratified.reason).toBe(true);
    beta.forEach((b, j) => {
      expect(Math.exp(b)).toBeGreaterThan(stratified.lower[j]);
      expect(Math.exp(b)).toBeLessThan(stratified.upper[j]);
    });
    // A hazard that differs by stratum, left out, pulls β towards 0 (the Cox model is not
    // collapsible) even though the strata are independent of the covariates.
    const fit = fitCox({ ...sim, strata: undefined });
    beta.forEach((b, j) => expect(Math.abs(fit.coef[j])).toBeLessThan(Math.abs(stratified.coef[j])));
    // The stratified partial likelihood compares rows within a stratum only: a different, smaller value.
    expect(stratified.logLikelihood).toBeGreaterThan(fit.logLikelihood);
    const risk = coxLinearPredictor(stratified, sim.X);
    const sample = Array.from({ length: 1500 }, (_, i) => i * 20);
    const pick = <T extends ArrayLike<number>>(a: T) => sample.map((i) => a[i]);
    expect(harrellC(pick(sim.time), pick(sim.event), pick(risk), pick(sim.strata)).concordance).toBeCloseTo(
      bruteForceC(pick(sim.time), pick(sim.event), pick(risk), pick(sim.strata)),
      12,
    );
  });

  test("Harrell's C with heavy ties in time and risk equals the pairwise count", () => {
    const rng = seededRng(3);
    const n = 800;
    const time = Array.from({ length: n }, () => Math.ceil(rng() * 12));
    const event = Array.from({ length: n }, () => (rng() < 0.6 ? 1 : 0));
    const risk = Array.from({ length: n }, () => Math.floor(rng() * 5));
    expect(harrellC(time, event, risk).concordance).toBeCloseTo(bruteForceC(time, event, risk), 12);
  });
});

describe('Cox refuses what it cannot fit', () => {
  test('no events, bad times or events, collinear covariates, a covariate that orders the events perfectly', () => {
    expect(() => fitCox({ time: [1, 2], event: [0, 0], X: Float64Array.from([1, 0]), p: 1 })).toThrow(/no events/);
    expect(() => fitCox({ time: [1, -2], event: [1, 0], X: Float64Array.from([1, 0]), p: 1 })).toThrow(ModelInputError);
    expect(() => fitCox({ time: [1, 2], event: [1, 2], X: Float64Array.from([1, 0]), p: 1 })).toThrow(
      /event must be 0 or 1/,
    );
    const collinear = fitCox({
      time: gehan.time,
      event: gehan.event,
      X: Float64Array.from(gehan.treated.flatMap((t) => [t, 2 * t])),
      p: 2,
    });
    expect(collinear.converged).toBe(false);
    expect(collinear.reason).toMatch(/collinear/);
    // Everyone with x = 1 relapses before anyone with x = 0: the partial likelihood rises for ever.
    const perfect = fitCox({
      time: [1, 2, 3, 4, 5, 6],
      event: [1, 1, 1, 1, 1, 1],
      X: Float64Array.from([1, 1, 1, 0, 0, 0]),
      p: 1,
    });
    expect(perfect.converged).toBe(false);
    expect(perfect.reason).toMatch(/infinite coefficient/);
  });
});
