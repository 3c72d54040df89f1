// The worker thread of readTransactionCsv (analytics.clv-read.ts): reads the second half of a
// large transaction log into columns and hands them back (moved, not copied). Any failure is
// reported as `failed`: the main thread then reads that half itself and reports the error.
import { parentPort, workerData } from 'node:worker_threads';
import { type HalfRead, readHalf } from './analytics.clv-read.ts';

try {
  const half = await readHalf(workerData as HalfRead);
  const moved = [half.customer.buffer, half.day.buffer, ...(half.amount ? [half.amount.buffer] : [])];
  parentPort!.postMessage(half, moved as ArrayBuffer[]);
} catch (err) {
  parentPort!.postMessage({ failed: (err as Error).message });
}
