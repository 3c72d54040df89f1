// Owns a batch's message actions, set-based: the members' customers, their marketing consents and
// the campaign messages each received inside the frequency cap's window are read in one query each;
// consent, a reachable channel, the cap and quiet hours in the customer's time zone are decided for
// every member in memory, in the same order of checks as for one member; then the outbox rows of
// all who may be messaged go in one insert (keyed per campaign × customer × action), with the
// execution rows in the same savepoint (campaigns.execute.bulk.ts's runner: one bad member fails
// alone). A member's messages of one batch count towards its cap as they are queued.
import type { Config } from '../../config.ts';
import type { Ctx } from '../../deps.ts';
import { addDays } from '../../lib/dates.ts';
import { consentedChannels, type CustomerDto, findCustomersByIds } from '../customers/index.ts';
import { channelOrder, enqueueNotifications, type EnqueueManyInput, isMessageLocale } from '../notifications/index.ts';
import { customerFields, fillTemplate, isValidTimeZone, nextAllowed } from './campaigns.eligibility.ts';
import { type BatchScope, type Item, keyOf, type Outcome, runSetBased } from './campaigns.execute.bulk.ts';
import { messagesSince } from './campaigns.execute.repository.ts';
import type { CampaignAction } from './campaigns.types.ts';

type MessageAction = Extract<CampaignAction, { type: 'message' }>;
export type MessageScope = BatchScope & {
  ctx: Ctx & { config: Pick<Config, 'smtp'> };
  workspace: { timeZone: string; locale: string };
};

/** Why the member gets no message now (skipped, failed or deferred), or null when it may get one. */
function ineligible(
  s: MessageScope,
  customer: CustomerDto,
  consented: ReadonlySet<string>,
  sentRecently: number,
  now: Date,
): Outcome | null {
  const rules = s.campaign.eligibility;
  const channels = channelOrder(customer.preferredChannels).filter((c) => consented.has(c));
  if (channels.length === 0) return { status: 'skipped', reason: 'no_consent' };
  if (!channels.some((c) => (c === 'email' ? customer.email : customer.phone)))
    return { status: 'failed', reason: 'no_contact' };
  if (rules.frequencyCap && sentRecently >= rules.frequencyCap.max)
    return { status: 'skipped', reason: 'frequency_cap' };
  if (rules.quietHours) {
    const own = customer.customFields.time_zone ?? customer.customFields.timeZone;
    const allowed = nextAllowed(now, isValidTimeZone(own) ? own : s.workspace.timeZone, rules.quietHours);
    if (allowed > now) return { status: 'deferred', reason: 'quiet_hours', notBefore: allowed };
  }
  return null;
}

function message(s: MessageScope, customer: CustomerDto, action: MessageAction): EnqueueManyInput {
  const locale = [customer.locale, s.workspace.locale].find(
    (l): l is 'en' | 'pt-BR' | 'es' => isMessageLocale(l) && Boolean(action.templates[l]),
  );
  const template = action.templates[locale ?? 'en'] ?? action.templates.en;
  const fields = customerFields(customer);
  return {
    customer,
    customerId: customer.id,
    purpose: 'marketing',
    templateKey: 'campaign.message',
    vars: {
      subject: fillTemplate(template.subject, fields),
      body: fillTemplate(template.body, fields),
      short: fillTemplate(template.short ?? template.body, fields),
    },
    localeHint: locale,
    dedupeKey: keyOf(s.campaign.id, customer.id, action.key),
  };
}

/** Every item's message decided for the batch and queued in the outbox by one insert. */
export function bulkMessages(s: MessageScope, all: Item<MessageAction>[]) {
  return runSetBased(s, all, async (sp, items) => {
    const ids = [...new Set(items.map((i) => i.member.customerId))];
    const now = s.ctx.now();
    const cap = s.campaign.eligibility.frequencyCap;
    const customers = await findCustomersByIds(sp, s.ws, ids);
    const consents = await consentedChannels(sp, s.ws, ids, 'marketing');
    const sent = cap ? await messagesSince(sp, s.ws, ids, addDays(now, -cap.days)) : new Map<string, number>();
    const out: [Item<MessageAction>, Outcome][] = [];
    const queued: { item: Item<MessageAction>; input: EnqueueManyInput }[] = [];
    for (const item of items) {
      const id = item.member.customerId;
      const customer = customers.get(id);
      if (!customer) {
        out.push([item, { status: 'failed', reason: 'not_found' }]);
        continue;
      }
      const no = ineligible(s, customer, consents.get(id) ?? new Set(), sent.get(id) ?? 0, now);
      if (no) {
        out.push([item, no]);
        continue;
      }
      sent.set(id, (sent.get(id) ?? 0) + 1);
      queued.push({ item, input: message(s, customer, item.action) });
    }
    const stored = await enqueueNotifications(
      sp,
      s.ctx,
      s.ws,
      queued.map((q) => q.input),
    );
    for (const { item, input } of queued) {
      const row = stored.get(input.dedupeKey);
      out.push([
        item,
        row?.status === 'pending'
          ? { status: 'done', channel: row.channel ?? undefined }
          : { status: 'skipped', reason: row?.error?.split(':')[0] ?? row?.status ?? 'not_queued' },
      ]);
    }
    return out;
  });
}
