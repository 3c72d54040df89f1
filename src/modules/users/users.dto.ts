// Owns the wire shapes of people and their roles.
import { z } from '@hono/zod-openapi';
import { weakPasswordReason } from './password.ts';
import { type Role, roles } from './users.schema.ts';

export const RoleSchema = z.enum(roles, { error: `must be one of ${roles.join(', ')}` }).openapi('Role');
export const Email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((v) => v.trim().toLowerCase())
  .openapi({ example: 'ana@example.com' });
/**
 * A new password: 10 to 200 characters, and not trivially guessed (`weakPasswordReason`). Where
 * the person is known, their form also checks it against their email and name (CreateMemberBody).
 */
export const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters')
  .superRefine((password, ctx) => {
    const reason = password.length >= 10 ? weakPasswordReason(password) : undefined;
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  })
  .openapi({ example: 'correct horse battery' });
export const PersonName = z.string().trim().min(1, 'must not be empty').max(120);

export const MemberSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    joinedAt: z.string(),
  })
  .openapi('Member');
export type MemberDto = z.infer<typeof MemberSchema>;

export const CreateMemberBody = z
  .strictObject({
    email: Email,
    name: PersonName,
    role: RoleSchema,
    password: Password.optional().openapi({ description: 'Required when the person has no Tenure account yet' }),
  })
  .superRefine((b, ctx) => {
    // Only what the person adds: the rest is the field's own check, reported once.
    if (!b.password || b.password.length < 10 || weakPasswordReason(b.password)) return;
    const reason = weakPasswordReason(b.password, { email: b.email, name: b.name });
    if (reason) ctx.addIssue({ code: 'custom', path: ['password'], message: reason });
  })
  .openapi('CreateMember');
export type CreateMemberInput = z.input<typeof CreateMemberBody>;

export const UpdateMemberBody = z.strictObject({ role: RoleSchema.optional(), name: PersonName.optional() }).openapi('UpdateMember');
export type UpdateMemberInput = z.infer<typeof UpdateMemberBody>;

export type { Role };
