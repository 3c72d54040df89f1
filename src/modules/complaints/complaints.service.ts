// Owns complaint use cases: registration (by an agent or the public form) with routing to a
// team member, reading and searching, status transitions with their rules and history, manual
// assignment, and the knowledge-base suggestions. Every change and its domain events commit in
// one transaction.
import { hashToken, newPublicToken, workspaceOfToken } from '../../lib/public-token.ts';
import type { Db } from '../../db/client.ts';
import { AppError, conflict, type FieldError, forbidden, notFound, unlessNotFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { defaultCountryCode, normalizePhone } from '../../lib/phone.ts';
import { createCustomer, findCustomerByContact, getCustomer } from '../customers/index.ts';
import { type NewEvent, recordEvents } from '../events/index.ts';
import { getMember, type Role } from '../users/index.ts';
import { getWorkspace, type Locale, type WorkspaceDto } from '../workspaces/index.ts';
import type { ComplaintDto, ListComplaintsQueryInput, TransitionInput } from './complaints.dto.ts';
import type { ComplaintHooks } from './complaints.hooks.ts';
import {
  type ComplaintInsert,
  type ComplaintRow,
  findComplaint,
  insertComplaint,
  insertStatusToken,
  insertTransition,
  listComplaintRows,
  listTransitionRows,
  nextReferenceNumber,
  searchKnowledge,
  updateComplaintIf,
} from './complaints.repository.ts';
import type { AttachmentMeta } from './complaints.schema.ts';
import { calendarOf, loadSettings, type Settings } from './complaints.settings.ts';
import { planSla, type Severity, type Tier } from './complaints.sla.ts';
import { canMove, type ComplaintStatus, nextStatuses, openStatuses } from './complaints.status.ts';
import { pickAssignee, teamForCategory } from './complaints.teams.repository.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.ts';

export type Ctx = { db: Db; now: () => Date };
/**
 * Who acts: a person (userId) — signed in, or through an API token they made (tokenId too) — a
 * token made by no person (userId null), the customer on the status page, or the system (role null).
 */
export type Actor = { userId: string | null; tokenId: string | null; role: Role | null };

export const actorLabel = (a: Actor) => (a.tokenId ? `token:${a.tokenId}` : a.userId ? `user:${a.userId}` : 'system');
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const mayManage = (role: Role | null) => role === 'owner' || role === 'admin' || role === 'manager';

export function toComplaintDto(r: ComplaintRow): ComplaintDto {
  return {
    id: r.id,
    reference: r.reference,
    customerId: r.customerId,
    category: r.category,
    channel: r.channel,
    source: r.source as ComplaintDto['source'],
    subject: r.subject,
    description: r.description,
    attachments: r.attachments,
    locale: r.locale,
    status: r.status as ComplaintStatus,
    severity: r.severity as Severity | null,
    customerTier: r.customerTier as Tier | null,
    teamId: r.teamId,
    assigneeId: r.assigneeId,
    validityReason: r.validityReason,
    decidedAt: iso(r.decidedAt),
    slaHours: r.slaHours,
    slaBusinessHours: r.slaBusinessHours,
    deadlineAt: iso(r.deadlineAt),
    atRiskAt: iso(r.atRiskAt),
    slaState: r.slaState as ComplaintDto['slaState'],
    breachedAt: iso(r.breachedAt),
    escalatedAt: iso(r.escalatedAt),
    solution: r.solution,
    rootCause: r.rootCause,
    resolvedAt: iso(r.resolvedAt),
    resolvedBy: r.resolvedBy,
    satisfactionScore: r.satisfactionScore,
    satisfactionComment: r.satisfactionComment,
    satisfactionAt: iso(r.satisfactionAt),
    closedAt: iso(r.closedAt),
    handlingCostMinor: r.handlingCostMinor,
    registeredAt: r.registeredAt.toISOString(),
    registeredBy: r.registeredBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}

const invalid = (fields: FieldError[], detail = 'The complaint has invalid fields; see errors') =>
  new AppError('validation_failed', detail, { fields });

// ---- status tokens

export const statusPath = (token: string) => `/api/v1/public/complaints/${token}`;

/** A status-page token (src/lib/public-token.ts). */
export const newStatusToken = newPublicToken;
export { hashToken, workspaceOfToken };

/** Issues another link to the same status page (the resolution message carries a fresh one). */
async function issueStatusToken(tx: Db, ctx: Ctx, workspaceId: string, complaintId: string): Promise<string> {
  const { token, hash } = newStatusToken(workspaceId);
  await insertStatusToken(tx, { workspaceId, tokenHash: hash, complaintId, createdAt: ctx.now() });
  return token;
}

// ---- events

/** What every complaint event carries, so notifications and webhooks need no second read. */
export function eventBase(r: ComplaintRow) {
  return {
    complaintId: r.id,
    reference: r.reference,
    customerId: r.customerId,
    category: r.category,
    severity: r.severity,
    status: r.status,
    channel: r.channel,
    source: r.source,
    locale: r.locale,
    teamId: r.teamId,
    assigneeId: r.assigneeId,
    deadlineAt: iso(r.deadlineAt),
    slaState: r.slaState,
  };
}

export const complaintEvent = (
  type: string,
  r: ComplaintRow,
  summary: string,
  extra: Record<string, unknown> = {},
  statusToken?: string,
): NewEvent => ({
  type,
  customerId: r.customerId,
  summary: `Complaint ${r.reference}: ${summary}`.slice(0, 500),
  payload: { ...eventBase(r), ...extra },
  // The customer's link goes to the notifier only, never to webhooks or the events API.
  ...(statusToken ? { secrets: { statusToken } } : {}),
});

// ---- registration

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
    if (!found) throw invalid([{ path: 'customerId', message: 'is not a customer of this workspace' }]);
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
    throw invalid([{ path: 'category', message: `must be one of: ${settings.categories.join(', ')}` }]);
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
    return { complaint: row, statusToken };
  });
}

