// Every job Tenure runs. A domain adds its jobs here.
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { purgeExpired, sendDuePasswordResets } from '../modules/auth/index.ts';
import {
  createSenders,
  enqueueFromEvents,
  type Senders,
  sendDueNotifications,
} from '../modules/notifications/index.ts';
import { deliverDueWebhooks, dispatchWebhookEvents, purgeOldDeliveries } from '../modules/webhooks/index.ts';
import { sweepSla } from '../modules/complaints/index.ts';
import { purgeExpiredAudit } from '../modules/audit/index.ts';
import { purgeRateLimits } from '../modules/ratelimit/index.ts';
import { RUN_IMPORT_JOB } from '../modules/imports/index.ts';
import { runUploadedImport, sweepStalledImports } from '../workflows/uploaded-import.ts';
import { runExpiry, runRequalification, workspacesWithPrograms } from '../modules/loyalty/index.ts';
import { runLoyaltyEarning, runLoyaltyEarningEverywhere } from '../workflows/loyalty-earning.ts';
import { SCORE_JOB, workspacesWithCustomers } from '../modules/analytics/index.ts';
import { executeQueuedRun, scoreWorkspace } from '../workflows/score-customers.ts';
import { CHURN_RUN_JOB, executeChurnRun, runChurnNow } from '../modules/churn/index.ts';
import { AFFINITY_RUN_JOB, executeAffinityRun, runScheduledAffinity } from '../modules/affinity/index.ts';
import { runSurveyWork } from '../modules/surveys/index.ts';
import { surveyMoments } from '../workflows/survey-moments.ts';
import { sendDueTaskReminders } from '../modules/tasks/index.ts';
import {
  CAMPAIGN_UPLIFT_JOB,
  executeCampaignUplift,
  launchDueCampaigns,
  runDueExecutions,
} from '../modules/campaigns/index.ts';
import { workspacesWithLiveCustomers } from '../modules/customers/index.ts';
import { refreshCohortRollups, sendKpiDigest } from '../modules/kpis/index.ts';
import { maintainEmbedded } from '../db/maintenance.ts';
import { defineJob, type JobDefinition } from './registry.ts';

const PURGE_BATCH = 5_000;
/** A loyalty run stops between batches after this long; the next run continues (keeps shutdowns quick). */
const LOYALTY_RUN_MS = 20_000;

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

const noPayload = z.object({}).strict();
const outboxInterval = (config: Config) => config.outboxPollSeconds;

/** Follows the event log: one pending delivery per event and matching endpoint. */
export const dispatchWebhooks = defineJob({
  name: 'webhooks.dispatch',
  schema: noPayload,
  every: outboxInterval,
  handler: async (_payload, ctx) => {
    const r = await dispatchWebhookEvents(ctx);
    return { more: r.more };
  },
});

/** Sends due webhook deliveries (signed POSTs), retrying with backoff. */
export const deliverWebhooks = defineJob({
  name: 'webhooks.deliver',
  schema: noPayload,
  every: outboxInterval,
  handler: async (_payload, ctx) => deliverDueWebhooks(ctx),
});

/** Follows the event log: customer messages for the events that have a message rule. */
export const enqueueNotifications = defineJob({
  name: 'notifications.enqueue',
  schema: noPayload,
  every: outboxInterval,
  handler: async (_payload, ctx) => {
    const r = await enqueueFromEvents(ctx);
    return { more: r.more };
  },
});

// One set of senders (one SMTP pool) per process and configuration.
const senders = new WeakMap<Config, Senders>();
const sendersFor = (config: Config, log: Logger) => {
  let s = senders.get(config);
  if (!s) senders.set(config, (s = createSenders(config, log)));
  return s;
};

/** Sends due outbox messages on their channel, after checking consent again. */
export const sendNotifications = defineJob({
  name: 'notifications.send',
  schema: noPayload,
  every: outboxInterval,
  handler: async (_payload, ctx) => sendDueNotifications(ctx, sendersFor(ctx.config, ctx.log)),
});

