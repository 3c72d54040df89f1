// The fit's last evaluations shared with a reading thread, when that thread is late: this thread
// makes them itself, the same answers, and makes every later one itself too (a late answer must
// not be taken for the next points'). The thread here is the real answerer, in this thread, whose
// points message is dropped (a thread that never answers); analytics.clv-summary-read.test.ts
// covers the real worker answering.
import { describe, expect, test } from 'vitest';
import {
  createPointAnswerer,
  evaluateBeside,
  type LikelihoodMessage,
  type PointsMessage,
} from './analytics.clv-evaluate.ts';
import { bgnbdLogLikelihood } from './models/bgnbd.ts';
import { evaluateHere } from './models/fit.ts';
import { compress } from './models/rows.ts';
import { purchasePoints } from './models/testing.ts';

describe('evaluateBeside', () => {
  test('a thread that does not answer in time: the points are made here, and every later one', () => {
    const n = 3000;
    const rows = compress({
      x: Array.from({ length: n }, (_, i) => i % 5),
      tx: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : (i % 37) / 7)),
      T: Array.from({ length: n }, (_, i) => (i % 37) / 7 + (i % 11)),
    });
    const answerer = createPointAnswerer();
    const told: string[] = [];
    const tell = (m: LikelihoodMessage | PointsMessage) => {
      told.push(m.kind);
      if (m.kind === 'likelihood') answerer.likelihood(m); // ready; its points are never answered
    };
    const evaluateAll = evaluateBeside(tell, 'bgnbd', rows);
    expect(evaluateAll.ready()).toBe(true);
    const logLik = bgnbdLogLikelihood(rows);
    const points = purchasePoints();
    const started = performance.now();
    expect(evaluateAll(points, logLik)).toEqual(evaluateHere(points, logLik));
    // It waited for the thread (a second at least), then made the thread's share here.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(told).toEqual(['likelihood', 'points']);
    expect(evaluateAll.answeredBeside()).toBe(0);
    // From now on nothing is sent: the thread's late answer could be taken for the next points'.
    expect(evaluateAll(points, logLik)).toEqual(evaluateHere(points, logLik));
    expect(told).toEqual(['likelihood', 'points']);
  });
});
