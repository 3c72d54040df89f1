// The curves by segment from a worker thread equal those made on this thread (every segment kind,
// medians, bands and log-rank tests), on simulated survival records with missing labels and terms.
import { describe, expect, test } from 'vitest';
import { seededRng } from '../../lib/random.ts';
import { type SegmentRecords, segmentKinds, survivalBySegments } from './churn.curves.ts';
import { survivalInWorker } from './churn.survival.ts';

function records(n: number): SegmentRecords {
  const rng = seededRng(9);
  const months = new Float64Array(n);
  const cancelled = new Float64Array(n);
  const term_months = new Float64Array(n);
  const plan: string[] = [];
  const payment_method: (string | null)[] = [];
  const tier: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const invoice = rng() < 0.4;
    months[i] = rng() * (invoice ? 20 : 40);
    cancelled[i] = rng() < 0.6 ? 1 : 0;
    term_months[i] = rng() < 0.2 ? NaN : rng() < 0.5 ? 12 : 1;
    plan.push(rng() < 0.5 ? 'basic' : 'plus');
    payment_method.push(rng() < 0.1 ? null : invoice ? 'invoice' : 'card');
    tier.push(rng() < 0.3 ? null : 'gold');
  }
  return { n, num: { months, cancelled, term_months }, plan, payment_method, tier };
}

describe('survivalInWorker', () => {
  test('makes the curves in a worker thread, the same as this thread', async () => {
    const t = records(3_000);
    let where = '';
    const curves = await survivalInWorker(t, segmentKinds, { workerFrom: 0, ran: (w) => (where = w) });
    expect(where).toBe('worker');
    expect(curves).toEqual(survivalBySegments(t, segmentKinds));
    const byPayment = curves.find((c) => c.by === 'payment_method')!;
    expect(byPayment.segments.map((s) => s.segment).sort()).toEqual(['card', 'invoice', 'unknown']);
    expect(byPayment.logRank!.p).toBeLessThan(0.001);
  });

  test('makes them here below the size a thread pays for', async () => {
    let where = '';
    const t = records(500);
    expect(await survivalInWorker(t, segmentKinds, { ran: (w) => (where = w) })).toEqual(
      survivalBySegments(t, segmentKinds),
    );
    expect(where).toBe('here');
  });
});
