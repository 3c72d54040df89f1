// Owns sending the outbox: claim due messages (SKIP LOCKED), check consent again (it may have
// been withdrawn since), render the template in the message's language and hand it to the
// channel's sender. Transient failures are retried with backoff up to
// NOTIFICATIONS_MAX_ATTEMPTS; a permanent refusal fails at once. Delivery is at least once: a
// worker that dies after the hand-over but before recording it leaves the claim to expire. The
// recipients, their consents and the workspaces of a claimed batch are read once for the batch,
// right before its first hand-over (a consent withdrawn later is honoured from the next batch:
// the batch is the claim limit, 50 by default, a fraction of a second of sending). Outcomes are
// recorded in small groups, one statement each (SETTLE_GROUP: the duplicates a crash can cause are
// at most one group), issued without waiting and awaited before the pass returns, so sends
// overlap the writes: a message costs its send, as a plain send loop does.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { backoffMs } from '../../lib/backoff.ts';
import type { Logger } from '../../logger.ts';
import { consentedChannels, type CustomerDto, findCustomersByIds } from '../customers/index.ts';
import { findUserById } from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { PermanentSendError, type Senders } from './notifications.channel.ts';
import {
  claimDueNotifications,
  type NotificationOutcome,
  type NotificationRow,
  settleNotifications,
} from './notifications.repository.ts';
import type { MessageChannel, NotificationStatus } from './notifications.schema.ts';
import { type MessageLocale, renderMessage } from './notifications.templates.ts';

export type SendCtx = {
  db: Db;
  log: Logger;
  now: () => Date;
  config: Pick<Config, 'notifications'>;
  random?: () => number;
};

const CLAIM_BATCH = 50;
const LEASE_MS = 5 * 60_000;
const ERROR_MAX = 500;
/**
 * Outcomes written together: a worker that dies has handed over at most this many messages whose
 * outcome is not yet recorded (or those of the last SETTLE_MS), and they are sent again when their
 * claim expires — the duplicates a crash can cause. One write per message cost the outbox about a
 * third of its rate against a plain send loop (docs/benchmarks.md, #19).
 */
const SETTLE_GROUP = 20;
const SETTLE_MS = 1_000;

type Outcome =
  | { status: 'sent'; recipient: string; providerMessageId: string | null }
  | { status: Exclude<NotificationStatus, 'sent' | 'pending' | 'sending'>; error: string }
  | { status: 'retry'; error: string };

/**
 * What a claimed batch's messages read: live customers by workspace and id, whether each message's
 * customer consents to its purpose on its channel, and workspaces (read on first use).
 */
type BatchReads = {
  customer: (row: NotificationRow) => CustomerDto | undefined;
  consents: (row: NotificationRow, channel: MessageChannel) => boolean;
  workspace: (id: string) => ReturnType<typeof getWorkspace>;
};

async function readBatch(ctx: SendCtx, rows: NotificationRow[]): Promise<BatchReads> {
  const byWorkspace = new Map<string, string[]>();
  for (const r of rows)
    if (r.customerId && !r.userId)
      byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r.customerId]);
  const customers = new Map<string, Map<string, CustomerDto>>();
  const consents = new Map<string, Map<string, Set<string>>>();
  // Every read of the batch at once (the pump's db is a pool; a transaction or PGlite queues them).
  await Promise.all(
    [...byWorkspace].flatMap(([ws, ids]) => {
      const unique = [...new Set(ids)];
      const purposes = new Set(rows.filter((r) => r.workspaceId === ws).map((r) => r.purpose));
      return [
        findCustomersByIds(ctx.db, ws, unique).then((found) => void customers.set(ws, found)),
        ...[...purposes].map((purpose) =>
          consentedChannels(ctx.db, ws, unique, purpose).then((c) => void consents.set(`${ws}:${purpose}`, c)),
        ),
      ];
    }),
  );
  const workspaces = new Map<string, ReturnType<typeof getWorkspace>>();
  return {
    customer: (row) => (row.customerId ? customers.get(row.workspaceId)?.get(row.customerId) : undefined),
    consents: (row, channel) =>
      Boolean(row.customerId && consents.get(`${row.workspaceId}:${row.purpose}`)?.get(row.customerId)?.has(channel)),
    workspace: (id) => {
      let w = workspaces.get(id);
      if (!w) workspaces.set(id, (w = getWorkspace({ db: ctx.db, now: ctx.now }, id)));
      return w;
    },
  };
}

