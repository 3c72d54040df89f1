// Turns customer input into column values (phones normalised, manager and custom fields
// checked) and the rules every write shares: a defected customer has a date, external ids are unique.
import { AppError, type FieldError, unlessNotFound } from '../../errors.ts';
import { defaultCountryCode, normalizePhone } from '../../lib/phone.ts';
import { getMember } from '../users/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import { missingRequiredFields, validateCustomFields } from './custom-fields.ts';
import type { CreateCustomerInput, UpdateCustomerInput } from './customers.dto.ts';
import type { Ctx } from './customers.mappers.ts';
import { type CustomerInsert, type CustomerRow, listCustomFieldRows } from './customers.repository.ts';
import { problem } from '../../lib/problems.ts';

/**
 * Turns validated input into column values, checking what needs the database. `createOnly`,
 * when given, collects what would stop the input from creating a customer though it may
 * still update one (required custom fields left out).
 */
export async function toColumns(
  ctx: Ctx,
  workspaceId: string,
  input: CreateCustomerInput | UpdateCustomerInput,
  creating: boolean,
  createOnly?: FieldError[],
): Promise<Partial<CustomerInsert>> {
  const errors: FieldError[] = [];
  const cols: Partial<CustomerInsert> = {};
  const copy = [
    'kind',
    'name',
    'email',
    'address',
    'locale',
    'birthDate',
    'externalId',
    'acquisitionChannel',
    'status',
    'defectionReason',
    'accountManagerId',
    'declaredWalletMinor',
  ] as const;
  for (const k of copy) if (input[k] !== undefined) (cols as Record<string, unknown>)[k] = input[k];
  if (input.acquiredAt !== undefined) cols.acquiredAt = input.acquiredAt ? new Date(input.acquiredAt) : null;
  if (input.defectedAt !== undefined) cols.defectedAt = input.defectedAt ? new Date(input.defectedAt) : null;
  if (input.tags) cols.tags = [...new Set(input.tags)];
  if (input.preferredChannels) cols.preferredChannels = [...new Set(input.preferredChannels)];
  if (input.otherEmails) cols.otherEmails = [...new Set(input.otherEmails)];

  const phones = [input.phone, ...(input.otherPhones ?? [])].filter((p): p is string => typeof p === 'string');
  if (phones.length > 0) {
    const { currency } = await getWorkspace(ctx, workspaceId);
    const cc = defaultCountryCode(currency);
    const normalised = phones.map((p, i) => {
      const r = normalizePhone(p, cc);
      if (!r.ok)
        errors.push({
          path: input.phone && i === 0 ? 'phone' : `otherPhones.${input.phone ? i - 1 : i}`,
          code: r.code,
          message: r.message,
        });
      return r.ok ? r.e164 : p;
    });
    if (input.phone) cols.phone = normalised.shift();
    if (input.otherPhones) cols.otherPhones = [...new Set(normalised)];
  }
  if (input.phone === null) cols.phone = null;

  if (input.accountManagerId && !(await unlessNotFound(getMember(ctx, workspaceId, input.accountManagerId))))
    errors.push({ path: 'accountManagerId', ...problem('not_a_member') });
  if (input.customFields !== undefined || creating || createOnly) {
    const defs = await listCustomFieldRows(ctx.db, workspaceId);
    const checked = validateCustomFields(defs, input.customFields ?? {}, { requireAll: creating });
    errors.push(...checked.errors);
    createOnly?.push(...missingRequiredFields(defs, input.customFields ?? {}));
    if (input.customFields !== undefined) cols.customFields = checked.values;
  }
  if (errors.length)
    throw new AppError('validation_failed', 'The customer has invalid fields; see errors', { fields: errors });
  return cols;
}

export function assertDefection(row: Pick<CustomerRow, 'status' | 'defectedAt' | 'defectionReason'>) {
  if (row.status === 'defected' && !row.defectedAt) {
    throw new AppError('validation_failed', 'A defected customer needs the defection date', {
      fields: [{ path: 'defectedAt', ...problem('required_when_defected') }],
    });
  }
}

export const externalIdTaken = (externalId: string | null | undefined) =>
  new AppError('conflict', `Another customer already has the external id "${externalId}"`);
