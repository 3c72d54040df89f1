// Owns executing a launched campaign's actions: started once, then worked through by a job in
// batches of members (locked with SKIP LOCKED, so two workers share a campaign). Bonus points and
// tasks go set-based for the whole batch (campaigns.execute.bulk.ts); messages and vouchers run per
// member, each member in its own savepoint inside the batch's transaction. Every action's effect
// (an outbox message, a ledger posting, a voucher or a task, each keyed by campaign × customer ×
// action) is written in the same transaction as its execution row: a run killed half-way leaves
// nothing half-done, and a resumed run does each action for each member exactly once. Eligibility
// is checked per member and action at execution: marketing consent on a reachable channel
// (always), the campaign's frequency cap (messages of all campaigns), quiet hours in the
// customer's time zone (deferred to the next allowed time, not dropped) and open complaints. A
// member whose action throws is recorded as failed with the reason; the batch goes on.
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { addDays } from '../../lib/dates.ts';
import { type CustomerDto, findCustomersByIds, getCustomer, hasConsent } from '../customers/index.ts';
import { giveRewardInTx } from '../loyalty/index.ts';
import { channelOrder, enqueueNotification, isMessageLocale } from '../notifications/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { customerFields, fillTemplate, isValidTimeZone, nextAllowed } from './campaigns.eligibility.ts';
import { bulkPoints, bulkTasks, executionRow, keyOf, type Outcome, reasonOf } from './campaigns.execute.bulk.ts';
import {
  executionCounts,
  executionsOf,
  failedExecutions,
  lockPendingMembers,
  messagesSince,
  type PendingMember,
  recordExecutions,
  runningCampaigns,
  withOpenComplaints,
} from './campaigns.execute.repository.ts';
import { type CampaignRow, findCampaign, memberCounts, updateCampaignRow } from './campaigns.repository.ts';
import type { CampaignAction } from './campaigns.types.ts';

export type ExecuteCtx = Ctx & { config: Pick<Config, 'smtp'> };

export const DEFAULT_BATCH = 500;

const actionsPerArm = (c: CampaignRow) => {
  const m = new Map<string, number>();
  for (const a of c.actions) m.set(a.arm, (m.get(a.arm) ?? 0) + 1);
  return m;
};

/** Starts (or restarts after new members were deferred) a launched campaign's execution. */
export async function startExecution(ctx: Ctx, ws: string, id: string) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  if (campaign.status !== 'launched')
    throw new AppError('conflict', `Only a launched campaign can be executed; this one is ${campaign.status}`);
  if (campaign.actions.length === 0) throw new AppError('conflict', 'The campaign has no actions to execute');
  if (campaign.executionStatus !== 'running')
    await updateCampaignRow(ctx.db, ws, id, 'launched', { executionStatus: 'running', updatedAt: ctx.now() });
  return executionProgress(ctx, ws, id);
}

type MemberCtx = {
  tx: Db;
  ctx: ExecuteCtx;
  ws: string;
  campaign: CampaignRow;
  member: PendingMember;
  customer: () => Promise<CustomerDto>;
  workspace: { timeZone: string; locale: string };
  sentRecently: number;
  openComplaint: boolean;
};

async function runMessage(m: MemberCtx, action: Extract<CampaignAction, { type: 'message' }>): Promise<Outcome> {
  const rules = m.campaign.eligibility;
  const customer = await m.customer();
  const consented = [];
  for (const channel of channelOrder(customer.preferredChannels))
    if (await hasConsent(m.tx, m.ws, customer.id, channel, 'marketing')) consented.push(channel);
  if (consented.length === 0) return { status: 'skipped', reason: 'no_consent' };
  if (!consented.some((c) => (c === 'email' ? customer.email : customer.phone)))
    return { status: 'failed', reason: 'no_contact' };
  if (rules.frequencyCap && m.sentRecently >= rules.frequencyCap.max)
    return { status: 'skipped', reason: 'frequency_cap' };
  if (rules.quietHours) {
    const own = customer.customFields.time_zone ?? customer.customFields.timeZone;
    const tz = isValidTimeZone(own) ? own : m.workspace.timeZone;
    const now = m.ctx.now();
    const allowed = nextAllowed(now, tz, rules.quietHours);
    if (allowed > now) return { status: 'deferred', reason: 'quiet_hours', notBefore: allowed };
  }
  const locale = [customer.locale, m.workspace.locale].find(
    (l): l is 'en' | 'pt-BR' | 'es' => isMessageLocale(l) && Boolean(action.templates[l]),
  );
  const template = action.templates[locale ?? 'en'] ?? action.templates.en;
  const fields = customerFields(customer);
  const body = fillTemplate(template.body, fields);
  const row = await enqueueNotification(m.tx, m.ctx, m.ws, {
    customerId: customer.id,
    purpose: 'marketing',
    templateKey: 'campaign.message',
    vars: {
      subject: fillTemplate(template.subject, fields),
      body,
      short: fillTemplate(template.short ?? template.body, fields),
    },
    localeHint: locale,
    dedupeKey: keyOf(m.campaign.id, customer.id, action.key),
  });
  if (row.status !== 'pending') return { status: 'skipped', reason: row.error?.split(':')[0] ?? row.status };
  m.sentRecently++;
  return { status: 'done', channel: row.channel ?? undefined };
}

