// Owns dated changes of a contract's monthly value (upgrades, downgrades, repricing). A change
// takes effect at its instant and holds until the next one; before the first change the contract
// is worth its starting value. A change must fall inside the contract's life (after it starts,
// before it was cancelled or expired); two changes of one contract at the same instant conflict.
import type { Ctx } from '../../deps.ts';
import { AppError, invalidField, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { ContractValueChangeDto, CreateValueChangeInput } from './contracts.dto.ts';
import { insertValueChange, listValueChangeRows, type ValueChangeRow } from './contracts.changes.repository.ts';
import { findContract } from './contracts.repository.ts';
import { type Problem, problem } from '../../lib/problems.ts';

export const toValueChangeDto = (r: ValueChangeRow): ContractValueChangeDto => ({
  id: r.id,
  contractId: r.contractId,
  effectiveAt: r.effectiveAt.toISOString(),
  monthlyValueMinor: r.monthlyValueMinor,
  createdAt: r.createdAt.toISOString(),
});

const invalidAt = (p: Problem) => invalidField('effectiveAt', p, `The change ${p.message}`);

export async function addValueChange(
  ctx: Ctx,
  workspaceId: string,
  contractId: string,
  input: CreateValueChangeInput,
): Promise<ContractValueChangeDto> {
  const contract = await findContract(ctx.db, workspaceId, contractId);
  if (!contract) throw notFound('Contract');
  const effectiveAt = new Date(input.effectiveAt);
  if (effectiveAt <= contract.startedAt) throw invalidAt(problem('after_contract_start'));
  const ended =
    contract.status === 'cancelled' ? contract.cancelledAt : contract.status === 'expired' ? contract.endsAt : null;
  if (ended && effectiveAt >= ended) throw invalidAt(problem('before_contract_end'));
  const row = await insertValueChange(ctx.db, {
    workspaceId,
    id: newId(),
    contractId,
    effectiveAt,
    monthlyValueMinor: input.monthlyValueMinor,
    createdAt: ctx.now(),
  });
  if (row === 'conflict') throw new AppError('conflict', 'The contract already changes value at that instant');
  return toValueChangeDto(row);
}

export async function listValueChanges(
  ctx: Ctx,
  workspaceId: string,
  contractId: string,
): Promise<ContractValueChangeDto[]> {
  return (await listValueChangeRows(ctx.db, workspaceId, contractId)).map(toValueChangeDto);
}