// ---- reading

export async function getComplaintRow(ctx: Ctx, workspaceId: string, id: string): Promise<ComplaintRow> {
  const row = await findComplaint(ctx.db, workspaceId, id);
  if (!row) throw notFound('Complaint');
  return row;
}

export async function getComplaint(ctx: Ctx, workspaceId: string, id: string): Promise<ComplaintDto> {
  return toComplaintDto(await getComplaintRow(ctx, workspaceId, id));
}

/** Words → a prefix tsquery (`word:*`), joined with & (all) or | (any). Only letters and digits pass. */
export function toTsQuery(q: string, join: '&' | '|'): string | undefined {
  const words = [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].filter((w) => w.length >= 2).slice(0, 12);
  return words.length ? words.map((w) => `${w}:*`).join(` ${join} `) : undefined;
}

export async function listComplaints(
  ctx: Ctx,
  workspaceId: string,
  q: ListComplaintsQueryInput,
): Promise<{ items: ComplaintDto[]; nextCursor: string | null }> {
  let before: { registeredAt: Date; id: string } | undefined;
  if (q.cursor) {
    const c = decodeTimeCursor(q.cursor);
    before = { registeredAt: c.at, id: c.id };
  }
  const tsquery = q.q ? toTsQuery(q.q, '&') : undefined;
  if (q.q && !tsquery) return { items: [], nextCursor: null };
  const rows = await listComplaintRows(ctx.db, workspaceId, { ...q, tsquery }, q.limit + 1, before);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(toComplaintDto),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor(last.registeredAt, last.id) : null,
  };
}

export async function listTransitions(ctx: Ctx, workspaceId: string, id: string) {
  await getComplaintRow(ctx, workspaceId, id);
  return (await listTransitionRows(ctx.db, workspaceId, id)).map((t) => ({
    id: t.id,
    from: t.fromStatus,
    to: t.toStatus,
    actor: t.actor,
    note: t.note,
    occurredAt: t.occurredAt.toISOString(),
  }));
}

export async function suggestSimilar(
  ctx: Ctx,
  workspaceId: string,
  q: { q: string; category?: string; limit: number },
) {
  const anyWords = toTsQuery(q.q, '|');
  if (!anyWords) return [];
  return (
    await searchKnowledge(
      ctx.db,
      workspaceId,
      { anyWords, allWords: toTsQuery(q.q, '&') as string },
      q.category,
      q.limit,
    )
  ).map((r) => ({
    id: r.id,
    reference: r.reference,
    category: r.category,
    subject: r.subject,
    solution: r.solution,
    rootCause: r.root_cause,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    rank: Math.round(Number(r.rank) * 1e4) / 1e4,
  }));
}

// ---- transitions

/**
 * People other than managers act only on complaints assigned to them (or on unassigned ones),
 * through a session or a token alike; a token made by no person is nobody's assignee.
 */
function assertMayAct(row: ComplaintRow, actor: Actor) {
  if (actor.role === null || mayManage(actor.role)) return;
  if (row.assigneeId && row.assigneeId !== actor.userId)
    throw forbidden('Only the assignee or a manager may change this complaint');
}