/** Sends the links of password resets asked for (one account's e-mail at a time). */
export const sendPasswordResets = defineJob({
  name: 'auth.password-resets',
  schema: noPayload,
  every: outboxInterval,
  handler: async (_payload, ctx) => {
    const r = await sendDuePasswordResets({ ...ctx, sender: sendersFor(ctx.config, ctx.log).email });
    return { more: r.more };
  },
});

/** Keeps each workspace's audit log to its retention (a prefix of the chain; verification starts at the anchor). */
export const purgeAuditLog = defineJob({
  name: 'audit.purge',
  schema: noPayload,
  cron: '47 3 * * *',
  handler: async (_payload, ctx) => {
    ctx.log.info({ removed: await purgeExpiredAudit(ctx) }, 'purged audit rows past retention');
  },
});

/** Keeps the webhook delivery log to its retention (finished deliveries only). */
export const purgeWebhookDeliveries = defineJob({
  name: 'webhooks.purge-deliveries',
  schema: noPayload,
  cron: '23 3 * * *',
  handler: async (_payload, ctx) => {
    ctx.log.info({ removed: await purgeOldDeliveries(ctx) }, 'purged old webhook deliveries');
  },
});

/**
 * Every five minutes: complaints past 75 % of their time become at risk, past their deadline
 * breached and escalated. Safe on any number of workers (see complaints.sweep.ts).
 */
export const complaintsSlaSweep = defineJob({
  name: 'complaints.sla-sweep',
  schema: z.object({}).strict(),
  cron: '*/5 * * * *',
  handler: async (_payload, ctx) => {
    const result = await sweepSla(ctx);
    if (result.atRisk || result.breached) ctx.log.info(result, 'complaint SLA sweep');
  },
});

export const purgeRateLimitWindows = defineJob({
  name: 'ratelimit.purge',
  schema: z.object({}).strict(),
  cron: '41 * * * *',
  handler: async (_payload, ctx) => {
    await purgeRateLimits(ctx.db, ctx.now(), PURGE_BATCH);
  },
});

/** Runs one uploaded import. Safe twice: only the run holding the import's lease writes. */
export const runImportJob = defineJob({
  name: RUN_IMPORT_JOB,
  schema: z.object({ workspaceId: z.uuid(), importId: z.uuid() }).strict(),
  batchSize: 1,
  // A big file takes a while; the import's own heartbeat and lease decide liveness.
  expireInSeconds: 6 * 3600,
  handler: async (payload, ctx) => {
    const outcome = await runUploadedImport(ctx, payload);
    ctx.log.info({ ...payload, outcome }, 'import run');
  },
});

export const SWEEP_IMPORTS_JOB = 'imports.sweep-stalled';

/**
 * Every minute: imports whose process died get a new run (or, with nothing to resume from,
 * are marked failed). `silentBefore` overrides the stall threshold: a worker that starts on
 * the embedded database (one process only) sends its own start time, so anything silent
 * since then belonged to a dead process.
 */
export const sweepImportsJob = defineJob({
  name: SWEEP_IMPORTS_JOB,
  schema: z.object({ silentBefore: z.iso.datetime({ offset: true }).optional() }).strict(),
  cron: '* * * * *',
  handler: async (payload, ctx) => {
    await sweepStalledImports(ctx, { silentBefore: payload.silentBefore ? new Date(payload.silentBefore) : undefined });
  },
});

/** Points for new transactions: sent after writes and imports, and every minute as a safety net. */
export const loyaltyEarn = defineJob({
  name: 'loyalty.earn',
  schema: z.object({ workspaceId: z.uuid().optional() }).strict(),
  cron: '* * * * *',
  handler: async ({ workspaceId }, ctx) => {
    const until = Date.now() + LOYALTY_RUN_MS;
    const options = { until, signal: ctx.signal, maxBatches: Number.MAX_SAFE_INTEGER };
    const run = workspaceId
      ? await runLoyaltyEarning(ctx, { workspaceId, ...options })
      : await runLoyaltyEarningEverywhere(ctx, options);
    if (run.transactions) ctx.log.info(run, 'loyalty points earned');
  },
});

