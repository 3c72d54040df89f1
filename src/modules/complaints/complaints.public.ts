// Owns what the public (no login) may do: read a workspace's complaint form, register a
// complaint through it, follow it on the tokenised status page and rate the solution once.
// Unknown slugs, disabled forms and wrong tokens all answer the same 404.
import { randomBytes } from 'node:crypto';
import { notFound } from '../../errors.ts';
import { findWorkspaceForSlug } from '../workspaces/index.ts';
import type { PublicRegisterInput, PublicStatusDto } from './complaints.dto.ts';
import { type ComplaintRow, findComplaintByTokenHash, listTransitionRows } from './complaints.repository.ts';
import { type Ctx, hashToken, rateFromStatusPage, registerComplaint, statusPath, workspaceOfToken } from './complaints.service.ts';
import { loadSettings } from './complaints.settings.ts';
import type { ComplaintStatus } from './complaints.status.ts';

const noForm = () => notFound('Complaint form');
const noComplaint = () => notFound('Complaint');

async function openForm(ctx: Ctx, slug: string) {
  const ws = await findWorkspaceForSlug(ctx, slug);
  if (!ws) throw noForm();
  const settings = await loadSettings(ctx.db, ws.id);
  if (!settings.publicFormEnabled) throw noForm();
  return { ws, settings };
}

export async function publicForm(ctx: Ctx, slug: string) {
  const { ws, settings } = await openForm(ctx, slug);
  return { workspace: { name: ws.name, locale: ws.locale }, categories: settings.categories };
}

export type PublicSubmission = { reference: string; statusToken: string; statusPath: string; stored: boolean };

/**
 * A filled honeypot gets an answer shaped like success, so a bot learns nothing, and nothing is
 * stored. Everything else is registered like an agent's complaint, with source public_form.
 */
export async function submitPublicComplaint(ctx: Ctx, slug: string, input: PublicRegisterInput): Promise<PublicSubmission> {
  const { ws } = await openForm(ctx, slug);
  if (input.website && input.website.trim() !== '') {
    const token = randomBytes(48).toString('base64url');
    return { reference: `C-${ctx.now().getUTCFullYear()}-${String(randomBytes(3).readUIntBE(0, 3) % 1_000_000).padStart(6, '0')}`, statusToken: token, statusPath: statusPath(token), stored: false };
  }
  const { complaint, statusToken } = await registerComplaint(
    ctx,
    ws.id,
    {
      customer: { name: input.name, email: input.email, phone: input.phone, locale: input.locale },
      category: input.category,
      channel: 'web',
      subject: input.subject,
      description: input.description,
      attachments: input.attachments,
      locale: input.locale,
    },
    { label: 'customer', source: 'public_form', fieldPrefix: '' },
  );
  return { reference: complaint.reference, statusToken, statusPath: statusPath(statusToken), stored: true };
}

async function complaintOfToken(ctx: Ctx, token: string): Promise<ComplaintRow> {
  const workspaceId = workspaceOfToken(token);
  if (!workspaceId) throw noComplaint();
  const row = await findComplaintByTokenHash(ctx.db, workspaceId, hashToken(token));
  if (!row) throw noComplaint();
  return row;
}

const decided = (s: string) => !['registered', 'under_analysis'].includes(s);

/** What the customer may see: their own words, the decision and its reason, the solution. Internal notes and people stay inside. */
function toPublicStatus(r: ComplaintRow, history: { status: string; at: string }[]): PublicStatusDto {
  return {
    reference: r.reference,
    status: r.status as ComplaintStatus,
    category: r.category,
    subject: r.subject,
    description: r.description,
    locale: r.locale,
    registeredAt: r.registeredAt.toISOString(),
    decision: decided(r.status) ? { valid: r.status !== 'invalid' && r.severity !== null, reason: r.validityReason, decidedAt: r.decidedAt?.toISOString() ?? null } : null,
    deadlineAt: r.deadlineAt?.toISOString() ?? null,
    resolution: r.resolvedAt ? { solution: r.solution, resolvedAt: r.resolvedAt.toISOString() } : null,
    satisfaction: r.satisfactionScore !== null ? { score: r.satisfactionScore, comment: r.satisfactionComment, ratedAt: r.satisfactionAt?.toISOString() ?? null } : null,
    canRate: r.status === 'resolved',
    history,
  };
}

export async function publicStatus(ctx: Ctx, token: string): Promise<PublicStatusDto> {
  const row = await complaintOfToken(ctx, token);
  const history = (await listTransitionRows(ctx.db, row.workspaceId, row.id)).map((t) => ({ status: t.toStatus, at: t.occurredAt.toISOString() }));
  return toPublicStatus(row, history);
}

export async function rateSatisfaction(ctx: Ctx, token: string, input: { score: number; comment?: string }): Promise<PublicStatusDto> {
  const row = await complaintOfToken(ctx, token);
  await rateFromStatusPage(ctx, row, input);
  return publicStatus(ctx, token);
}
