// The life of a queued run (a churn model run, an affinity run): claim it (another worker may have
// it already), execute it, and on failure record the error on the run before rethrowing. Each
// domain keeps its own table; the claim and finish SQL they share is db/runs.ts. This is the shape.

export type RunSteps<R> = {
  /** Takes the queued run; false when another worker already has it. */
  claim: () => Promise<boolean>;
  find: () => Promise<R | undefined>;
  /** Marks the run failed with this message. */
  fail: (error: string) => Promise<void>;
};

/** The run as it ended, or null when another worker took it. A failure is recorded, then rethrown. */
export async function executeClaimedRun<R>(steps: RunSteps<R>, execute: (run: R) => Promise<void>): Promise<R | null> {
  if (!(await steps.claim())) return null;
  const run = (await steps.find()) as R;
  try {
    await execute(run);
  } catch (err) {
    await steps.fail(err instanceof Error ? err.message.slice(0, 1000) : String(err));
    throw err;
  }
  return (await steps.find()) as R;
}
