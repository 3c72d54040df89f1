import { describe, expect, test } from 'vitest';
import { seededRng } from '../../../lib/random.ts';
import { expectedSpend } from './gamma-gamma.ts';
import {
  discountedClv,
  discountedExpectedPurchases,
  expectedByPeriod,
  expectedPurchases,
  predictCustomers,
  probabilityAlive,
  type PurchaseModel,
} from './predict.ts';
import { simulateBgNbd, simulateGammaGamma } from './simulate.ts';

const bgnbd: PurchaseModel = { model: 'bgnbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
const pnbd: PurchaseModel = { model: 'pnbd', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } };
const spend = { params: { p: 6.25, q: 3.74, gamma: 15.44 } };

describe('predictions and CLV', () => {
  test('discounted CLV = margin × expected spend × Σ purchases in period k / (1+d)^k', () => {
    const c = { x: 4, tx: 30, T: 39, monetary: 35 };
    for (const fit of [bgnbd, pnbd]) {
      const byPeriod = expectedByPeriod(fit, c, 52);
      let det = 0;
      byPeriod.forEach((v, k) => (det += v / 1.01 ** (k + 1)));
      expect(discountedExpectedPurchases(fit, c, { horizon: 52, discountRate: 0.01 })).toBeCloseTo(det, 12);
      expect(discountedClv(fit, spend, c, { horizon: 52, discountRate: 0.01, margin: 0.3 })).toBeCloseTo(
        0.3 * expectedSpend(spend.params, 4, 35) * det,
        10,
      );
      // No discounting: the discounted sum is the plain expectation over the horizon.
      expect(discountedExpectedPurchases(fit, c, { horizon: 52, discountRate: 0 })).toBeCloseTo(
        expectedPurchases(fit, c, 52),
        12,
      );
    }
  });

  test('predictCustomers gives every customer the same numbers as the one-customer functions', () => {
    const data = simulateBgNbd(bgnbd.params as never, 2000, (i) => 20 + (i % 20), seededRng(1));
    const monetary = simulateGammaGamma(spend.params, data.x, seededRng(2));
    for (const fit of [bgnbd, pnbd]) {
      const out = predictCustomers(fit, spend, { ...data, monetary }, { horizon: 26, discountRate: 0.02, margin: 0.5 });
      for (const i of [0, 7, 99, 1234, 1999]) {
        const c = { x: data.x[i], tx: data.tx[i], T: data.T[i], monetary: monetary[i] };
        expect(out.expectedPurchases[i]).toBeCloseTo(expectedPurchases(fit, c, 26), 12);
        expect(out.probabilityAlive[i]).toBeCloseTo(probabilityAlive(fit, c), 12);
        expect(out.expectedSpend[i]).toBeCloseTo(expectedSpend(spend.params, c.x, c.monetary), 10);
        expect(out.clv[i]).toBeCloseTo(
          discountedClv(fit, spend, c, { horizon: 26, discountRate: 0.02, margin: 0.5 }),
          8,
        );
      }
      const noSpend = predictCustomers(fit, null, data, { horizon: 26, discountRate: 0.02 });
      expect(noSpend.clv[0]).toBeNaN();
      expect(noSpend.expectedSpend[0]).toBeNaN();
    }
  });
});
