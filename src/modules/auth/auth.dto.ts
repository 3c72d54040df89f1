// Owns the wire shapes of sign-in, sessions and API tokens.
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../../http/openapi.ts';
import {
  Email,
  Password,
  PersonName,
  type PersonRefDto,
  PersonRefSchema,
  type Role,
  RoleSchema,
} from '../users/index.ts';
import { WorkspaceSchema } from '../workspaces/index.ts';
import type { InvitationRow } from './auth.invitations.repository.ts';
import type { ApiTokenRow } from './auth.repository.ts';

export const LoginBody = z
  .strictObject({
    email: z.string().trim().min(1, 'must not be empty').max(254),
    password: z.string().min(1, 'must not be empty').max(200),
    code: z.string().max(20).optional().openapi({
      description:
        'The authenticator code (or a recovery code) of an account with a second factor; without it such an account gets 401 second_factor_required',
    }),
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
    /** A signed-in person's mail preferences (null for a token): language, and the weekly KPI digest here. */
    preferences: z.object({ locale: z.string().nullable(), kpiDigest: z.boolean() }).nullable(),
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
    createdBy: PersonRefSchema.extend({
      role: RoleSchema.nullable().openapi({
        description: "The creator's role here now; null once they left the workspace (the token then stops working)",
      }),
    })
      .nullable()
      .openapi({
        description:
          'Who created the token; it acts as that person (e.g. on complaints assigned to them) and never does more than they may now. Null for tokens made with the CLI, which act as no person',
      }),
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

export type TokenCreator = PersonRefDto & { role: Role | null };

export function toApiTokenDto(row: ApiTokenRow, createdBy: TokenCreator | null): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdBy,
  };
}

export const CreateInvitationBody = z.strictObject({ email: Email, role: RoleSchema }).openapi('CreateInvitation');
export type CreateInvitationInput = z.input<typeof CreateInvitationBody>;

export const InvitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role: RoleSchema,
    invitedBy: PersonRefSchema.nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi('Invitation');
export type InvitationDto = z.infer<typeof InvitationSchema>;

export const CreatedInvitationSchema = InvitationSchema.extend({
  token: z.string().openapi({ description: 'The secret of the link, shown this once' }),
  acceptUrl: z
    .string()
    .openapi({ description: 'The link to give the person invited, shown this once; whoever holds it can accept' }),
}).openapi('CreatedInvitation');
export type CreatedInvitationDto = z.infer<typeof CreatedInvitationSchema>;

export function toInvitationDto(row: InvitationRow, invitedBy: PersonRefDto | null): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    invitedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

const InvitationToken = z.string().min(1, 'must not be empty').max(200);

export const InvitationTokenBody = z.strictObject({ token: InvitationToken }).openapi('InvitationToken');

export const InvitationPreviewSchema = z
  .object({
    workspace: z.object({ id: z.uuid(), name: z.string() }),
    email: z.string(),
    role: RoleSchema,
    invitedBy: z.string().nullable().openapi({ description: "The inviting person's name" }),
    expiresAt: z.string(),
  })
  .openapi('InvitationPreview');
export type InvitationPreviewDto = z.infer<typeof InvitationPreviewSchema>;

export const AcceptInvitationBody = z
  .strictObject({
    token: InvitationToken,
    password: z.string().min(1, 'must not be empty').max(200).openapi({
      description: 'The password of the account with the invited email, or a new one for a person new to Tenure',
    }),
    name: PersonName.optional().openapi({ description: 'Required for a person new to Tenure' }),
  })
  .openapi('AcceptInvitation');
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationBody>;

export const ChangePasswordBody = z
  .strictObject({
    currentPassword: z.string().min(1, 'must not be empty').max(200),
    newPassword: Password,
  })
  .openapi('ChangePassword');
export type ChangePasswordInput = z.infer<typeof ChangePasswordBody>;

export const EndedSessionsSchema = z
  .object({ endedSessions: z.int().openapi({ description: 'How many of your other sessions ended' }) })
  .openapi('EndedSessions');

export const SessionSchema = z
  .object({
    id: z.uuid(),
    current: z.boolean().openapi({ description: 'The session this request came with' }),
    workspace: z.object({ id: z.uuid(), name: z.string() }),
    createdAt: z.string(),
    expiresAt: z.string(),
    ip: z.string().nullable().openapi({ description: 'The address it was opened from, when known' }),
    userAgent: z.string().nullable().openapi({ description: 'The browser or program that opened it, when known' }),
  })
  .openapi('Session');
export type SessionDto = z.infer<typeof SessionSchema>;

export const PasswordResetRequestBody = z
  .strictObject({
    email: z.string().trim().min(1, 'must not be empty').max(254),
    locale: z
      .enum(['en', 'pt-BR', 'es'])
      .optional()
      .openapi({ description: "The e-mail's language; from Accept-Language when absent" }),
  })
  .openapi('PasswordResetRequest');

export const PasswordResetConfirmBody = z
  .strictObject({
    token: z.string().min(1, 'must not be empty').max(200).openapi({ description: 'The secret of the e-mailed link' }),
    newPassword: Password,
  })
  .openapi('PasswordResetConfirm');

export const SecondFactorStatusSchema = z
  .object({
    enabled: z.boolean(),
    recoveryCodesLeft: z.int().openapi({ description: 'Unused recovery codes' }),
  })
  .openapi('SecondFactorStatus');

export const SecondFactorSetupSchema = z
  .object({
    secret: z.string().openapi({ description: 'The key to type into an authenticator app (base32)' }),
    otpauthUrl: z.string().openapi({ description: 'The same key as an otpauth:// link (what a QR code holds)' }),
  })
  .openapi('SecondFactorSetup');

export const SecondFactorCodeBody = z
  .strictObject({ code: z.string().min(1, 'must not be empty').max(20) })
  .openapi('SecondFactorCode');

export const RecoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).openapi({ description: 'Shown this once; each works once' }) })
  .openapi('RecoveryCodes');

export const PasswordConfirmBody = z
  .strictObject({ password: z.string().min(1, 'must not be empty').max(200) })
  .openapi('PasswordConfirm');
