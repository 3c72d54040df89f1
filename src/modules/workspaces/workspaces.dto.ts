// Owns the workspace's wire shapes and their validation.
import { z } from '@hono/zod-openapi';
import type { workspaces } from './workspaces.schema.ts';
import { refineProblem } from '../../lib/problems.ts';

export const locales = ['en', 'pt-BR', 'es'] as const;
export type Locale = (typeof locales)[number];

const currencies = new Set(Intl.supportedValuesOf('currency'));
const timeZones = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export const CurrencyCode = z
  .string()
  .refine((v) => currencies.has(v), refineProblem('currency_code'))
  .openapi({ example: 'BRL' });
export const LocaleCode = z.enum(locales, { error: `must be one of ${locales.join(', ')}` });
export const TimeZone = z
  .string()
  .refine((v) => timeZones.has(v), refineProblem('time_zone'))
  .openapi({ example: 'America/Sao_Paulo' });
export const Slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,46}[a-z0-9])$/, 'must be 3-48 lowercase letters, digits or dashes')
  .openapi({ example: 'acme-retail' });

export const WorkspaceSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    currency: z.string(),
    locale: LocaleCode,
    timeZone: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Workspace');
export type WorkspaceDto = z.infer<typeof WorkspaceSchema>;

export const WorkspaceName = z.string().trim().min(1, 'must not be empty').max(120);

export const CreateWorkspaceBody = z
  .strictObject({
    name: WorkspaceName,
    slug: Slug.optional(),
    currency: CurrencyCode.default('USD'),
    locale: LocaleCode.default('en'),
    timeZone: TimeZone.default('UTC'),
  })
  .openapi('CreateWorkspace');
export type CreateWorkspaceInput = z.input<typeof CreateWorkspaceBody>;

export const UpdateWorkspaceBody = z
  .strictObject({
    name: WorkspaceName.optional(),
    slug: Slug.optional(),
    currency: CurrencyCode.optional(),
    locale: LocaleCode.optional(),
    timeZone: TimeZone.optional(),
  })
  .openapi('UpdateWorkspace');
export type UpdateWorkspaceInput = z.infer<typeof UpdateWorkspaceBody>;

export function toWorkspaceDto(row: typeof workspaces.$inferSelect): WorkspaceDto {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    currency: row.currency,
    locale: row.locale as Locale,
    timeZone: row.timeZone,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