function requireFields(input: TransitionInput, names: (keyof TransitionInput)[], to: string) {
  const missing = names
    .filter((n) => input[n] === undefined)
    .map((n) => ({ path: n, message: `is required to move a complaint to ${to}` }));
  if (missing.length) throw invalid(missing);
}

type Change = { patch: Partial<ComplaintInsert>; events: (row: ComplaintRow, tx: Db) => Promise<NewEvent[]> };

async function changeFor(
  ctx: Ctx,
  hooks: ComplaintHooks,
  row: ComplaintRow,
  input: TransitionInput,
  actor: Actor,
  settings: Settings,
): Promise<Change> {
  const now = ctx.now();
  const to = input.to as ComplaintStatus;
  const none = async () => [];
  switch (to) {
    case 'under_analysis':
      // Taking an unassigned complaint makes it yours.
      return { patch: row.assigneeId || !actor.userId ? {} : { assigneeId: actor.userId }, events: none };
    case 'valid': {
      requireFields(input, ['severity', 'reason'], to);
      const tier: Tier = (await hooks.tierOf(row.workspaceId, row.customerId)) ?? 'none';
      const ws = await getWorkspace(ctx, row.workspaceId);
      const plan = planSla({
        registeredAt: row.registeredAt,
        severity: input.severity as Severity,
        tier,
        matrix: settings.slaMatrix,
        calendar: calendarOf(settings, ws.timeZone),
      });
      return {
        patch: {
          severity: input.severity,
          validityReason: input.reason,
          decidedAt: now,
          decidedBy: actorLabel(actor),
          customerTier: tier,
          slaHours: plan.hours,
          slaBusinessHours: plan.businessHours,
          deadlineAt: plan.deadlineAt,
          atRiskAt: plan.atRiskAt,
          slaState: 'on_track',
        },
        events: async (r) => [
          complaintEvent(
            'complaint.validated',
            r,
            `found valid (${r.severity}); due ${plan.deadlineAt.toISOString()}`,
            {
              reason: r.validityReason,
              tier,
              slaHours: plan.hours,
              slaBusinessHours: plan.businessHours,
              atRiskAt: plan.atRiskAt.toISOString(),
            },
          ),
        ],
      };
    }
    case 'invalid':
      requireFields(input, ['reason'], to);
      return {
        patch: { validityReason: input.reason, decidedAt: now, decidedBy: actorLabel(actor) },
        events: async (r) => [
          complaintEvent('complaint.invalidated', r, 'found not valid', { reason: r.validityReason }),
        ],
      };
    case 'in_resolution':
      return { patch: {}, events: none };
    case 'resolved': {
      requireFields(input, ['solution', 'rootCause'], to);
      if (!settings.rootCauses.includes(input.rootCause as string))
        throw invalid([{ path: 'rootCause', message: `must be one of: ${settings.rootCauses.join(', ')}` }]);
      const late = row.deadlineAt !== null && now > row.deadlineAt;
      const slaState = row.slaState === null ? null : late ? 'breached' : 'met';
      return {
        patch: {
          solution: input.solution,
          rootCause: input.rootCause,
          resolvedAt: now,
          resolvedBy: actor.userId ?? row.assigneeId,
          slaState,
          breachedAt: late ? (row.breachedAt ?? row.deadlineAt) : row.breachedAt,
        },
        events: async (r, tx) => {
          const token = await issueStatusToken(tx, ctx, r.workspaceId, r.id);
          return [
            complaintEvent(
              'complaint.resolved',
              r,
              `resolved (${r.rootCause})`,
              {
                solution: r.solution,
                rootCause: r.rootCause,
                resolvedAt: now.toISOString(),
                resolvedBy: r.resolvedBy,
                slaMet: r.slaState === null ? null : r.slaState === 'met',
              },
              token,
            ),
          ];
        },
      };
    }
    case 'satisfaction_checked':
      requireFields(input, ['satisfactionScore'], to);
      return {
        patch: {
          satisfactionScore: input.satisfactionScore,
          satisfactionComment: input.note ?? null,
          satisfactionAt: now,
        },
        events: async (r) => [satisfactionEvent(r, 'agent')],
      };
    case 'closed':
      return {
        patch: { closedAt: now },
        events: async (r) => [
          complaintEvent('complaint.closed', r, 'closed', {
            previousStatus: row.status,
            satisfactionScore: r.satisfactionScore,
            rootCause: r.rootCause,
          }),
        ],
      };
    default:
      throw conflict(`A complaint cannot move back to ${to}`);
  }
}

