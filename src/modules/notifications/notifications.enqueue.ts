// Owns putting a message in the outbox, in the caller's transaction: it chooses the channel
// (consent first, then the customer's preferred order, then a channel that can send) and the
// language (the customer's, else the one the event carries, else the workspace's). A message
// that cannot go out is still recorded, with the reason — "no consent" is an answer, not a gap.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { consentedChannels, type CustomerDto, getCustomer, hasConsent } from '../customers/index.ts';
import { findUserById } from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import {
  insertNotification,
  insertNotifications,
  type NotificationRow,
  takenDedupeKeys,
} from './notifications.repository.ts';
import {
  type MessageChannel,
  messageChannels,
  type MessagePurpose,
  type NotificationStatus,
} from './notifications.schema.ts';
import { isMessageLocale, type MessageLocale, templateExists } from './notifications.templates.ts';

export type EnqueueInput = {
  customerId: string;
  purpose: MessagePurpose;
  templateKey: string;
  /** Template variables (the customer's and the workspace's names are added when sending). */
  vars: Record<string, string>;
  /** A language to use when the customer has none (e.g. the one a public form was filled in). */
  localeHint?: string;
  /** Same key, same workspace: enqueued once. */
  dedupeKey?: string;
  sourceEventId?: string;
};

type SendingConfig = Pick<Config, 'smtp'> & Partial<Pick<Config, 'messageWebhooks'>>;
export type EnqueueCtx = { now: () => Date; config: SendingConfig };

/** Channels this process can actually send on: email with SMTP, SMS and WhatsApp with a provider's webhook. */
export const configuredChannels = (config: SendingConfig): MessageChannel[] => [
  ...(config.smtp ? (['email'] as const) : []),
  ...(config.messageWebhooks?.sms ? (['sms'] as const) : []),
  ...(config.messageWebhooks?.whatsapp ? (['whatsapp'] as const) : []),
];

const contactFor = (customer: CustomerDto, channel: MessageChannel) =>
  channel === 'email' ? customer.email : customer.phone;

/** Preferred channels first (in the customer's order), then the others; only channels messages can go on. */
export function channelOrder(preferred: readonly string[]): MessageChannel[] {
  const own = preferred.filter((c): c is MessageChannel => (messageChannels as readonly string[]).includes(c));
  return [...new Set([...own, ...messageChannels])];
}

type Choice = { channel: MessageChannel | null; status: NotificationStatus; error: string | null };

/** The channel among those the customer consents to (`consented`): preferred order, reachable, configured first. */
function pickChannel(
  customer: CustomerDto,
  consentedTo: ReadonlySet<string>,
  purpose: MessagePurpose,
  configured: MessageChannel[],
): Choice {
  const order = channelOrder(customer.preferredChannels);
  const consented = order.filter((c) => consentedTo.has(c));
  if (consented.length === 0)
    return { channel: null, status: 'skipped_no_consent', error: `no ${purpose} consent on ${order.join(', ')}` };
  const reachable = consented.filter((c) => contactFor(customer, c));
  if (reachable.length === 0)
    return { channel: consented[0], status: 'skipped', error: `no_contact: no address for ${consented.join(', ')}` };
  const channel = reachable.find((c) => configured.includes(c)) ?? reachable[0];
  return { channel, status: 'pending', error: null };
}

async function chooseChannel(
  db: Db,
  workspaceId: string,
  customer: CustomerDto,
  purpose: MessagePurpose,
  configured: MessageChannel[],
): Promise<Choice> {
  const consented = new Set<string>();
  for (const channel of messageChannels)
    if (await hasConsent(db, workspaceId, customer.id, channel, purpose)) consented.add(channel);
  return pickChannel(customer, consented, purpose, configured);
}

const customerGone: Choice = { channel: null, status: 'skipped', error: 'customer_not_found' };