async function attempt(ctx: SendCtx, senders: Senders, row: NotificationRow, reads: BatchReads): Promise<Outcome> {
  if (!row.channel) return { status: 'failed', error: 'no channel was chosen' };
  if (row.userId) return attemptStaff(ctx, senders, row, row.channel, row.userId);
  if (!row.customerId) return { status: 'failed', error: 'no recipient' };
  const customer = reads.customer(row);
  if (!customer) return { status: 'skipped', error: 'customer_not_found' };
  if (!reads.consents(row, row.channel)) {
    return {
      status: 'skipped_no_consent',
      error: `${row.purpose} consent on ${row.channel} was withdrawn before sending`,
    };
  }
  const to = row.channel === 'email' ? customer.email : customer.phone;
  if (!to) return { status: 'skipped', error: `no_contact: no address for ${row.channel}` };
  const workspace = await reads.workspace(row.workspaceId);
  const content = renderMessage(row.templateKey, row.locale as MessageLocale, {
    ...row.payload,
    name: customer.name,
    workspaceName: workspace.name,
  });
  try {
    const result = await senders[row.channel].send({
      id: row.id,
      channel: row.channel,
      to,
      toName: customer.name,
      fromName: workspace.name,
      content,
    });
    return result.status === 'sent'
      ? { status: 'sent', recipient: to, providerMessageId: result.providerMessageId }
      : { status: 'skipped', error: result.reason };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return err instanceof PermanentSendError
      ? { status: 'failed', error: message }
      : { status: 'retry', error: message };
  }
}

/** A message to a member of staff: no consent applies (it is their work), the address is their login email. */
async function attemptStaff(
  ctx: SendCtx,
  senders: Senders,
  row: NotificationRow,
  channel: MessageChannel,
  userId: string,
): Promise<Outcome> {
  const user = await findUserById(ctx.db, userId);
  if (!user) return { status: 'skipped', error: 'user_not_found' };
  const workspace = await getWorkspace({ db: ctx.db, now: ctx.now }, row.workspaceId);
  const content = renderMessage(row.templateKey, row.locale as MessageLocale, {
    ...row.payload,
    name: user.name,
    workspaceName: workspace.name,
  });
  try {
    const result = await senders[channel].send({
      id: row.id,
      channel,
      to: user.email,
      toName: user.name,
      fromName: workspace.name,
      content,
    });
    return result.status === 'sent'
      ? { status: 'sent', recipient: user.email, providerMessageId: result.providerMessageId }
      : { status: 'skipped', error: result.reason };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return err instanceof PermanentSendError
      ? { status: 'failed', error: message }
      : { status: 'retry', error: message };
  }
}

/** Hands the message over; returns the outcome to record. */
async function sendOne(ctx: SendCtx, senders: Senders, row: NotificationRow, reads: BatchReads) {
  let outcome: Outcome;
  try {
    outcome = await attempt(ctx, senders, row, reads);
  } catch (err) {
    ctx.log.error({ err, notificationId: row.id }, 'sending a notification failed unexpectedly');
    outcome = { status: 'retry', error: 'internal error while sending' };
  }
  const now = ctx.now();
  const { maxAttempts, retryBaseSeconds } = ctx.config.notifications;
  const base = { claimed: row, updatedAt: now, nextAttemptAt: now };
  if (outcome.status === 'sent')
    return {
      ...base,
      status: 'sent',
      error: null,
      sent: { recipient: outcome.recipient, providerMessageId: outcome.providerMessageId, at: now },
    } satisfies NotificationOutcome;
  const error = outcome.error.slice(0, ERROR_MAX);
  if (outcome.status === 'retry' && row.attempts < maxAttempts) {
    const delay = backoffMs(row.attempts, { baseMs: retryBaseSeconds * 1000, random: ctx.random ?? Math.random });
    return {
      ...base,
      status: 'pending',
      error,
      nextAttemptAt: new Date(now.getTime() + delay),
    } satisfies NotificationOutcome;
  }
  return {
    ...base,
    status: outcome.status === 'retry' ? 'failed' : outcome.status,
    error,
  } satisfies NotificationOutcome;
}

/** Records a group of outcomes in one statement; warns for each claim lost meanwhile. */
async function record(ctx: SendCtx, group: NotificationOutcome[]) {
  const own = await settleNotifications(ctx.db, group);
  for (const o of group)
    if (!own.has(o.claimed.id))
      ctx.log.warn(
        { notificationId: o.claimed.id },
        'notification was reclaimed by another worker before this attempt was recorded',
      );
}

/**
 * One pass: claim a batch of due messages and send them one after another; outcomes are written
 * in groups of up to SETTLE_GROUP (or SETTLE_MS after the group's first hand-over), each write
 * issued without waiting so the next sends overlap it; returns once every outcome is recorded.
 */
export async function sendDueNotifications(
  ctx: SendCtx,
  senders: Senders,
  options: { limit?: number } = {},
): Promise<{ attempted: number; more: boolean }> {
  const limit = options.limit ?? CLAIM_BATCH;
  const now = ctx.now();
  const claimed = await claimDueNotifications(ctx.db, now, new Date(now.getTime() + LEASE_MS), limit);
  const reads = await readBatch(ctx, claimed);
  const writes: Promise<void>[] = [];
  let group: NotificationOutcome[] = [];
  let since = 0;
  const flush = () => {
    if (group.length === 0) return;
    const write = record(ctx, group);
    write.catch(() => {}); // awaited (and its error raised) below; this only marks it handled meanwhile
    writes.push(write);
    group = [];
  };
  for (const row of claimed) {
    if (group.length === 0) since = performance.now();
    group.push(await sendOne(ctx, senders, row, reads));
    if (group.length >= SETTLE_GROUP || performance.now() - since >= SETTLE_MS) flush();
  }
  flush();
  await Promise.all(writes);
  return { attempted: claimed.length, more: claimed.length === limit };
}