async function runAction(m: MemberCtx, action: CampaignAction): Promise<Outcome> {
  if (m.openComplaint && m.campaign.eligibility.excludeOpenComplaints)
    return { status: 'skipped', reason: 'open_complaint' };
  if (action.type === 'message') return runMessage(m, action);
  if (action.type === 'voucher') {
    await giveRewardInTx(m.tx, m.ctx, m.ws, {
      customerId: m.member.customerId,
      rewardId: action.rewardId,
      issueKey: keyOf(m.campaign.id, m.member.customerId, action.key),
    });
    return { status: 'done' };
  }
  throw new Error(`${action.type} actions run set-based (campaigns.execute.bulk.ts)`);
}

/**
 * One batch: up to `limit` members with work left, each action done, skipped, deferred or failed
 * and recorded. Marks the execution done when nothing is left (deferred rows keep it running).
 */
export async function runExecutionBatch(
  ctx: ExecuteCtx,
  ws: string,
  id: string,
  options: { limit?: number } = {},
): Promise<{ members: number; more: boolean }> {
  const limit = options.limit ?? DEFAULT_BATCH;
  const result = await ctx.db.transaction(async (tx) => {
    const campaign = await findCampaign(tx, ws, id);
    if (!campaign || campaign.executionStatus !== 'running' || campaign.status !== 'launched')
      return { members: 0, more: false, campaign };
    const now = ctx.now();
    const perArm = actionsPerArm(campaign);
    const members = await lockPendingMembers(tx, ws, id, perArm, now, limit);
    const ids = members.map((m) => m.customerId);
    const existing = new Map<string, Set<string>>();
    for (const e of await executionsOf(tx, ws, id, ids))
      if (e.status !== 'deferred' || (e.notBefore && e.notBefore > now))
        existing.set(e.customerId, (existing.get(e.customerId) ?? new Set()).add(e.actionKey));
    const workspace = await getWorkspace({ db: tx, now: ctx.now }, ws);
    const cap = campaign.eligibility.frequencyCap;
    const recent = cap ? await messagesSince(tx, ws, ids, addDays(now, -cap.days)) : new Map<string, number>();
    const complaints = campaign.eligibility.excludeOpenComplaints
      ? await withOpenComplaints(tx, ws, ids, now)
      : new Set<string>();
    const todoOf = new Map(
      members.map((member) => [
        member.customerId,
        campaign.actions.filter((a) => a.arm === member.arm && !existing.get(member.customerId)?.has(a.key)),
      ]),
    );
    // Points and tasks set-based for the whole batch; messages and vouchers member by member.
    const excluded = (id: string) => campaign.eligibility.excludeOpenComplaints && complaints.has(id);
    const setBased = <T extends CampaignAction['type']>(type: T) =>
      members.flatMap((member) =>
        excluded(member.customerId)
          ? []
          : todoOf
              .get(member.customerId)!
              .filter((a): a is Extract<CampaignAction, { type: T }> => a.type === type)
              .map((action) => ({ member, action })),
      );
    const scope = { tx, ctx, ws, campaign };
    await bulkPoints(scope, setBased('points'));
    await bulkTasks(scope, setBased('task'));
    for (const member of members)
      if (!excluded(member.customerId))
        todoOf.set(
          member.customerId,
          todoOf.get(member.customerId)!.filter((a) => a.type !== 'points' && a.type !== 'task'),
        );
    // The customers of every member with a message left, read once for the batch.
    const readers = members.filter((m) => todoOf.get(m.customerId)!.some((a) => a.type === 'message'));
    const prefetched = await findCustomersByIds(
      tx,
      ws,
      readers.map((m) => m.customerId),
    );
    for (const member of members) {
      const todo = todoOf.get(member.customerId)!;
      if (todo.length === 0) continue;
      let cached = prefetched.get(member.customerId);
      const m: MemberCtx = {
        tx,
        ctx,
        ws,
        campaign,
        member,
        customer: async () => (cached ??= await getCustomer({ db: tx, now: ctx.now }, ws, member.customerId)),
        workspace,
        sentRecently: recent.get(member.customerId) ?? 0,
        openComplaint: complaints.has(member.customerId),
      };
      try {
        await tx.transaction(async (sp) => {
          m.tx = sp;
          for (const action of todo) await record(sp, ctx, ws, campaign, member, action, await runAction(m, action));
        });
      } catch (err) {
        // The savepoint rolled back this member's effects; record why, once per action.
        for (const action of todo)
          await record(tx, ctx, ws, campaign, member, action, { status: 'failed', reason: reasonOf(err) });
      }
    }
    return { members: members.length, more: members.length === limit, campaign };
  });
  if (!result.more && result.campaign?.executionStatus === 'running' && result.campaign.status === 'launched') {
    const left = await executionCounts(ctx.db, ws, id);
    const deferred = left.some((r) => r.status === 'deferred');
    const total = await expectedTotal(ctx.db, ws, result.campaign);
    const recorded = left.reduce((s, r) => s + r.n, 0);
    if (!deferred && recorded >= total)
      await updateCampaignRow(ctx.db, ws, id, 'launched', { executionStatus: 'done', updatedAt: ctx.now() });
  }
  return { members: result.members, more: result.more };
}

