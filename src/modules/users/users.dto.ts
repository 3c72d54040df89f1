// Owns the wire shapes of people and their roles.
import { z } from '@hono/zod-openapi';
import type { FieldError } from '../../errors.ts';
import { issueProblem, type Problem, refineProblem } from '../../lib/problems.ts';
import { weakPasswordProblem } from './password.ts';
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
    const weak = password.length >= 10 ? weakPasswordProblem(password) : undefined;
    if (weak) ctx.addIssue({ code: 'custom', ...refineProblem(weak.code) });
  })
  .openapi({ example: 'correct horse battery' });
/** What a password otherwise acceptable shares with its person (their email or name), if anything. */
function personalPasswordProblem(password: string, person: { email?: string; name?: string }): Problem | undefined {
  if (password.length < 10 || weakPasswordProblem(password)) return undefined;
  return weakPasswordProblem(password, person);
}

/** Every reason a new password for this person is refused, as field errors on `password`. */
export function passwordProblems(password: string, person: { email?: string; name?: string }): FieldError[] {
  const issues = Password.safeParse(password).error?.issues ?? [];
  const own = issues.map((i) => ({ path: 'password', message: i.message, ...issueProblem(i) }));
  const personal = personalPasswordProblem(password, person);
  return [...own, ...(personal ? [{ path: 'password', ...personal }] : [])];
}
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
    const personal = b.password ? personalPasswordProblem(b.password, b) : undefined;
    if (personal) ctx.addIssue({ code: 'custom', path: ['password'], ...refineProblem(personal.code) });
  })
  .openapi('CreateMember');
export type CreateMemberInput = z.input<typeof CreateMemberBody>;

// Only the role: a person's name is theirs to change (PATCH /auth/me), and an account may
// belong to several workspaces, whose admins must not rewrite what the others see.
export const UpdateMemberBody = z
  .strictObject({ role: RoleSchema })
  .openapi('UpdateMember', { example: { role: 'agent' } });
export type UpdateMemberInput = z.infer<typeof UpdateMemberBody>;

export const UpdateProfileBody = z
  .strictObject({
    name: PersonName.optional(),
    /** The language of mail to you (the weekly KPI digest); null: the workspace's. */
    locale: z.enum(['en', 'pt-BR', 'es']).nullable().optional(),
    /** Whether you get the weekly KPI digest of the current workspace (managers, admins, owners). */
    kpiDigest: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, refineProblem('at_least_one_of', { fields: 'name, locale, kpiDigest' }))
  .openapi('UpdateProfile');

/** A person named on a record (who invited, who created a token). */
export const PersonRefSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string() }).openapi('PersonRef');
export type PersonRefDto = z.infer<typeof PersonRefSchema>;

export type { Role };
