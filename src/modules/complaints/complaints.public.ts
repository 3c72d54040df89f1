// Owns what the public (no login) may do: read a workspace's complaint form, register a
// complaint through it, follow it on the tokenised status page and rate the solution once.
// Unknown slugs, disabled forms and wrong tokens all answer the same 404.
import type { Ctx } from '../../deps.ts';
import { conflict, notFound } from '../../errors.ts';
import { findWorkspaceForSlug } from '../workspaces/index.ts';
import type { PublicRegisterInput, PublicStatusDto } from './complaints.dto.ts';
import { type DecoyRow, findDecoyByTokenHash } from './complaints.decoys.repository.ts';
import { decoyStatus, registerDecoy } from './complaints.honeypot.ts';
import { type ComplaintRow, findComplaintByTokenHash, listTransitionRows } from './complaints.repository.ts';
import { hashToken, statusPath, workspaceOfToken } from './complaints.service.ts';
import { rateFromStatusPage } from './complaints.transition.ts';
import { registerComplaint } from './complaints.register.ts';
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
 * A filled honeypot gets an answer no different from a real one (complaints.honeypot.ts) and
 * nothing staff would see is stored. Everything else is registered like an agent's complaint,
 * with source public_form.
 */
export async function submitPublicComplaint(
  ctx: Ctx,
  slug: string,
  input: PublicRegisterInput,
): Promise<PublicSubmission> {
  const { ws, settings } = await openForm(ctx, slug);
  if (input.website && input.website.trim() !== '') {
    const decoy = await registerDecoy(ctx, ws, settings, input);
    return { ...decoy, statusPath: statusPath(decoy.statusToken), stored: false };
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

type Found = { kind: 'complaint'; row: ComplaintRow } | { kind: 'decoy'; row: DecoyRow };

async function complaintOfToken(ctx: Ctx, token: string): Promise<Found> {
  const workspaceId = workspaceOfToken(token);
  if (!workspaceId) throw noComplaint();
  const hash = hashToken(token);
  const row = await findComplaintByTokenHash(ctx.db, workspaceId, hash);
  if (row) return { kind: 'complaint', row };
  const decoy = await findDecoyByTokenHash(ctx.db, workspaceId, hash);
  if (decoy) return { kind: 'decoy', row: decoy };
  throw noComplaint();
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
    decision: decided(r.status)
      ? {
          valid: r.status !== 'invalid' && r.severity !== null,
          reason: r.validityReason,
          decidedAt: r.decidedAt?.toISOString() ?? null,
        }
      : null,
    deadlineAt: r.deadlineAt?.toISOString() ?? null,
    resolution: r.resolvedAt ? { solution: r.solution, resolvedAt: r.resolvedAt.toISOString() } : null,
    satisfaction:
      r.satisfactionScore !== null
        ? {
            score: r.satisfactionScore,
            comment: r.satisfactionComment,
            ratedAt: r.satisfactionAt?.toISOString() ?? null,
          }
        : null,
    canRate: r.status === 'resolved',
    history,
  };
}

export async function publicStatus(ctx: Ctx, token: string): Promise<PublicStatusDto> {
  const found = await complaintOfToken(ctx, token);
  if (found.kind === 'decoy') return decoyStatus(found.row);
  const history = (await listTransitionRows(ctx.db, found.row.workspaceId, found.row.id)).map((t) => ({
    status: t.toStatus,
    at: t.occurredAt.toISOString(),
  }));
  return toPublicStatus(found.row, history);
}

export async function rateSatisfaction(
  ctx: Ctx,
  token: string,
  input: { score: number; comment?: string },
): Promise<PublicStatusDto> {
  const found = await complaintOfToken(ctx, token);
  // A decoy stays "registered", so it is refused as a real registered complaint is.
  if (found.kind === 'decoy') throw conflict('A complaint can be rated once it is resolved');
  await rateFromStatusPage(ctx, found.row, input);
  return publicStatus(ctx, token);
}
