// Owns the Kaplan–Meier curves by segment off the main thread. Once the book's current read is in,
// this thread scores and writes the risks while the second core is mostly idle (the fit is done
// by then); the curves (about 1.5 CPU s at a million contracts) run there in a worker thread. The
// records are copied to it (three number columns and three label columns), so whenever the thread
// cannot start or fails, the curves are made here instead: the same curves either way.
import { startWorker } from '../../lib/worker-entry.ts';
import { type SegmentKind, type SegmentRecords, type SurvivalBySegment, survivalBySegments } from './churn.curves.ts';

export type SurvivalRequest = { records: SegmentRecords; kinds: readonly SegmentKind[] };
type Message = { survival: SurvivalBySegment[] } | { failed: string };

/** Below this many records the thread costs more to start than it saves. */
const workerFrom = 200_000;

/** Only what the curves read of a survival table (a copy goes to the thread). */
const recordsOf = (t: SegmentRecords): SegmentRecords => ({
  n: t.n,
  num: { months: t.num.months, cancelled: t.num.cancelled, term_months: t.num.term_months },
  plan: t.plan,
  payment_method: t.payment_method,
  tier: t.tier,
});

/** `survivalBySegments` from a worker thread, or from this one. `ran` tells where. */
export function survivalInWorker(
  t: SegmentRecords,
  kinds: readonly SegmentKind[],
  o: { workerFrom?: number; ran?: (where: 'worker' | 'here') => void } = {},
): Promise<SurvivalBySegment[]> {
  const here = () => {
    o.ran?.('here');
    return survivalBySegments(t, kinds);
  };
  if (t.n < (o.workerFrom ?? workerFrom)) return Promise.resolve().then(here);
  const request: SurvivalRequest = { records: recordsOf(t), kinds };
  const worker = startWorker(
    import.meta.url,
    { source: './churn.survival.worker.ts', bundle: 'tenure-churn-survival.mjs' },
    request,
  );
  if (!worker) return Promise.resolve().then(here);
  return new Promise<SurvivalBySegment[] | null>((resolve) => {
    worker.once('message', (m: Message) => resolve('survival' in m ? m.survival : null));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  }).then((survival) => {
    void worker.terminate();
    if (!survival) return here();
    o.ran?.('worker');
    return survival;
  });
}
