// Workflow: a next-best offer made through another domain, from the customer 360. By a task: a
// task for a colleague to offer the product (tasks), recorded as offered (affinity). By a
// campaign: the customer tagged `offer:<sku>` (customers) and so in the product's offer segment — a
// campaign segment on that tag (campaigns), made the first time and reused after — recorded as
// offered with the segment. The affinity checks (active product, consent, not declined lately)
// come first; each offer's writes are one transaction. Words made here are in the workspace's language.
import type { Deps } from '../deps.ts';
import { checkOfferable, lastOfferSegment, type OfferActions, recordOfferEvent } from '../modules/affinity/index.ts';
import { createSegment } from '../modules/campaigns/index.ts';
import { customerTags, updateCustomer } from '../modules/customers/index.ts';
import { createTask } from '../modules/tasks/index.ts';
import { getWorkspace } from '../modules/workspaces/index.ts';

const words = {
  en: { task: (p: string) => `Offer ${p}`, segment: (p: string) => `Offer: ${p}` },
  'pt-BR': { task: (p: string) => `Oferecer ${p}`, segment: (p: string) => `Oferta: ${p}` },
  es: { task: (p: string) => `Ofrecer ${p}`, segment: (p: string) => `Oferta: ${p}` },
};

const wordsFor = async (deps: Deps, workspaceId: string) => {
  const { locale } = await getWorkspace(deps, workspaceId);
  return words[(locale in words ? locale : 'en') as keyof typeof words];
};

/** The tag that puts a customer in a product's offer segment (customers' tags are at most 60 characters). */
export const offerTag = (sku: string) => `offer:${sku.toLowerCase()}`.slice(0, 60);

export function offerActions(deps: Deps): OfferActions {
  return {
    byTask: async (workspaceId, customerId, productId, input, actor) => {
      const product = await checkOfferable(deps, workspaceId, customerId, productId);
      const w = await wordsFor(deps, workspaceId);
      return deps.db.transaction(async (tx) => {
        const ctx = { ...deps, db: tx };
        const task = await createTask(
          ctx,
          workspaceId,
          {
            title: w.task(product.name),
            customerId,
            assigneeId: input.assigneeId,
            dueOn: input.dueOn,
            source: 'offer',
          },
          actor,
        );
        const event = await recordOfferEvent(ctx, workspaceId, {
          customerId,
          productId,
          outcome: 'offered',
          channel: 'task',
          taskId: task.id,
          recordedBy: actor,
        });
        return { event, taskId: task.id };
      });
    },
    byCampaign: async (workspaceId, customerId, productId, actor) => {
      const product = await checkOfferable(deps, workspaceId, customerId, productId);
      const w = await wordsFor(deps, workspaceId);
      const tag = offerTag(product.sku);
      return deps.db.transaction(async (tx) => {
        const ctx = { ...deps, db: tx };
        const tags = (await customerTags(tx, workspaceId, [customerId])).get(customerId) ?? [];
        if (!tags.includes(tag)) await updateCustomer(ctx, workspaceId, customerId, { tags: [...tags, tag] });
        let segmentId = await lastOfferSegment(ctx, workspaceId, productId);
        const segmentName = w.segment(product.name);
        if (!segmentId)
          segmentId = (
            await createSegment(
              ctx,
              workspaceId,
              { name: segmentName, definition: { all: [{ field: 'tags', any: [tag] }] } },
              actor,
            )
          ).id;
        const event = await recordOfferEvent(ctx, workspaceId, {
          customerId,
          productId,
          outcome: 'offered',
          channel: 'campaign',
          segmentId,
          recordedBy: actor,
        });
        return { event, segmentId, segmentName };
      });
    },
  };
}
