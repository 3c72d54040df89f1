// Owns what a job is: a name, a zod-validated payload, an optional cron schedule and an
// idempotent handler. Handlers get their side effects as arguments, like services.
import type { z } from 'zod';
import type { Deps } from '../deps.ts';

/** `signal` aborts when the worker is stopping: long handlers stop between batches. */
export type JobContext = Deps & { jobId: string; signal: AbortSignal };

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  /** Cron expression (UTC); the job queue fires it once per tick however many workers run. */
  cron?: string;
  /** Payload for the scheduled runs. */
  cronPayload?: z.input<S>;
  /**
   * A pump instead of a queued job: every worker runs it every `every(config)` seconds
   * (sub-minute, which cron cannot do), and again at once while it reports `more`. Only for
   * handlers that are safe to run on any number of workers at once (claims with SKIP LOCKED).
   */
  every?: (config: Deps['config']) => number;
  /** Attempts before a job is marked failed. */
  retryLimit?: number;
  /** How long one run may take before the queue presumes its worker dead (default 15 min). */
  expireInSeconds?: number;
  /** Jobs a worker takes per poll (default 10); 1 for long jobs, so one does not hold up others. */
  batchSize?: number;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<void | { more: boolean }>;
};

export const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> => definition;
