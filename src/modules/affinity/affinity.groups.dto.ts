// Shapes of bundles (suggested and defined, with adoption), micro-segments and offer events.
import { z } from '@hono/zod-openapi';
import { CalendarDate } from '../../http/openapi.ts';
import { bundleStatuses, offerOutcomes } from './affinity.schema.ts';

const ProductRef = z.object({ id: z.uuid(), sku: z.string(), name: z.string(), listPriceMinor: z.number() });

export const BundleSuggestionSchema = z
  .object({
    products: z.array(ProductRef),
    count: z.number().openapi({ description: 'Orders holding every product' }),
    support: z.number(),
    lift: z.number().openapi({ description: 'How many times as often as by chance the products are bought together' }),
    marginMinor: z.number().openapi({ description: "Sum of the products' unit margins" }),
    valueMinor: z.number().openapi({ description: 'Extra margin per order: (support − chance) × margin' }),
  })
  .openapi('BundleSuggestion');

export const CreateBundleBody = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    productIds: z
      .array(z.uuid())
      .min(2)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'products must differ'),
    priceMinor: z.number().int().min(0).max(1e13),
  })
  .openapi('CreateBundle', {
    example: {
      name: 'Tea set',
      productIds: ['0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11', '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e12'],
      priceMinor: 4_500,
    },
  });
export type CreateBundleInput = z.infer<typeof CreateBundleBody>;

export const BundleSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    products: z.array(ProductRef),
    priceMinor: z.number(),
    listTotalMinor: z.number(),
    discountMinor: z.number(),
    currency: z.string(),
    status: z.enum(bundleStatuses),
    createdAt: z.string(),
    adoption: z.object({
      buyers: z.number().openapi({ description: 'Customers who bought every product in one order' }),
      customers: z.number().openapi({ description: 'Customers with a purchase' }),
      share: z.number(),
      buyerMarginMinor: z.number().nullable().openapi({ description: 'Mean gross margin per buyer' }),
      otherMarginMinor: z.number().nullable().openapi({ description: 'Mean gross margin per other customer' }),
    }),
  })
  .openapi('Bundle');

export const SegmentSchema = z
  .object({
    segment: z.number(),
    size: z.number(),
    share: z.number().openapi({ description: 'Share of the placed customers' }),
    valueMinor: z.number(),
    meanValueMinor: z.number(),
    categories: z.array(z.object({ category: z.string(), share: z.number() })),
    churnRisk: z.number().nullable(),
    churnScored: z.number(),
    bestOffer: z
      .object({ productId: z.uuid(), name: z.string(), expectedMarginMinor: z.number() })
      .nullable()
      .openapi({ description: 'The product whose expected margin summed over the members is highest' }),
  })
  .openapi('MicroSegment');

export const SegmentsSchema = z.object({
  runId: z.uuid().nullable(),
  k: z.number().nullable(),
  silhouette: z.number().nullable(),
  currency: z.string().nullable(),
  items: z.array(SegmentSchema),
});

export const OfferParams = z.object({
  id: z.uuid({ error: 'must be a UUID' }).openapi({ param: { name: 'id', in: 'path' } }),
  productId: z.uuid({ error: 'must be a UUID' }).openapi({ param: { name: 'productId', in: 'path' } }),
});

export const OfferOutcomeBody = z
  .strictObject({ outcome: z.enum(offerOutcomes) })
  .openapi('OfferOutcome', { example: { outcome: 'declined' } });

export const OfferTaskBody = z
  .strictObject({ assigneeId: z.uuid(), dueOn: CalendarDate.optional() })
  .openapi('OfferTask', { example: { assigneeId: '0193a7e2-7c1e-7cc0-b3a4-3f1c2a9d4e11' } });

export const OfferEventSchema = z
  .object({
    id: z.uuid(),
    productId: z.uuid(),
    outcome: z.enum(offerOutcomes),
    channel: z.enum(['task', 'campaign', 'manual']),
    taskId: z.uuid().nullable(),
    segmentId: z.uuid().nullable(),
    at: z.string(),
  })
  .openapi('OfferEvent');
