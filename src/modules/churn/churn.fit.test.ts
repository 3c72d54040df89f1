// The churn fit from a worker thread, in its two parts (logistic, then Cox), equals the fit on this
// thread: the same card (AUCs, odds ratios, Cox hazard ratios), model and flag, on simulated rows.
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../lib/random.ts';
import { fitInWorker, type FitRequest } from './churn.fit.ts';
import { fitChurnModel } from './churn.model.ts';

function simulated(n: number): FitRequest {
  const rng = seededRng(5);
  const p = 3;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  const time = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tenure = rng() * 48;
    const invoice = rng() < 0.4 ? 1 : 0;
    const value = 20 + rng() * 80;
    X.set([tenure, invoice, value], i * p);
    const logit = -0.5 - 0.04 * tenure + 0.8 * invoice + 0.005 * value;
    y[i] = rng() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    time[i] = y[i] ? Math.max(rng() * 6, 1e-6) : 6;
  }
  return {
    data: {
      X,
      y,
      time,
      columns: [
        { code: 'tenure_months', step: 12 },
        { code: 'payment_method', level: 'invoice', reference: 'card', step: 1 },
        { code: 'monthly_value_minor', step: 1 },
      ],
    },
    options: { folds: 5, seed: 17, l2: 1, minAucLift: 0 },
  };
}

describe('fitInWorker', () => {
  test('fits in a worker thread and hands back the same fit as this thread', async () => {
    const request = simulated(3_000);
    let where = '';
    const parts = fitInWorker(request, { workerFrom: 0, ran: (w) => (where = w) });
    const fit = await parts.logistic;
    expect(where).toBe('worker');
    expect(fit.card.cox).toBeNull();
    fit.card.cox = await parts.cox;
    const here = fitChurnModel(request.data, request.options);
    expect(here.card.cox!.hazardRatios).toHaveLength(3);
    expect(fit).toEqual(here);
    expect(fit.flag).toBeNull();
    expect(fit.card.auc!.mean).toBeGreaterThan(fit.card.baseline!.auc.mean);
  });

  test('fits on this thread below the size a thread pays for', async () => {
    let where = '';
    const request = simulated(200);
    const parts = fitInWorker(request, { ran: (w) => (where = w) });
    const fit = { ...(await parts.logistic) };
    fit.card = { ...fit.card, cox: await parts.cox };
    expect(fit).toEqual(fitChurnModel(request.data, request.options));
    expect(where).toBe('here');
  });
});
