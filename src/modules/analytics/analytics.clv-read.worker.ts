// The worker thread of readTransactionCsv (analytics.clv-read.ts) and readSummaryCsv
// (analytics.clv-summary-read.ts): reads the second half of a large transaction log into columns,
// or into its customers' summaries, and hands them back (moved, not copied); after a summary, it
// fits the spend model if asked (beside the main thread's purchase fit), makes a share of the
// purchase fit's last evaluations (analytics.clv-evaluate.ts) and works out the purchase model's
// error on the holdout beside the rest of them. Any failure is reported as `failed`: the main
// thread then reads that half itself, or does that work itself, and reports any error.
import { parentPort, workerData } from 'node:worker_threads';
import { type HalfRead, readHalf } from './analytics.clv-read.ts';
import { createPointAnswerer, type LikelihoodMessage, type PointsMessage } from './analytics.clv-evaluate.ts';
import { type HoldoutMessage, readHalfSummary, type SpendMessage } from './analytics.clv-summary-read.ts';
import { holdoutError } from './models/fit-quality.ts';
import { fitGammaGamma } from './models/gamma-gamma.ts';

try {
  const h = workerData as HalfRead;
  if (h.summary) {
    const half = await readHalfSummary({ ...h, summary: h.summary });
    const { part } = half;
    const moved = [
      part.customerOf,
      part.x,
      part.tx,
      part.T,
      part.monetary,
      part.firstDay,
      part.holdoutX,
      part.groupOf,
      part.groupKeys,
      part.groupFirst,
      half.arena,
      half.offsets,
    ];
    parentPort!.postMessage(half, [...new Set(moved.map((a) => a.buffer))] as ArrayBuffer[]);
    // Then, as asked: the spend model's fit while the main thread fits the purchase model, a
    // share of that fit's last evaluations, and the holdout's error.
    const answerer = createPointAnswerer();
    parentPort!.on('message', (m: SpendMessage | HoldoutMessage | LikelihoodMessage | PointsMessage) => {
      try {
        if (m.kind === 'likelihood') answerer.likelihood(m);
        else if (m.kind === 'points') answerer.points(m);
        else if (m.kind === 'holdout') parentPort!.postMessage(holdoutError(m.fit, m.summary, m.rows));
        else parentPort!.postMessage(fitGammaGamma(m.data));
      } catch (err) {
        // A question asked is answered, if only with its failure (the main thread then does it).
        if (m.kind === 'spend' || m.kind === 'holdout') parentPort!.postMessage({ failed: (err as Error).message });
      }
    });
  } else {
    const half = await readHalf(h);
    const moved = [half.customer.buffer, half.day.buffer, ...(half.amount ? [half.amount.buffer] : [])];
    parentPort!.postMessage(half, moved as ArrayBuffer[]);
  }
} catch (err) {
  parentPort!.postMessage({ failed: (err as Error).message });
}
