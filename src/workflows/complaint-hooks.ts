// Wires the complaints domain to the domains it borrows from: revenue from commerce, goodwill
// points through the loyalty ledger (in the approval's own transaction, keyed by the
// compensation so a retry never pays twice), the pyramid tier from the value engine's scores, and
// a follow-up task for whoever resolved a complaint (tasks domain).
import type { Deps } from '../deps.ts';
import { customerNetRevenueMinor } from '../modules/commerce/index.ts';
import type { ComplaintHooks } from '../modules/complaints/index.ts';
import { postManualInTx } from '../modules/loyalty/index.ts';
import { createTask } from '../modules/tasks/index.ts';
import { getWorkspace } from '../modules/workspaces/index.ts';
import { addDays, isoDay } from '../lib/dates.ts';
import { pyramidTierOf } from './score-customers.ts';

const YEAR = 365 * 86_400_000;
/** Days after resolving a complaint by which its resolver checks with the customer that it worked. */
const FOLLOW_UP_DAYS = 3;

/** The follow-up task's title, in the workspace's language (staff read it). */
const followUpTitles = {
  en: (ref: string) => `Check with the customer that complaint ${ref} is solved`,
  'pt-BR': (ref: string) => `Confirmar com o cliente que a reclamação ${ref} foi resolvida`,
  es: (ref: string) => `Confirmar con el cliente que la reclamación ${ref} quedó resuelta`,
};

export function complaintHooks(
  deps: Pick<Deps, 'db' | 'now'>,
  overrides: Partial<ComplaintHooks> = {},
): ComplaintHooks {
  return {
    tierOf: (workspaceId, customerId) => pyramidTierOf(deps.db, workspaceId, customerId),
    revenue12mOf: (workspaceId, customerId, now) =>
      customerNetRevenueMinor(deps.db, workspaceId, customerId, new Date(now.getTime() - YEAR), now),
    postGoodwillPoints: async (tx, g) => {
      const reason = `Complaint ${g.reference}${g.note ? `: ${g.note}` : ''}`.slice(0, 500);
      await postManualInTx(
        tx,
        deps,
        g.workspaceId,
        g.customerId,
        'compensation',
        { points: g.points, reason, idempotencyKey: `complaint-compensation:${g.compensationId}` },
        null,
      );
    },
    followUpResolved: async (tx, c) => {
      if (!c.resolvedBy) return;
      const ctx = { ...deps, db: tx };
      const ws = await getWorkspace(ctx, c.workspaceId);
      const lang = (ws.locale in followUpTitles ? ws.locale : 'en') as keyof typeof followUpTitles;
      await createTask(
        ctx,
        c.workspaceId,
        {
          title: followUpTitles[lang](c.reference),
          customerId: c.customerId,
          assigneeId: c.resolvedBy,
          dueOn: isoDay(addDays(c.resolvedAt, FOLLOW_UP_DAYS)),
          source: 'complaint',
        },
        'complaint',
      );
    },
    ...overrides,
  };
}