/**
 * Runs `work` for each workspace; one that fails outright does not stop the others (its error is
 * logged), and the first failure is thrown at the end so the job is marked failed.
 */
async function eachWorkspace(
  ctx: { log: Logger },
  workspaceIds: string[],
  what: string,
  work: (workspaceId: string) => Promise<void>,
): Promise<void> {
  let failure: unknown;
  for (const workspaceId of workspaceIds) {
    try {
      await work(workspaceId);
    } catch (err) {
      ctx.log.error({ err, workspaceId }, `${what} failed for a workspace`);
      failure ??= err;
    }
  }
  if (failure !== undefined) throw failure;
}

export const loyaltyExpire = defineJob({
  name: 'loyalty.expire',
  schema: z.object({}).strict(),
  cron: '7 * * * *',
  handler: async (_payload, ctx) => {
    const until = Date.now() + LOYALTY_RUN_MS;
    await eachWorkspace(ctx, await workspacesWithPrograms(ctx.db), 'loyalty expiry', async (workspaceId) => {
      const r = await runExpiry(ctx, workspaceId, { until, signal: ctx.signal, maxBatches: Number.MAX_SAFE_INTEGER });
      if (r.lots) ctx.log.info({ workspaceId, ...r }, 'loyalty points expired');
    });
  },
});

export const loyaltyRequalify = defineJob({
  name: 'loyalty.requalify',
  schema: z.object({}).strict(),
  cron: '37 2 * * *',
  handler: async (_payload, ctx) => {
    const until = Date.now() + LOYALTY_RUN_MS;
    await eachWorkspace(ctx, await workspacesWithPrograms(ctx.db), 'loyalty level review', async (workspaceId) => {
      const r = await runRequalification(ctx, workspaceId, { until, signal: ctx.signal });
      if (r.reviewed) ctx.log.info({ workspaceId, ...r }, 'loyalty levels reviewed');
    });
  },
});

/** A scoring run queued through the API (POST /analytics/score-runs). Safe twice: only the worker that claims the run executes it. */
export const analyticsScore = defineJob({
  name: SCORE_JOB,
  schema: z.object({ workspaceId: z.uuid(), runId: z.uuid() }).strict(),
  batchSize: 1,
  retryLimit: 0,
  expireInSeconds: 3600,
  handler: async ({ workspaceId, runId }, ctx) => {
    const outcome = await executeQueuedRun(ctx, workspaceId, runId);
    if (outcome)
      ctx.log.info(
        { workspaceId, runId, customers: outcome.customersScored, tierChanges: outcome.tierChanges },
        'scoring run finished',
      );
  },
});

/** Every night: a full scoring run per workspace with customers (metrics, RFM, CLV refit, tiers). */
export const analyticsScoreDaily = defineJob({
  name: 'analytics.score-daily',
  schema: z.object({}).strict(),
  cron: '13 1 * * *',
  batchSize: 1,
  retryLimit: 0,
  expireInSeconds: 6 * 3600,
  handler: async (_payload, ctx) => {
    for (const workspaceId of await workspacesWithCustomers(ctx.db)) {
      if (ctx.signal.aborted) break;
      try {
        await scoreWorkspace(ctx, workspaceId, 'full', 'schedule');
      } catch (err) {
        // One workspace's failure (recorded on its run) does not stop the others.
        ctx.log.warn({ err, workspaceId }, 'scheduled scoring run failed');
      }
    }
  },
});

/** A churn-model run queued through the API (POST /churn/model/runs); only the worker that claims it executes it. */
export const churnRun = defineJob({
  name: CHURN_RUN_JOB,
  schema: z.object({ workspaceId: z.uuid(), runId: z.uuid() }).strict(),
  batchSize: 1,
  retryLimit: 0,
  expireInSeconds: 3600,
  handler: async ({ workspaceId, runId }, ctx) => {
    const run = await executeChurnRun(ctx, workspaceId, runId);
    if (run) ctx.log.info({ workspaceId, runId, used: run.used, flag: run.flag, auc: run.auc }, 'churn run finished');
  },
});

