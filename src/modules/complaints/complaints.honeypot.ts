// Owns the public form's honeypot. A submission that filled the hidden `website` field is a
// bot's, and it must learn nothing from the answer: it is refused for the same reasons as a real
// one (unknown category, bad phone), answered with a reference from the workspace's own sequence
// and a status token of the same shape, and its status page (and a rating attempt) answers like
// a new complaint's. Yet no complaint, customer, event or message exists, so staff never see it.
// No confirmation is sent on purpose: the form would otherwise mail any address a bot typed.
import type { Ctx } from '../../deps.ts';
import type { WorkspaceDto } from '../workspaces/index.ts';
import type { PublicRegisterInput, PublicStatusDto } from './complaints.dto.ts';
import { type DecoyRow, insertDecoy, purgeDecoys } from './complaints.decoys.repository.ts';
import { newStatusToken } from './complaints.service.ts';
import { checkCategory, checkedPhone, takeReference } from './complaints.register.ts';

const KEEP_MS = 90 * 24 * 3_600_000;

export async function registerDecoy(
  ctx: Ctx,
  ws: Pick<WorkspaceDto, 'id' | 'locale' | 'currency'>,
  settings: { categories: string[] },
  input: PublicRegisterInput,
): Promise<{ reference: string; statusToken: string }> {
  checkCategory(settings, input.category);
  checkedPhone(ws, input.phone, '');
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const reference = await takeReference(tx, ws.id, now.getUTCFullYear());
    const { token, hash } = newStatusToken(ws.id);
    // Decoys expire on their own, a few at a time, so they need no job.
    await purgeDecoys(tx, ws.id, new Date(now.getTime() - KEEP_MS), 100);
    await insertDecoy(tx, {
      workspaceId: ws.id,
      tokenHash: hash,
      reference,
      category: input.category,
      subject: input.subject,
      description: input.description,
      locale: input.locale ?? ws.locale,
      registeredAt: now,
    });
    return { reference, statusToken: token };
  });
}

/** The status page of a complaint that was just registered and not yet looked at. */
export function decoyStatus(d: DecoyRow): PublicStatusDto {
  const at = d.registeredAt.toISOString();
  return {
    reference: d.reference,
    status: 'registered',
    category: d.category,
    subject: d.subject,
    description: d.description,
    locale: d.locale,
    registeredAt: at,
    decision: null,
    deadlineAt: null,
    resolution: null,
    satisfaction: null,
    canRate: false,
    history: [{ status: 'registered', at }],
  };
}
