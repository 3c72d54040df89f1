// The worker thread of readTransactionCsv (analytics.clv-read.ts) and readSummaryCsv
// (analytics.clv-summary-read.ts): reads the second half of a large transaction log into columns,
// or into its customers' summaries, and hands them back (moved, not copied); after a summary, it
// fits the spend model if asked (beside the main thread's purchase fit). Any failure is
// reported as `failed`: the main thread then reads that half itself and reports the error.
import { parentPort, workerData } from 'node:worker_threads';
import { type HalfRead, readHalf } from './analytics.clv-read.ts';
import { readHalfSummary } from './analytics.clv-summary-read.ts';
import { fitGammaGamma, type SpendData } from './models/gamma-gamma.ts';

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
    ];
    parentPort!.postMessage(half, [...new Set(moved.map((a) => a.buffer))] as ArrayBuffer[]);
    // Then, if asked, the spend model's fit while the main thread fits the purchase model.
    parentPort!.once('message', (data: SpendData) => {
      try {
        parentPort!.postMessage(fitGammaGamma(data));
      } catch (err) {
        parentPort!.postMessage({ failed: (err as Error).message });
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
