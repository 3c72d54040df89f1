// Demo defections: every cancelled demo contract feeds the register as a real cancellation would
// (source contract_cancellation, its reason mapped onto the default taxonomy), and a few of those
// customers were won back later. Lapsed customers come from the scoring run that follows the load.
// Runs only for contracts the load inserted, so a re-run adds nothing.
import type { Db } from '../../db/client.ts';
import { recordDefection, recordReactivation } from '../../modules/defections/index.ts';

/** The demo generator's cancellation reasons, as codes of the default taxonomy. */
const reasonCodes: Record<string, string> = {
  price: 'price',
  moved: 'moved_or_no_need',
  service: 'service_failure',
  competitor: 'competitor_offer',
  'no longer needed': 'moved_or_no_need',
};

export type CancelledDemoContract = {
  id: string;
  customerId: string;
  cancelledAt: Date;
  reason: string | null;
};

const DAY = 86_400_000;

export async function loadDemoDefections(
  ctx: { db: Db; now: () => Date },
  workspaceId: string,
  cancelled: CancelledDemoContract[],
): Promise<{ defections: number; reactivations: number }> {
  let defections = 0;
  let reactivations = 0;
  for (const [i, k] of cancelled.entries()) {
    const recorded = await recordDefection(
      ctx,
      workspaceId,
      k.customerId,
      {
        contractId: k.id,
        defectedAt: k.cancelledAt.toISOString(),
        reasonCode: k.reason ? reasonCodes[k.reason] : undefined,
        channel: i % 3 === 0 ? 'phone' : i % 3 === 1 ? 'email' : 'web',
      },
      { source: 'contract_cancellation', recordedBy: 'system' },
    );
    if (!recorded) continue;
    defections++;
    // One in ten came back two months later, when that is not in the future.
    const back = new Date(k.cancelledAt.getTime() + 60 * DAY);
    if (i % 10 === 0 && back < ctx.now()) {
      await recordReactivation(
        ctx,
        workspaceId,
        k.customerId,
        { reactivatedAt: back.toISOString(), defectionId: recorded.defection.id },
        'system',
      );
      reactivations++;
    }
  }
  return { defections, reactivations };
}
