// Owns what a job is: a name, a zod-validated payload, an optional cron schedule and an
// idempotent handler. Handlers get their side effects as arguments, like services.
import type { z } from 'zod';
import type { Deps } from '../deps.ts';

export type JobContext = Deps & { jobId: string };

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  /** Cron expression (UTC); the job queue fires it once per tick however many workers run. */
  cron?: string;
  /** Payload for the scheduled runs. */
  cronPayload?: z.input<S>;
  /** Attempts before a job is marked failed. */
  retryLimit?: number;
  handler: (payload: z.output<S>, ctx: JobContext) => Promise<void>;
};

export const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> => definition;
