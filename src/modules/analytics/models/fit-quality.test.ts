import { describe, expect, test } from 'vitest';
import { cdnowMissing, cdnowTransactions } from '../../../../test/support/cdnow.ts';
import { seededRng } from '../../../lib/random.ts';
import { fitBgNbd } from './bgnbd.ts';
import { holdoutError, trackingSeries } from './fit-quality.ts';
import { fitParetoNbd } from './pnbd.ts';
import { unconditionalExpected } from './predict.ts';
import { paretoNbdPurchaseTimes } from './simulate.ts';
import { calibrationHoldout, createLogBuilder, logFromTransactions } from './summary.ts';

describe('tracking series', () => {
  test('predicted cumulative is the sum of E[X(age)] over customers; actual counts repeat days per period', () => {
    const log = logFromTransactions([
      { customerId: 'a', date: '2024-01-01' },
      { customerId: 'a', date: '2024-01-03' },
      { customerId: 'a', date: '2024-01-03' },
      { customerId: 'a', date: '2024-01-09' },
      { customerId: 'b', date: '2024-01-05' },
      { customerId: 'b', date: '2024-01-20' },
      { customerId: 'c', date: '2024-01-12' }, // acquired after the calibration end: not tracked
      { customerId: 'c', date: '2024-01-13' },
    ]);
    const model = { model: 'pnbd' as const, params: { r: 1, alpha: 10, s: 1, beta: 10 } };
    const points = trackingSeries(log, model, { calibrationEnd: '2024-01-07', periodDays: 7 });
    expect(points.map((p) => p.actual)).toEqual([1, 1, 1]);
    expect(points.map((p) => p.holdout)).toEqual([false, true, true]);
    expect(points.at(-1)!.end).toBe('2024-01-20');
    const expected = unconditionalExpected(model, 19 / 7) + unconditionalExpected(model, 15 / 7);
    expect(points.at(-1)!.predictedCumulative).toBeCloseTo(expected, 12);
    expect(points.reduce((s, p) => s + p.predicted, 0)).toBeCloseTo(expected, 12);
  });

  test('on simulated data the model tracks the actual transactions and beats the naive baseline', () => {
    const truth = { r: 0.55, alpha: 10.5, s: 0.6, beta: 12 };
    const rng = seededRng(3);
    const builder = createLogBuilder({ amounts: false });
    const start = 19_000;
    const times: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const first = start + Math.floor(rng() * 84);
      builder.add(`c${i}`, first);
      for (const t of paretoNbdPurchaseTimes(truth, (start + 546 - first) / 7, rng, times))
        builder.add(`c${i}`, first + Math.floor(t * 7));
    }
    const log = builder.build();
    const calibrationEnd = start + 272;
    const summary = calibrationHoldout(log, { calibrationEnd, holdoutEnd: start + 545, periodDays: 7 });
    const fit = fitParetoNbd(summary);
    const points = trackingSeries(log, fit, { calibrationEnd, periodDays: 7, end: start + 545 });
    const last = points.at(-1)!;
    expect(Math.abs(last.predictedCumulative - last.actualCumulative) / last.actualCumulative).toBeLessThan(0.05);
    const error = holdoutError(fit, summary);
    expect(error.model.mae).toBeLessThan(error.baseline.mae);
    expect(error.model.rmse).toBeLessThan(error.baseline.rmse);
    expect(Math.abs(error.predictedTotal - error.actualTotal) / error.actualTotal).toBeLessThan(0.05);
  });

  test('holdoutError needs a summary with a holdout', () => {
    const summary = calibrationHoldout([{ customerId: 'a', date: '2024-01-01' }], {
      calibrationEnd: '2024-01-07',
      holdoutEnd: '2024-01-14',
    });
    expect(() =>
      holdoutError({ model: 'pnbd', params: { r: 1, alpha: 1, s: 1, beta: 1 } }, { ...summary, holdoutX: null }),
    ).toThrow(/no holdout/);
  });
});

const transactions = cdnowTransactions();
describe.skipIf(!transactions)(
  transactions ? 'fit quality on CDNOW (39 weeks calibration, 39 weeks holdout)' : cdnowMissing,
  () => {
    test('the tracking series matches the calibration summary and both models beat the naive baseline', () => {
      const summary = calibrationHoldout(transactions!, {
        calibrationEnd: '1997-09-30',
        holdoutEnd: '1998-06-30',
        periodDays: 7,
      });
      const log = logFromTransactions(transactions!);
      for (const fit of [fitBgNbd(summary), fitParetoNbd(summary)]) {
        const points = trackingSeries(log, fit, { calibrationEnd: '1997-09-30', periodDays: 7 });
        expect(points).toHaveLength(78);
        const calibration = points.filter((p) => !p.holdout);
        expect(calibration).toHaveLength(39);
        expect(calibration.at(-1)!.actualCumulative).toBe(summary.x.reduce((a, b) => a + b, 0));
        expect(points.at(-1)!.actualCumulative - calibration.at(-1)!.actualCumulative).toBe(
          summary.holdoutX.reduce((a, b) => a + b, 0),
        );
        // Within 5% over the 78 weeks (Fader, Hardie & Lee's tracking plot shows the same fit).
        expect(Math.abs(points.at(-1)!.predictedCumulative / points.at(-1)!.actualCumulative - 1)).toBeLessThan(0.05);
        const error = holdoutError(fit, summary);
        expect(error.holdoutPeriods).toBe(39);
        expect(error.model.mae).toBeLessThan(error.baseline.mae);
        expect(error.model.rmse).toBeLessThan(error.baseline.rmse);
      }
    });
  },
);