/** A customer message's outbox row: in the customer's language, else the hint's, else the workspace's. */
function outboxRow(
  workspaceId: string,
  workspaceLocale: string,
  input: EnqueueInput,
  customer: CustomerDto | undefined,
  choice: Choice,
  now: Date,
) {
  const locale: MessageLocale = [customer?.locale, input.localeHint, workspaceLocale].find(isMessageLocale) ?? 'en';
  return {
    workspaceId,
    id: newId(),
    customerId: input.customerId,
    channel: choice.channel,
    purpose: input.purpose,
    templateKey: input.templateKey,
    locale,
    payload: input.vars,
    status: choice.status,
    error: choice.error,
    nextAttemptAt: now,
    dedupeKey: input.dedupeKey ?? null,
    sourceEventId: input.sourceEventId ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function findCustomer(
  db: Db,
  now: () => Date,
  workspaceId: string,
  customerId: string,
): Promise<CustomerDto | undefined> {
  try {
    return await getCustomer({ db, now }, workspaceId, customerId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
}

/** Writes one message to the outbox with `db` (the caller's transaction) and returns it. */
export async function enqueueNotification(
  db: Db,
  ctx: EnqueueCtx,
  workspaceId: string,
  input: EnqueueInput,
): Promise<NotificationRow> {
  if (!templateExists(input.templateKey)) throw new Error(`no message template "${input.templateKey}"`);
  const workspace = await getWorkspace({ db, now: ctx.now }, workspaceId);
  const customer = await findCustomer(db, ctx.now, workspaceId, input.customerId);
  const choice = customer
    ? await chooseChannel(db, workspaceId, customer, input.purpose, configuredChannels(ctx.config))
    : customerGone;
  return insertNotification(db, outboxRow(workspaceId, workspace.locale, input, customer, choice, ctx.now()));
}

export type EnqueueManyInput = Omit<EnqueueInput, 'customerId' | 'dedupeKey'> & {
  /** The recipient as the caller read it for its batch; undefined when it is gone. */
  customer: CustomerDto | undefined;
  customerId: string;
  dedupeKey: string;
};

/**
 * `enqueueNotification` for many messages in the caller's transaction: consents read in one query
 * per purpose, the channel and language chosen as for one message, one insert for all. A dedupe
 * key already in the outbox keeps its message. Returns every message's stored row by dedupe key.
 */
export async function enqueueNotifications(
  db: Db,
  ctx: EnqueueCtx,
  workspaceId: string,
  inputs: EnqueueManyInput[],
): Promise<Map<string, NotificationRow>> {
  if (inputs.length === 0) return new Map();
  for (const key of new Set(inputs.map((i) => i.templateKey)))
    if (!templateExists(key)) throw new Error(`no message template "${key}"`);
  const workspace = await getWorkspace({ db, now: ctx.now }, workspaceId);
  const consents = new Map<string, Map<string, Set<string>>>();
  for (const purpose of new Set(inputs.map((i) => i.purpose))) {
    const ids = inputs.filter((i) => i.purpose === purpose && i.customer).map((i) => i.customerId);
    consents.set(purpose, await consentedChannels(db, workspaceId, [...new Set(ids)], purpose));
  }
  const configured = configuredChannels(ctx.config);
  const now = ctx.now();
  const none = new Set<string>();
  return insertNotifications(
    db,
    workspaceId,
    inputs.map((input) => {
      const { customer } = input;
      const choice = customer
        ? pickChannel(customer, consents.get(input.purpose)?.get(customer.id) ?? none, input.purpose, configured)
        : customerGone;
      return { ...outboxRow(workspaceId, workspace.locale, input, customer, choice, now), dedupeKey: input.dedupeKey };
    }),
  );
}

export type EnqueueStaffInput = {
  userId: string;
  templateKey: string;
  vars: Record<string, string>;
  /** Same key, same workspace: enqueued once (a reminder run twice sends one message). */
  dedupeKey: string;
  /** The person's own language, when they chose one; else the workspace's. */
  locale?: string | null;
};

/**
 * Writes one message to a member of staff (by email, in their language, else the workspace's) with `db`.
 * No consent applies: it is about their work. A user who no longer exists is recorded as skipped.
 */
export async function enqueueStaffNotification(
  db: Db,
  ctx: EnqueueCtx,
  workspaceId: string,
  input: EnqueueStaffInput,
): Promise<NotificationRow> {
  if (!templateExists(input.templateKey)) throw new Error(`no message template "${input.templateKey}"`);
  const workspace = await getWorkspace({ db, now: ctx.now }, workspaceId);
  const user = await findUserById(db, input.userId);
  const locale: MessageLocale = [input.locale, workspace.locale].find(isMessageLocale) ?? 'en';
  const now = ctx.now();
  return insertNotification(db, {
    workspaceId,
    id: newId(),
    customerId: null,
    userId: input.userId,
    channel: 'email',
    purpose: 'service',
    templateKey: input.templateKey,
    locale,
    payload: input.vars,
    status: user ? 'pending' : 'skipped',
    error: user ? null : 'user_not_found',
    nextAttemptAt: now,
    dedupeKey: input.dedupeKey,
    sourceEventId: null,
    createdAt: now,
    updatedAt: now,
  });
}

/** Which of these dedupe keys the outbox already holds (a scheduled sender skips work already done). */
export const queuedDedupeKeys = (db: Db, workspaceId: string, keys: string[]): Promise<Set<string>> =>
  takenDedupeKeys(db, workspaceId, keys);
