// Owns the wire shapes of products and transactions.
import { z } from '@hono/zod-openapi';
import { FieldErrorSchema, Timestamp } from '../../http/openapi.ts';
import { amountMessage, maxMinor, quantityMessage } from './commerce.rules.ts';
import type { products, transactionLines, transactions } from './commerce.schema.ts';

const Minor = z.number().int(amountMessage).min(0, amountMessage).max(maxMinor, amountMessage);
const Quantity = z
  .union([z.number(), z.string()])
  .refine((v) => /^\d{1,9}(\.\d{1,3})?$/.test(String(v)) && Number(v) > 0, quantityMessage);

export const ProductSchema = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    listPriceMinor: z.number(),
    unitCostMinor: z.number(),
    currency: z.string(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Product');
export type ProductDto = z.infer<typeof ProductSchema>;

const productFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  category: z.string().trim().min(1).max(100),
  listPriceMinor: Minor,
  unitCostMinor: Minor,
  active: z.boolean(),
};
export const CreateProductBody = z
  .strictObject({
    sku: z.string().trim().min(1).max(100),
    ...productFields,
    category: productFields.category.optional(),
    unitCostMinor: Minor.optional(),
    active: z.boolean().optional(),
  })
  .openapi('CreateProduct');
export const UpdateProductBody = z
  .strictObject({
    name: productFields.name.optional(),
    category: productFields.category.nullable().optional(),
    listPriceMinor: Minor.optional(),
    unitCostMinor: Minor.optional(),
    active: z.boolean().optional(),
  })
  .openapi('UpdateProduct', { example: { active: true } });
export const ListProductsQuery = z.strictObject({
  category: z.string().optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(300).optional(),
});

export const LineInput = z.strictObject({
  productId: z.uuid().optional(),
  sku: z.string().min(1).max(100).optional(),
  quantity: Quantity,
  unitPriceMinor: Minor.optional().openapi({ description: "Defaults to the product's list price" }),
  unitCostMinor: Minor.optional().openapi({ description: "Defaults to the product's unit cost" }),
  discountMinor: Minor.optional(),
});

export const CreateTransactionBody = z
  .strictObject({
    customerId: z.uuid().optional(),
    customerExternalId: z.string().min(1).max(200).optional(),
    externalId: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'Your id for the order: posting it again returns the first one' }),
    occurredAt: Timestamp,
    channel: z.string().trim().min(1).max(60).optional(),
    location: z.string().trim().min(1).max(120).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
      .optional(),
    lines: z.array(LineInput).min(1, 'needs at least one line').max(500),
  })
  .openapi('CreateTransaction');
export type CreateTransactionInput = z.infer<typeof CreateTransactionBody>;

export const LineSchema = z
  .object({
    lineNo: z.number(),
    productId: z.uuid().nullable(),
    sku: z.string().nullable(),
    quantity: z.string(),
    unitPriceMinor: z.number(),
    unitCostMinor: z.number(),
    discountMinor: z.number(),
    totalMinor: z.number(),
  })
  .openapi('TransactionLine');

export const TransactionSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    externalId: z.string().nullable(),
    kind: z.enum(['purchase', 'return']),
    originalTransactionId: z.uuid().nullable(),
    occurredAt: z.string(),
    channel: z.string().nullable(),
    location: z.string().nullable(),
    currency: z.string(),
    totalMinor: z.number(),
    discountMinor: z.number(),
    costMinor: z.number(),
    grossMarginMinor: z.number(),
    itemCount: z.number(),
    lines: z.array(LineSchema).optional(),
    createdAt: z.string(),
  })
  .openapi('Transaction');
export type TransactionDto = z.infer<typeof TransactionSchema>;

export const ListTransactionsQuery = z.strictObject({
  customerId: z.uuid().optional(),
  kind: z.enum(['purchase', 'return']).optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(300).optional(),
});

export const CreateReturnBody = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).optional(),
    occurredAt: Timestamp.optional(),
    lines: z
      .array(z.strictObject({ lineNo: z.number().int().min(1), quantity: Quantity }))
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: 'Omit to return everything still returnable' }),
  })
  .openapi('CreateReturn', { example: {} });

export const BatchBody = z
  .strictObject({ items: z.array(z.unknown()).min(1).max(1000, 'at most 1,000 items per call') })
  .openapi('TransactionBatch');
export const BatchResultSchema = z
  .object({
    items: z.array(
      z.object({
        index: z.number(),
        status: z.enum(['created', 'existing', 'error']),
        id: z.uuid().optional(),
        errors: z.array(FieldErrorSchema).optional(),
      }),
    ),
  })
  .openapi('TransactionBatchResult');

export const TransactionSummaryQuery = z.strictObject({ customerId: z.uuid({ error: 'must be a UUID' }) });
export const TransactionSummarySchema = z
  .object({
    customerId: z.uuid(),
    items: z.array(
      z.object({
        currency: z.string(),
        purchases: z.number(),
        returns: z.number(),
        grossRevenueMinor: z.number().openapi({ description: 'Purchases after discounts' }),
        returnedMinor: z.number().openapi({ description: 'Refunded by returns (positive)' }),
        netRevenueMinor: z.number(),
        grossMarginMinor: z.number().openapi({ description: 'Net of returns' }),
        firstPurchaseAt: z.string().nullable(),
        lastPurchaseAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('TransactionSummary');
export type TransactionSummaryDto = z.infer<typeof TransactionSummarySchema>;

// ---- mappers from rows

export const toProductDto = (r: typeof products.$inferSelect): ProductDto => ({
  id: r.id,
  sku: r.sku,
  name: r.name,
  category: r.category,
  listPriceMinor: r.listPriceMinor,
  unitCostMinor: r.unitCostMinor,
  currency: r.currency,
  active: r.active,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export function toTransactionDto(
  r: typeof transactions.$inferSelect,
  lines?: (typeof transactionLines.$inferSelect)[],
): TransactionDto {
  return {
    id: r.id,
    customerId: r.customerId,
    externalId: r.externalId,
    kind: r.kind,
    originalTransactionId: r.originalTransactionId,
    occurredAt: r.occurredAt.toISOString(),
    channel: r.channel,
    location: r.location,
    currency: r.currency,
    totalMinor: r.totalMinor,
    discountMinor: r.discountMinor,
    costMinor: r.costMinor,
    grossMarginMinor: r.grossMarginMinor,
    itemCount: r.itemCount,
    lines: lines?.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      sku: l.sku,
      quantity: String(Number(l.quantity)),
      unitPriceMinor: l.unitPriceMinor,
      unitCostMinor: l.unitCostMinor,
      discountMinor: l.discountMinor,
      totalMinor: l.totalMinor,
    })),
    createdAt: r.createdAt.toISOString(),
  };
}
