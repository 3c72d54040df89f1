// Owns contract use cases and the status rules: pending → active → cancelled | expired;
// cancelled and expired are final.
import { changedFields, recordChange } from '../audit/index.ts';
import { isoOrNull } from '../../lib/dates.ts';
import type { Db } from '../../db/client.ts';
import type { Ctx } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { decodeIdCursor, encodeIdCursor } from '../../lib/cursor.ts';
import { existingCustomerIds } from '../customers/index.ts';
import { getWorkspace } from '../workspaces/index.ts';
import type { ContractDto, CreateContractInput } from './contracts.dto.ts';
import {
  type ContractRow,
  findContract,
  findContractByExternalId,
  listContractRows,
  updateContractRow,
} from './contracts.repository.ts';
import { insertContracts } from './contracts.sources.ts';
import { problem } from '../../lib/problems.ts';

type Status = ContractRow['status'];

const allowed: Record<Status, Status[]> = {
  pending: ['active', 'cancelled'],
  active: ['cancelled', 'expired'],
  cancelled: [],
  expired: [],
};

export const toContractDto = (r: ContractRow): ContractDto => ({
  id: r.id,
  customerId: r.customerId,
  externalId: r.externalId,
  plan: r.plan,
  status: r.status,
  startedAt: r.startedAt.toISOString(),
  endsAt: isoOrNull(r.endsAt),
  renewsAt: isoOrNull(r.renewsAt),
  monthlyValueMinor: r.monthlyValueMinor,
  currency: r.currency,
  termMonths: r.termMonths,
  paymentMethod: r.paymentMethod,
  cancelledAt: isoOrNull(r.cancelledAt),
  cancellationReason: r.cancellationReason,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function createContract(
  ctx: Ctx,
  workspaceId: string,
  input: CreateContractInput,
): Promise<{ contract: ContractDto; created: boolean }> {
  if (input.externalId) {
    const prior = await findContractByExternalId(ctx.db, workspaceId, input.externalId);
    if (prior) return { contract: toContractDto(prior), created: false };
  }
  if (!(await existingCustomerIds(ctx.db, workspaceId, [input.customerId])).has(input.customerId)) {
    throw new AppError('validation_failed', 'No such customer in this workspace', {
      fields: [{ path: 'customerId', ...problem('no_such_customer') }],
    });
  }
  const { currency } = await getWorkspace(ctx, workspaceId);
  const now = ctx.now();
  const [row] = await insertContracts(ctx.db, [
    {
      workspaceId,
      id: newId(),
      customerId: input.customerId,
      externalId: input.externalId ?? null,
      plan: input.plan,
      status: input.status ?? 'active',
      startedAt: new Date(input.startedAt),
      endsAt: input.endsAt ? new Date(input.endsAt) : null,
      renewsAt: input.renewsAt ? new Date(input.renewsAt) : null,
      monthlyValueMinor: input.monthlyValueMinor,
      termMonths: input.termMonths ?? null,
      paymentMethod: input.paymentMethod ?? null,
      currency,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  if (!row)
    return {
      contract: toContractDto(
        (await findContractByExternalId(ctx.db, workspaceId, input.externalId as string)) as ContractRow,
      ),
      created: false,
    };
  return { contract: toContractDto(row), created: true };
}

export async function getContract(ctx: Ctx, workspaceId: string, id: string): Promise<ContractDto> {
  const row = await findContract(ctx.db, workspaceId, id);
  if (!row) throw notFound('Contract');
  return toContractDto(row);
}

function assertTransition(from: Status, to: Status) {
  if (from !== to && !allowed[from].includes(to))
    throw new AppError('conflict', `A ${from} contract cannot become ${to}`);
}

export async function updateContract(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  patch: {
    plan?: string;
    status?: 'pending' | 'active' | 'expired';
    endsAt?: string | null;
    renewsAt?: string | null;
    monthlyValueMinor?: number;
    termMonths?: number | null;
    paymentMethod?: ContractRow['paymentMethod'];
  },
): Promise<ContractDto> {
  const current = await findContract(ctx.db, workspaceId, id);
  if (!current) throw notFound('Contract');
  if (current.status === 'cancelled' || current.status === 'expired')
    throw new AppError('conflict', `A ${current.status} contract cannot be changed`);
  if (patch.status) assertTransition(current.status, patch.status);
  // The same rule as when the contract was started.
  const endsAt = patch.endsAt === undefined ? undefined : patch.endsAt ? new Date(patch.endsAt) : null;
  if (endsAt && endsAt <= current.startedAt)
    throw new AppError('validation_failed', 'A contract cannot end before it starts', {
      fields: [{ path: 'endsAt', ...problem('after', { other: 'startedAt' }) }],
    });
  return ctx.db.transaction(async (tx) => {
    const row = await updateContractRow(tx, workspaceId, id, {
      plan: patch.plan,
      status: patch.status,
      endsAt,
      renewsAt: patch.renewsAt === undefined ? undefined : patch.renewsAt ? new Date(patch.renewsAt) : null,
      monthlyValueMinor: patch.monthlyValueMinor,
      termMonths: patch.termMonths,
      paymentMethod: patch.paymentMethod,
      updatedAt: ctx.now(),
    });
    const after = toContractDto(row as ContractRow);
    await recordContractChange(tx, ctx, workspaceId, 'contract.update', toContractDto(current), after);
    return after;
  });
}

const recordContractChange = (
  tx: Db,
  ctx: Ctx,
  workspaceId: string,
  action: string,
  before: ContractDto,
  after: ContractDto,
) =>
  recordChange(tx, ctx.now(), {
    workspaceId,
    action,
    entityType: 'contracts',
    entityId: after.id,
    customerId: after.customerId,
    detail: changedFields(before, after),
  });

/** What follows a cancellation in the same transaction (the defection register, wired in app.ts). */
export type OnContractCancelled = (tx: Db, workspaceId: string, contract: ContractDto) => Promise<void>;

export async function cancelContract(
  ctx: Ctx,
  workspaceId: string,
  id: string,
  input: { reason: string; cancelledAt?: string },
  onCancelled?: OnContractCancelled,
): Promise<ContractDto> {
  if (onCancelled)
    return ctx.db.transaction(async (tx) => {
      const contract = await cancelContract({ ...ctx, db: tx }, workspaceId, id, input);
      await onCancelled(tx, workspaceId, contract);
      return contract;
    });
  const current = await findContract(ctx.db, workspaceId, id);
  if (!current) throw notFound('Contract');
  if (current.status === 'cancelled') throw new AppError('conflict', 'The contract is already cancelled');
  assertTransition(current.status, 'cancelled');
  const cancelledAt = input.cancelledAt ? new Date(input.cancelledAt) : ctx.now();
  if (cancelledAt < current.startedAt)
    throw new AppError('validation_failed', 'A contract cannot end before it starts', {
      fields: [{ path: 'cancelledAt', ...problem('not_before', { other: 'startedAt' }) }],
    });
  return ctx.db.transaction(async (tx) => {
    const row = await updateContractRow(tx, workspaceId, id, {
      status: 'cancelled',
      cancelledAt,
      cancellationReason: input.reason,
      updatedAt: ctx.now(),
    });
    const after = toContractDto(row as ContractRow);
    await recordContractChange(tx, ctx, workspaceId, 'contract.cancel', toContractDto(current), after);
    return after;
  });
}

export async function listContracts(
  ctx: Ctx,
  workspaceId: string,
  q: { customerId?: string; status?: string; limit: number; cursor?: string },
) {
  const rows = await listContractRows(
    ctx.db,
    workspaceId,
    q,
    q.limit + 1,
    q.cursor ? decodeIdCursor(q.cursor) : undefined,
  );
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(toContractDto),
    nextCursor: rows.length > q.limit && last ? encodeIdCursor(last.id) : null,
  };
}
