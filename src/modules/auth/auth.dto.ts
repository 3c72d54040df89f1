// Owns the wire shapes of sign-in, sessions and API tokens.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import { RoleSchema } from '../users/index.ts';
import { WorkspaceSchema } from '../workspaces/index.ts';
import type { ApiTokenRow } from './auth.repository.ts';

export const LoginBody = z
  .strictObject({
    email: z.string().trim().min(1, 'must not be empty').max(254),
    password: z.string().min(1, 'must not be empty').max(200),
    workspaceId: z.uuid().optional().openapi({ description: 'Workspace to open; the first one when absent' }),
  })
  .openapi('Login');

export const SwitchWorkspaceBody = z.strictObject({ workspaceId: z.uuid() }).openapi('SwitchWorkspace');

export const MeSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }).nullable(),
    via: z.enum(['session', 'token']),
    role: RoleSchema,
    workspace: WorkspaceSchema,
    workspaces: z.array(z.object({ id: z.uuid(), name: z.string(), role: RoleSchema })),
  })
  .openapi('Me');
export type MeDto = z.infer<typeof MeSchema>;

export const ApiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the token, to recognise it' }),
    role: RoleSchema,
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');
export type ApiTokenDto = z.infer<typeof ApiTokenSchema>;

export const CreatedApiTokenSchema = ApiTokenSchema.extend({
  token: z.string().openapi({ description: 'The secret, shown this once; store it now' }),
}).openapi('CreatedApiToken');

export const CreateApiTokenBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(120),
    role: RoleSchema,
    expiresAt: Timestamp.optional().openapi({ description: 'When the token stops working; never when absent' }),
  })
  .openapi('CreateApiToken');
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenBody>;

export function toApiTokenDto(row: ApiTokenRow): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
