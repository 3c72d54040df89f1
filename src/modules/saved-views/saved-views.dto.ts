// Owns the wire shapes of saved views, and which list screens they may filter.
import { z } from '@hono/zod-openapi';
import { ListCustomersQuery } from '../customers/index.ts';

/**
 * The list screens a view can be saved for, each with the query schema of its list endpoint
 * (paging removed). A filter the endpoint gains (e.g. tier) is accepted here at once.
 */
export const savedViewLists = {
  customers: ListCustomersQuery.omit({ limit: true, cursor: true }),
} as const;
export type SavedViewList = keyof typeof savedViewLists;
const listNames = Object.keys(savedViewLists) as [SavedViewList, ...SavedViewList[]];

export const MAX_VIEWS_PER_LIST = 100;

const Name = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
const Filters = z
  .record(z.string().max(60), z.string().max(500))
  .refine((f) => Object.keys(f).length <= 30, 'at most 30 filters')
  .openapi({
    description: 'The list endpoint\'s query parameters, e.g. {"status": "active", "tag": "vip", "sort": "name"}',
  });

export const SavedViewSchema = z
  .object({
    id: z.uuid(),
    list: z.enum(listNames),
    name: z.string(),
    filters: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SavedView');
export type SavedViewDto = z.infer<typeof SavedViewSchema>;

export const CreateSavedViewBody = z
  .strictObject({ list: z.enum(listNames), name: Name, filters: Filters.optional() })
  .openapi('CreateSavedView', {
    example: { list: 'customers', name: 'VIPs at risk', filters: { status: 'active', tag: 'vip' } },
  });
export type CreateSavedViewInput = z.infer<typeof CreateSavedViewBody>;

export const UpdateSavedViewBody = z
  .strictObject({ name: Name.optional(), filters: Filters.optional() })
  .openapi('UpdateSavedView', { example: { name: 'VIPs' } });
export type UpdateSavedViewInput = z.infer<typeof UpdateSavedViewBody>;

export const ListSavedViewsQuery = z.strictObject({ list: z.enum(listNames).optional() });