/** Every night after scoring: the churn model retrained per workspace with customers (risks, curves, drivers). */
export const churnRetrainDaily = defineJob({
  name: 'churn.retrain-daily',
  schema: z.object({}).strict(),
  cron: '43 2 * * *',
  batchSize: 1,
  retryLimit: 0,
  expireInSeconds: 6 * 3600,
  handler: async (_payload, ctx) => {
    await eachWorkspace(ctx, await workspacesWithCustomers(ctx.db), 'scheduled churn run', async (workspaceId) => {
      if (ctx.signal.aborted) return;
      await runChurnNow(ctx, workspaceId, 'schedule');
    });
  },
});

/** An affinity run queued through the API (POST /affinity/runs); only the worker that claims it executes it. */
export const affinityRun = defineJob({
  name: AFFINITY_RUN_JOB,
  schema: z.object({ workspaceId: z.uuid(), runId: z.uuid() }).strict(),
  batchSize: 1,
  retryLimit: 0,
  expireInSeconds: 3600,
  handler: async ({ workspaceId, runId }, ctx) => {
    const run = await executeAffinityRun(ctx, workspaceId, runId);
    if (run) ctx.log.info({ workspaceId, runId, rules: run.rules }, 'affinity run finished');
  },
});

/**
 * Every night after churn (whose risks the micro-segments read): an affinity run per workspace
 * with customers — rules, offers' pairs, bundle suggestions, micro-segments. Once per workspace and
 * UTC day on any number of workers (the run's id is the day's).
 */
export const affinityRunDaily = defineJob({
  name: 'affinity.run-daily',
  schema: noPayload,
  cron: '13 4 * * *',
  batchSize: 1,
  retryLimit: 0,
  expireInSeconds: 6 * 3600,
  handler: async (_payload, ctx) => {
    await eachWorkspace(ctx, await workspacesWithCustomers(ctx.db), 'scheduled affinity run', async (workspaceId) => {
      if (ctx.signal.aborted) return;
      const run = await runScheduledAffinity(ctx, workspaceId);
      if (run) ctx.log.info({ workspaceId, runId: run.id, rules: run.rules }, 'scheduled affinity run finished');
    });
  },
});

/**
 * Every ten minutes: today's relationship-NPS sample (once per workspace and UTC day), CSAT
 * surveys for the moments each workspace chose, and reminders. Safe on two workers: the sample
 * day is claimed by a conditional update, a CSAT survey is unique per moment, a reminder is
 * counted by a conditional update before its message is queued (same transaction).
 */
export const surveysSend = defineJob({
  name: 'surveys.send',
  schema: noPayload,
  cron: '*/10 * * * *',
  handler: async (_payload, ctx) => {
    const r = await runSurveyWork(ctx, surveyMoments);
    if (r.nps || r.csat || r.reminders) ctx.log.info(r, 'surveys sent');
  },
});

/** Task reminders that are due become one message each to the assignee (claimed once, deduplicated). */
export const tasksRemind = defineJob({
  name: 'tasks.remind',
  schema: noPayload,
  cron: '* * * * *',
  handler: async (_payload, ctx) => {
    const r = await sendDueTaskReminders(ctx);
    if (r.sent) ctx.log.info(r, 'task reminders queued');
  },
});

/**
 * Hourly: last ISO week's KPI digest to each workspace's managers, once the week is over in the
 * workspace's time zone (Monday 07:00 local). One message per workspace × week × recipient (the
 * outbox's dedupe key), so an hour that runs it again, or a second worker, queues nothing more.
 */
export const kpisDigest = defineJob({
  name: 'kpis.digest',
  schema: noPayload,
  cron: '23 * * * *',
  handler: async (_payload, ctx) => {
    await eachWorkspace(ctx, await workspacesWithLiveCustomers(ctx.db), 'KPI digest', async (workspaceId) => {
      const r = await sendKpiDigest(ctx, workspaceId);
      if (r?.queued) ctx.log.info({ workspaceId, ...r }, 'KPI digest queued');
    });
  },
});