const record = (
  db: Db,
  ctx: Ctx,
  ws: string,
  campaign: CampaignRow,
  member: PendingMember,
  action: CampaignAction,
  outcome: Outcome,
) => recordExecutions(db, [executionRow(ctx, ws, campaign, { member, action }, outcome)]);

async function expectedTotal(db: Db, ws: string, campaign: CampaignRow) {
  const counts = await memberCounts(db, ws, campaign.id);
  let total = 0;
  for (const [arm, n] of actionsPerArm(campaign)) total += n * (counts.get(arm) ?? 0);
  return total;
}

export async function executionProgress(ctx: Ctx, ws: string, id: string) {
  const campaign = await findCampaign(ctx.db, ws, id);
  if (!campaign) throw notFound('Campaign');
  const rows = await executionCounts(ctx.db, ws, id);
  const total = campaign.status === 'draft' ? 0 : await expectedTotal(ctx.db, ws, campaign);
  const sum = (s: string) => rows.filter((r) => r.status === s).reduce((a, r) => a + r.n, 0);
  const byReason = (s: string) => {
    const out: Record<string, number> = {};
    for (const r of rows.filter((x) => x.status === s))
      out[r.reason ?? 'unknown'] = (out[r.reason ?? 'unknown'] ?? 0) + r.n;
    return out;
  };
  const costMinorByArm: Record<string, number> = {};
  for (const r of rows) if (r.status === 'done') costMinorByArm[r.arm] = (costMinorByArm[r.arm] ?? 0) + r.cost;
  const recorded = rows.reduce((a, r) => a + r.n, 0);
  const members = campaign.status === 'draft' ? new Map<string, number>() : await memberCounts(ctx.db, ws, id);
  const byAction = campaign.actions.map((a) => {
    const own = rows.filter((r) => r.actionKey === a.key);
    const n = (s: string) => own.filter((r) => r.status === s).reduce((x, r) => x + r.n, 0);
    const skippedByReason: Record<string, number> = {};
    for (const r of own.filter((x) => x.status === 'skipped'))
      skippedByReason[r.reason ?? 'unknown'] = (skippedByReason[r.reason ?? 'unknown'] ?? 0) + r.n;
    const total = members.get(a.arm) ?? 0;
    const seen = own.reduce((x, r) => x + r.n, 0);
    return {
      actionKey: a.key,
      arm: a.arm,
      total,
      done: n('done'),
      skipped: n('skipped'),
      failed: n('failed'),
      deferred: n('deferred'),
      pending: Math.max(0, total - seen),
      skippedByReason,
    };
  });
  return {
    status: campaign.executionStatus,
    total,
    done: sum('done'),
    failed: sum('failed'),
    deferred: sum('deferred'),
    skipped: sum('skipped'),
    pending: Math.max(0, total - recorded),
    skippedByReason: byReason('skipped'),
    failedByReason: byReason('failed'),
    costMinorByArm,
    failures: await failedExecutions(ctx.db, ws, id, 20),
    byAction,
  };
}

/** The job's pass: one batch of each running campaign (a few at a time). */
export async function runDueExecutions(ctx: ExecuteCtx, options: { limit?: number } = {}) {
  let more = false;
  for (const c of await runningCampaigns(ctx.db, 20)) {
    const r = await runExecutionBatch(ctx, c.workspaceId, c.id, options);
    more ||= r.more;
  }
  return { more };
}
