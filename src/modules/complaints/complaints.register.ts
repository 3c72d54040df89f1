// Registering a complaint (by an agent, or the public form through complaints.public.ts): the
// customer found or created, the category and phone checked, routing to a team member, the SLA
// planned, a status token issued; the complaint and its events commit in one transaction.
import { recordChange } from '../audit/index.ts';
import { unlessNotFound } from '../../errors.ts';
import type { Ctx } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { newId } from '../../ids.ts';
import { defaultCountryCode, normalizePhone } from '../../lib/phone.ts';
import { createCustomer, findCustomerByContact, getCustomer } from '../customers/index.ts';
import { recordEvents } from '../events/index.ts';
import { getWorkspace, type Locale, type WorkspaceDto } from '../workspaces/index.ts';
import { type ComplaintRow, insertComplaint, insertTransition, nextReferenceNumber } from './complaints.repository.ts';
import type { AttachmentMeta } from './complaints.schema.ts';
import { loadSettings } from './complaints.settings.ts';
import { pickAssignee, teamForCategory } from './complaints.teams.repository.ts';
import { complaintEvent, invalid, issueStatusToken } from './complaints.service.ts';
import { problem } from '../../lib/problems.ts';

export type RegistrationInput = {
  customerId?: string;
  customer?: { name: string; email?: string; phone?: string; locale?: Locale };
  category: string;
  channel: string;
  subject: string;
  description: string;
  attachments?: AttachmentMeta[];
  locale?: Locale;
};

export type Registered = { complaint: ComplaintRow; statusToken: string };

/** The customer the complaint is about: the given id, else matched by email/phone, else created. */
async function resolveCustomer(
  ctx: Ctx,
  ws: WorkspaceDto,
  input: RegistrationInput,
  fieldPrefix: string,
): Promise<{ id: string; locale: string | null }> {
  if (input.customerId) {
    const found = await unlessNotFound(getCustomer(ctx, ws.id, input.customerId));
    if (!found) throw invalid([{ path: 'customerId', ...problem('no_such_customer') }]);
    return { id: found.id, locale: found.locale };
  }
  const c = input.customer as NonNullable<RegistrationInput['customer']>;
  const phone = checkedPhone(ws, c.phone, fieldPrefix);
  const match = await findCustomerByContact(ctx.db, ws.id, { email: c.email, phone });
  if (match) return { id: match.id, locale: match.locale };
  const created = await createCustomer(ctx, ws.id, {
    name: c.name,
    email: c.email,
    phone,
    locale: c.locale,
    acquisitionChannel: 'complaint',
  });
  return { id: created.id, locale: created.locale };
}

// The checks a registration fails before anything is written; the public form's honeypot runs
// them too, so a bot cannot tell it apart by a 422.
export function checkCategory(settings: { categories: string[] }, category: string): void {
  if (!settings.categories.includes(category))
    throw invalid([
      { path: 'category', ...problem('custom_field_option', { allowed: settings.categories.join(', ') }) },
    ]);
}

export function checkedPhone(
  ws: Pick<WorkspaceDto, 'currency'>,
  phone: string | undefined,
  fieldPrefix: string,
): string | undefined {
  if (!phone) return undefined;
  const r = normalizePhone(phone, defaultCountryCode(ws.currency));
  if (!r.ok) throw invalid([{ path: `${fieldPrefix}phone`, message: r.message }]);
  return r.e164;
}

/** The next reference of the workspace's year, `C-2026-000042`. */
export const takeReference = async (tx: Db, workspaceId: string, year: number) =>
  `C-${year}-${String(await nextReferenceNumber(tx, workspaceId, year)).padStart(6, '0')}`;

export async function registerComplaint(
  ctx: Ctx,
  workspaceId: string,
  input: RegistrationInput,
  by: { label: string; source: 'agent' | 'public_form'; fieldPrefix?: string },
): Promise<Registered> {
  const settings = await loadSettings(ctx.db, workspaceId);
  checkCategory(settings, input.category);
  const ws = await getWorkspace(ctx, workspaceId);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { db: tx, now: ctx.now };
    const customer = await resolveCustomer(txCtx, ws, input, by.fieldPrefix ?? 'customer.');
    const now = ctx.now();
    const year = now.getUTCFullYear();
    const reference = await takeReference(tx, workspaceId, year);
    const team = await teamForCategory(tx, workspaceId, input.category);
    const assigneeId = team ? await pickAssignee(tx, workspaceId, team, now) : undefined;
    const row = await insertComplaint(tx, {
      workspaceId,
      id: newId(),
      reference,
      customerId: customer.id,
      category: input.category,
      channel: input.channel,
      source: by.source,
      subject: input.subject,
      description: input.description,
      attachments: input.attachments ?? [],
      locale: customer.locale ?? input.locale ?? input.customer?.locale ?? ws.locale,
      status: 'registered',
      teamId: team?.id ?? null,
      assigneeId: assigneeId ?? null,
      handlingCostMinor: settings.handlingCostMinor,
      registeredAt: now,
      registeredBy: by.label,
      createdAt: now,
      updatedAt: now,
    });
    await insertTransition(tx, {
      workspaceId,
      id: newId(),
      complaintId: row.id,
      fromStatus: null,
      toStatus: 'registered',
      actor: by.label,
      note: null,
      occurredAt: now,
    });
    const statusToken = await issueStatusToken(tx, ctx, workspaceId, row.id);
    const events = [
      complaintEvent(
        'complaint.registered',
        row,
        `registered: ${row.subject}`,
        { subject: row.subject, registeredAt: now.toISOString() },
        statusToken,
      ),
    ];
    if (assigneeId)
      events.push(complaintEvent('complaint.assigned', row, 'assigned', { by: 'routing', previousAssigneeId: null }));
    await recordEvents(tx, ctx, workspaceId, events);
    // The public form has no signed-in actor; the register's own transition row names its source.
    if (by.source === 'agent')
      await recordChange(tx, now, {
        workspaceId,
        action: 'complaint.register',
        entityType: 'complaints',
        entityId: row.id,
        customerId: row.customerId,
        detail: {
          after: { reference: row.reference, category: row.category, channel: row.channel, subject: row.subject },
        },
      });
    return { complaint: row, statusToken };
  });
}
