// Every job Tenure runs. A domain adds its jobs here.
import { z } from 'zod';
import { purgeExpired } from '../modules/auth/index.ts';
import { defineJob, type JobDefinition } from './registry.ts';

const PURGE_BATCH = 5_000;

export const purgeExpiredCredentials = defineJob({
  name: 'auth.purge-expired',
  schema: z.object({}).strict(),
  cron: '17 * * * *',
  handler: async (_payload, ctx) => {
    const now = ctx.now();
    const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
    // Bounded batches: a backlog drains over several runs instead of one long lock.
    const removed = await purgeExpired(ctx.db, now, dayAgo, PURGE_BATCH);
    ctx.log.info(removed, 'purged expired sessions and old login failures');
  },
});

export const jobDefinitions: JobDefinition[] = [purgeExpiredCredentials as JobDefinition];
