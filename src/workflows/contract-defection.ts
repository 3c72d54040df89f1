// Contract cancellations feed the defection register: a cancelled contract records a defection
// (source contract_cancellation) in the cancellation's own transaction, so both happen or neither.
// Contracts know nothing of defections; app.ts hands them this follower. When the cancellation
// reason is one of the workspace's reason codes it becomes the defection's reason; otherwise the
// reason waits for the exit survey and the words are kept as free text.
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import type { ContractDto, OnContractCancelled } from '../modules/contracts/index.ts';
import { listReasonCodes, recordDefection } from '../modules/defections/index.ts';

export function defectionOnCancellation(deps: Pick<Deps, 'now'>): OnContractCancelled {
  return async (tx: Db, workspaceId: string, contract: ContractDto) => {
    const reason = contract.cancellationReason?.trim() ?? '';
    const codes = await listReasonCodes(tx, workspaceId);
    const known = codes.has(reason);
    await recordDefection(
      { db: tx, now: deps.now },
      workspaceId,
      contract.customerId,
      {
        defectedAt: contract.cancelledAt ?? undefined,
        reasonCode: known ? reason : undefined,
        freeText: known || !reason ? undefined : reason.slice(0, 2000),
        contractId: contract.id,
      },
      { source: 'contract_cancellation', recordedBy: 'system' },
    );
  };
}
