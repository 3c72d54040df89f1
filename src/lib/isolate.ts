// Owns finding the bad items of a failed batch, so one bad row never stops a job queue: the
// batch's items are tried again in halves (each half its own transaction, in the caller's
// `attempt`), down to single items; the rest go through, and each item that still fails on its
// own goes to `onFailure` (log it, record it, set it aside). With k bad items among n this costs
// about 2·k·log2(n) extra attempts, and nothing at all while nothing fails.

export async function isolateFailures<T>(
  items: readonly T[],
  attempt: (piece: T[]) => Promise<void>,
  onFailure: (item: T, err: unknown) => Promise<void>,
): Promise<void> {
  if (items.length === 0) return;
  try {
    await attempt([...items]);
  } catch (err) {
    if (items.length === 1) return onFailure(items[0], err);
    const half = Math.ceil(items.length / 2);
    await isolateFailures(items.slice(0, half), attempt, onFailure);
    await isolateFailures(items.slice(half), attempt, onFailure);
  }
}