export const satisfactionEvent = (r: ComplaintRow, via: 'customer' | 'agent') =>
  complaintEvent('complaint.satisfaction_rated', r, `rated ${r.satisfactionScore}/5`, {
    score: r.satisfactionScore,
    comment: r.satisfactionComment,
    resolvedBy: r.resolvedBy,
    via,
  });

export async function transitionComplaint(
  ctx: Ctx,
  hooks: ComplaintHooks,
  workspaceId: string,
  id: string,
  input: TransitionInput,
  actor: Actor,
): Promise<ComplaintDto> {
  const row = await getComplaintRow(ctx, workspaceId, id);
  const to = input.to as ComplaintStatus;
  if (!canMove(row.status as ComplaintStatus, to)) {
    const next = nextStatuses[row.status as ComplaintStatus];
    throw conflict(
      `A complaint that is ${row.status} cannot become ${to}${next.length ? `; it can become ${next.join(' or ')}` : '; it is closed'}`,
    );
  }
  assertMayAct(row, actor);
  const settings = await loadSettings(ctx.db, workspaceId);
  const change = await changeFor(ctx, hooks, row, input, actor, settings);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const updated = await updateComplaintIf(tx, workspaceId, id, row.status, {
      ...change.patch,
      status: to,
      updatedAt: now,
    });
    if (!updated) throw conflict('The complaint changed meanwhile; reload it and try again');
    await insertTransition(tx, {
      workspaceId,
      id: newId(),
      complaintId: id,
      fromStatus: row.status,
      toStatus: to,
      actor: actorLabel(actor),
      note: input.note ?? null,
      occurredAt: now,
    });
    const events = await change.events(updated, tx);
    if (change.patch.assigneeId)
      events.push(
        complaintEvent('complaint.assigned', updated, 'taken by its analyst', {
          by: actorLabel(actor),
          previousAssigneeId: null,
        }),
      );
    await recordEvents(tx, ctx, workspaceId, events);
    return toComplaintDto(updated);
  });
}

/** The customer's rating through the status link: once, and only after resolution. */
export async function rateFromStatusPage(
  ctx: Ctx,
  row: ComplaintRow,
  input: { score: number; comment?: string },
): Promise<ComplaintRow> {
  if (row.status !== 'resolved') {
    throw conflict(
      row.satisfactionScore !== null
        ? 'This complaint has already been rated'
        : 'A complaint can be rated once it is resolved',
    );
  }
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const updated = await updateComplaintIf(tx, row.workspaceId, row.id, 'resolved', {
      status: 'satisfaction_checked',
      satisfactionScore: input.score,
      satisfactionComment: input.comment ?? null,
      satisfactionAt: now,
      updatedAt: now,
    });
    if (!updated) throw conflict('This complaint has already been rated');
    await insertTransition(tx, {
      workspaceId: row.workspaceId,
      id: newId(),
      complaintId: row.id,
      fromStatus: 'resolved',
      toStatus: 'satisfaction_checked',
      actor: 'customer',
      note: null,
      occurredAt: now,
    });
    await recordEvents(tx, ctx, row.workspaceId, [satisfactionEvent(updated, 'customer')]);
    return updated;
  });
}

// ---- manual assignment

export async function assignComplaint(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  input: { assigneeId: string; note?: string },
  actor: Actor,
): Promise<ComplaintDto> {
  const row = await getComplaintRow(ctx, workspaceId, id);
  if (!(openStatuses as readonly string[]).includes(row.status))
    throw conflict(`A complaint that is ${row.status} is no longer assigned`);
  if (!(await unlessNotFound(getMember(ctx, workspaceId, input.assigneeId))))
    throw invalid([{ path: 'assigneeId', message: 'must be a member of this workspace' }]);
  return ctx.db.transaction(async (tx) => {
    const updated = await updateComplaintIf(tx, workspaceId, id, row.status, {
      assigneeId: input.assigneeId,
      updatedAt: ctx.now(),
    });
    if (!updated) throw conflict('The complaint changed meanwhile; reload it and try again');
    await recordEvents(tx, ctx, workspaceId, [
      complaintEvent('complaint.assigned', updated, 'reassigned', {
        by: actorLabel(actor),
        previousAssigneeId: row.assigneeId,
        note: input.note ?? null,
      }),
    ]);
    return toComplaintDto(updated);
  });
}