/**
 * Works through running campaign executions, one batch per campaign per pass. Safe on any number
 * of workers: members are locked with SKIP LOCKED and each action is recorded once (see
 * campaigns.execute.ts).
 */
export const campaignsExecute = defineJob({
  name: 'campaigns.execute',
  schema: noPayload,
  every: outboxInterval,
  handler: async (_payload, ctx) => runDueExecutions(ctx),
});

/** Launches the drafts whose scheduled time has come (see campaigns.schedule.ts); safe on two workers. */
export const campaignsLaunchDue = defineJob({
  name: 'campaigns.launch-due',
  schema: noPayload,
  cron: '* * * * *',
  handler: async (_payload, ctx) => {
    // Launched and failed drafts leave the due list, so the passes end; bounded all the same.
    for (let pass = 0; pass < 50; pass++) {
      const r = await launchDueCampaigns(ctx);
      if (r.launched || r.failed) ctx.log.info(r, 'scheduled campaigns launched');
      if (!r.more) break;
    }
  },
});

/** A campaign's uplift model queued through the API (too large to fit in the request); one worker claims it. */
export const campaignsUplift = defineJob({
  name: CAMPAIGN_UPLIFT_JOB,
  schema: z.object({ workspaceId: z.uuid(), campaignId: z.uuid() }).strict(),
  batchSize: 1,
  retryLimit: 0,
  expireInSeconds: 3600,
  handler: async ({ workspaceId, campaignId }, ctx) => {
    const done = await executeCampaignUplift(ctx, workspaceId, campaignId);
    if (done) ctx.log.info({ workspaceId, campaignId, qini: done.model?.qini }, 'campaign uplift fitted');
  },
});

/**
 * Every minute: the cohort roll-up takes in the customers whose transactions or tiers changed, so
 * the matrix's read (which does the same first) rarely has more than a minute's changes to do.
 */
export const kpisCohortRefresh = defineJob({
  name: 'kpis.cohort-refresh',
  schema: noPayload,
  cron: '* * * * *',
  batchSize: 1,
  handler: async (_payload, ctx) => {
    await refreshCohortRollups(ctx, (workspaceId, err) =>
      ctx.log.error({ err, workspaceId }, 'cohort roll-up refresh failed for a workspace'),
    );
  },
});

/**
 * On the embedded database (no autovacuum): fresh planner statistics every hour, and the dead rows
 * of the day's updates reclaimed each night before the scoring run rewrites them (01:13).
 */
export const embeddedMaintenance = defineJob({
  name: 'db.maintain-embedded',
  schema: noPayload,
  cron: '53 * * * *',
  batchSize: 1,
  handler: async (_payload, ctx) => {
    const vacuum = ctx.now().getUTCHours() === 0;
    if (await maintainEmbedded(ctx.database, { vacuum })) ctx.log.info({ vacuum }, 'embedded database maintained');
  },
});

export const jobDefinitions: JobDefinition[] = [
  purgeExpiredCredentials,
  dispatchWebhooks,
  deliverWebhooks,
  enqueueNotifications,
  sendNotifications,
  sendPasswordResets,
  purgeWebhookDeliveries,
  purgeAuditLog,
  complaintsSlaSweep,
  purgeRateLimitWindows,
  runImportJob,
  sweepImportsJob,
  loyaltyEarn,
  loyaltyExpire,
  loyaltyRequalify,
  analyticsScore,
  analyticsScoreDaily,
  churnRun,
  churnRetrainDaily,
  affinityRun,
  affinityRunDaily,
  surveysSend,
  tasksRemind,
  kpisDigest,
  campaignsExecute,
  campaignsLaunchDue,
  campaignsUplift,
  kpisCohortRefresh,
  embeddedMaintenance,
] as JobDefinition[];
